/**
 * Loading runs from a path on disk: a canonical runs file, one W&B run folder, a `wandb/` folder, MLflow's
 * `mlruns/` (or one experiment or run of it), or any tree holding them. Every run goes through loadRunsDocument,
 * so all loaders share one validation path.
 */
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { createLoadIssue, loadRunsDocument, type LoadedRuns, type LoadIssue, type Run, type RunsProject } from "@qel/ops";
import { describeProgress, loadRunsFile } from "./runs-file.js";
import { discoverRunFolders } from "./discover.js";
import { errorText, isErrno } from "./wandb-files.js";
import { readRunFolder, type FolderRun } from "./wandb-run-folder.js";
import { mergeResumed } from "./merge-resumed.js";
import type { JsonObject } from "./wandb-replay.js";
import { discoverMlflowRuns, readMlflowRun, type MlflowDiscovery } from "./mlflow.js";

/**
 * Where runs came from: a runs file, one W&B run folder per run (several for a resumed run), or one MLflow run
 * folder per run.
 */
export interface LoadSource {
  readonly kind: "runs-file" | "wandb-run" | "mlflow-run";
  /** As shown in issues. */
  readonly path: string;
  /** Runs loaded from it. */
  readonly runs: number;
  /** Where the run's history rows came from, if it has any (W&B folders only). */
  readonly historyFrom: "wandb-history.jsonl" | ".wandb" | null;
  /** Records read from the folder's `.wandb` log; null when it has none. */
  readonly logRecords: number | null;
}

export interface LoadProgress {
  readonly done: number;
  readonly total: number;
  /** The run folder or file just read. */
  readonly path: string;
  /** For a runs file, read in chunks: runs and megabytes read so far and the rate (`done` counts runs then). */
  readonly detail?: string;
}

export interface LoadPathOptions {
  /** Called after each run folder (W&B or MLflow, or the runs file) has been read. */
  readonly onProgress?: (progress: LoadProgress) => void;
}

export interface LoadPathResult {
  readonly runs: Run[];
  /** The document's project; for run folders, the project all runs agree on (an MLflow experiment's name), else null. */
  readonly project: RunsProject | null;
  readonly issues: LoadIssue[];
  readonly sources: LoadSource[];
}

/** Run folders read at the same time. */
const PARALLEL = 8;

/**
 * Loads runs from `path`:
 * - a file ending in `.json`, `.jsonl` or `.ndjson`: a canonical runs file (see loadRunsDocument), read in chunks
 *   (see loadRunsFile) so its size is bounded by memory for its runs, not by the longest string;
 * - a `.wandb` file: the run folder holding it;
 * - a folder: itself when it is a run folder, else every run folder found under it (see discoverRunFolders).
 *   A run resumed into several folders (same run ID) becomes one run (see mergeResumed). MLflow runs found in or
 *   under it are loaded too (see discoverMlflowRuns), after the W&B runs.
 *
 * Never rejects: a missing path, an unreadable or malformed file, or a folder without runs gives an error issue
 * naming it, and every good run is kept. Issues name files as `path` plus their place below it.
 */
export async function loadRunsFromPath(path: string, opts: LoadPathOptions = {}): Promise<LoadPathResult> {
  const issues: LoadIssue[] = [];
  const empty = (text: string): LoadPathResult => {
    issues.push(createLoadIssue("error", path, "", text));
    return { runs: [], project: null, issues, sources: [] };
  };
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    return empty(isErrno(e, "ENOENT") ? "no such file or folder" : `cannot read (${errorText(e)})`);
  }
  if (!isDir && /\.(jsonl?|ndjson)$/i.test(path)) {
    let r: LoadedRuns;
    try {
      r = await loadRunsFile(path, (p) => opts.onProgress?.({ done: p.runs, total: 0, path, detail: describeProgress(p) }));
    } catch (e) {
      return empty(`cannot read the file (${errorText(e)})`);
    }
    const sources: LoadSource[] = [{ kind: "runs-file", path, runs: r.runs.length, historyFrom: null, logRecords: null }];
    return { runs: r.runs, project: r.project, issues: r.issues, sources };
  }
  if (!isDir && !path.endsWith(".wandb")) {
    return empty("not a runs file (.json, .jsonl, .ndjson), a .wandb log or a folder of W&B or MLflow runs");
  }
  const root = isDir ? path : dirname(path);
  const noMlflow: MlflowDiscovery = { runs: [], issues: [] };
  const [found, mlflow] = await Promise.all([discoverRunFolders(root, root), isDir ? discoverMlflowRuns(root, root) : noMlflow]);
  append(issues, found.issues);
  append(issues, mlflow.issues);
  if (found.folders.length === 0 && mlflow.runs.length === 0) {
    return empty("no W&B run folders (run-*, offline-run-*, dryrun-*) or MLflow runs (mlruns/<experiment>/<run>/meta.yaml) found here or below");
  }

  const total = found.folders.length + mlflow.runs.length;
  let done = 0;
  const progress = (p: string): void => opts.onProgress?.({ done: ++done, total, path: p });
  const read = await inBatches(found.folders, (ref) => readRunFolder(ref, found.sweepOf), (ref) => progress(ref.display));
  const runs: Run[] = [];
  const sources: LoadSource[] = [];
  const projects: RunsProject[] = [];
  for (const { json, folders } of mergeResumed(read, issues)) {
    for (const f of folders) append(issues, f.issues);
    const file = (j: JsonObject): string => (folders.length === 1 ? (folders[0] as FolderRun).ref.display : `${j.name as string} (resumed)`);
    const partFiles = folders.length === 1 ? folders[0]?.partFiles : undefined;
    const loaded = json === null ? 0 : addRun(json, file(json), runs, issues, partFiles);
    for (const f of folders) {
      if (f.project !== null && loaded > 0) projects.push(f.project);
      sources.push({ kind: "wandb-run", path: f.ref.display, runs: loaded, historyFrom: f.historyFrom, logRecords: f.logRecords });
    }
  }
  const mlflowRuns = await inBatches(mlflow.runs, readMlflowRun, (ref) => progress(ref.display));
  for (const { ref, json, project, issues: own } of mlflowRuns) {
    append(issues, own);
    const loaded = json === null ? 0 : addRun(json, ref.display, runs, issues);
    if (project !== null && loaded > 0) projects.push(project);
    sources.push({ kind: "mlflow-run", path: ref.display, runs: loaded, historyFrom: null, logRecords: null });
  }
  if (runs.length === 0 && !issues.some((i) => i.severity === "error")) {
    return empty("run folders were found but none held a usable run");
  }
  return { runs, project: commonProject(projects), issues, sources };
}

/**
 * Validates one RUN object (see loadRunsDocument), adding it to `runs` and its problems to `issues`; 1 when loaded.
 * With `partFiles`, a problem in a part of the run (`summary.x…`) names the file that part was read from.
 */
export function addRun(json: JsonObject, fileName: string, runs: Run[], issues: LoadIssue[], partFiles?: Readonly<Record<string, string>>): number {
  const r = loadRunsDocument([json], { fileName, runPath: () => "" });
  append(runs, r.runs);
  for (const i of r.issues) {
    const part = /^[A-Za-z]+/.exec(i.path)?.[0];
    const file = part !== undefined && partFiles !== undefined && Object.hasOwn(partFiles, part) ? partFiles[part] : undefined;
    const prefix = `${i.file}: ${i.path}: `;
    const moved = file !== undefined && i.line === undefined && i.message.startsWith(prefix);
    issues.push(moved ? createLoadIssue(i.severity, file, i.path, i.message.slice(prefix.length)) : i);
  }
  return r.runs.length;
}

/** Appends `items` to `to` without spreading them into call arguments, which overflows the stack for long lists. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}

export function commonProject(ps: readonly RunsProject[]): RunsProject | null {
  const first = ps[0];
  if (first === undefined) return null;
  return ps.every((p) => p.entity === first.entity && p.name === first.name) ? first : null;
}

/** Applies `f` to every item, PARALLEL at a time, calling `after` as each finishes; results in item order. */
async function inBatches<T, R>(items: readonly T[], f: (item: T) => Promise<R>, after: (item: T) => void): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      const item = items[i] as T;
      out[i] = await f(item);
      after(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}
