/**
 * Reading a runs file (JSON Lines or a runs document) once, handing its runs over a chunk at a time and keeping
 * none: what loadRunsFile reads, with the same issues in the same order (run-name duplicates are found here, over
 * all runs, where the loader finds them over those it kept).
 */
import { DuplicateNames, RunsStreamLoader, type LoadIssue, type Run, type RunsProject } from "@qel/ops";
import { filePieces, type RunsFileProgress } from "../loaders/runs-file.js";

/**
 * Bytes fed to the loader between two hand-overs: the runs of a small piece die young, where those of a whole
 * chunk would outlive the young generation's collections and be copied out of it.
 */
const PIECE = 1 << 16;

export interface StreamedFile {
  /** Runs handed over. */
  readonly runs: number;
  readonly project: RunsProject | null;
  readonly issues: readonly LoadIssue[];
  /**
   * Loading the file whole would not give the runs handed over: a syntax error in a document (nothing loaded), or
   * a document naming its project after runs that were already handed over (loading gives them the project).
   */
  readonly differs: boolean;
}

/**
 * Reads the runs file at `path`, calling `onRuns` with each chunk's runs in file order. Rejects only when the
 * file cannot be read.
 */
export async function streamRunsFile(path: string, onRuns: (runs: readonly Run[]) => void, onProgress?: (p: RunsFileProgress) => void): Promise<StreamedFile> {
  const started = Date.now();
  const loader = new RunsStreamLoader({ fileName: path }, { duplicates: false, bytes: false });
  const duplicates: LoadIssue[] = [];
  const names = new DuplicateNames();
  let count = 0;
  const hand = (runs: readonly Run[]): void => {
    for (let i = 0; i < runs.length; i++) names.add(runs[i]!.name, { file: path, issues: duplicates });
    count += runs.length;
    if (runs.length > 0) onRuns(runs);
  };
  // the loader keeps no byte of a piece and the runs handed over hold none, so two buffers serve every read
  for await (const { bytes, totalBytes, endOfRead } of filePieces(path, PIECE, { reuse: true })) {
    loader.push(bytes);
    hand(loader.drain());
    if (endOfRead) onProgress?.({ runs: count, bytes: loader.byteCount, totalBytes, ms: Date.now() - started });
  }
  const result = loader.end();
  hand(result.runs);
  const issues = [...result.issues, ...duplicates];
  return { runs: count, project: result.project, issues, differs: loader.discarded || loader.lateProject };
}
