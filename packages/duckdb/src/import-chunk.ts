/**
 * One part of a JSON Lines file, read on its own (on a worker thread, import-worker.ts): its runs loaded as the
 * runs-file loader loads them, turned into rows (import-rows.ts), with the issues of its lines numbered from the
 * part's start. import-jsonl.ts moves those numbers by the parts before it.
 */
import { RunsStreamLoader, type LoadIssue } from "@qel/ops";
import { runRows, type RowBatch } from "./import-rows.js";

export interface ChunkJob {
  readonly seq: number;
  /** Whole lines of the file (the last part may end without a line break). */
  readonly bytes: Uint8Array;
  /** Whether the part starts the file (only there is a byte order mark skipped). */
  readonly atFileStart: boolean;
  /** The file's name as issues give it. */
  readonly fileName: string;
}

export interface ChunkRows {
  readonly seq: number;
  readonly rows: RowBatch;
  /** Issues with lines counted from the part's first line, and runs numbered from its first entry (`runs[0]`). */
  readonly issues: LoadIssue[];
  /** Lines and entries the part held (RunsStreamLoader.linesRead). */
  readonly lines: number;
  readonly entries: number;
}

const isBom = (b: Uint8Array): boolean => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

export function readChunk(job: ChunkJob): ChunkRows {
  // the runs become rows at once: their config and summary are kept as parsed, not as bytes to parse again
  const loader = new RunsStreamLoader({ fileName: job.fileName, format: "jsonl" }, { bytes: false });
  if (isBom(job.bytes) && !job.atFileStart) {
    // the loader skips a byte order mark at the start of what it is fed; inside the file one is text, so it is
    // fed in two pieces (the loader's lines run across them)
    loader.push(job.bytes.subarray(0, 1));
    loader.push(job.bytes.subarray(1));
  } else loader.push(job.bytes);
  const runs = loader.drain();
  const { issues } = loader.end();
  // a last line without a line break is read at the end
  for (const r of loader.drain()) runs.push(r);
  return { seq: job.seq, rows: runRows(runs), issues, ...loader.linesRead };
}
