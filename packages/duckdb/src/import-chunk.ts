/**
 * One part of a JSON Lines file, read on its own (on a worker thread, import-worker.ts): its runs loaded as the
 * runs-file loader loads them (parallel/line-parts.ts), turned into rows (import-rows.ts), with the issues of its
 * lines numbered from the part's start. import-jsonl.ts moves those numbers by the parts before it.
 */
import type { LoadIssue } from "@qel/ops";
import { runRows, type RowBatch } from "./import-rows.js";
import { loadPart } from "./parallel/line-parts.js";

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

export function readChunk(job: ChunkJob): ChunkRows {
  // the runs become rows at once: their config and summary are kept as parsed, not as bytes to parse again
  const { runs, issues, lines, entries } = loadPart(job.bytes, job.atFileStart, job.fileName);
  return { seq: job.seq, rows: runRows(runs), issues, lines, entries };
}
