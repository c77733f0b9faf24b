/**
 * Writes runs into a fresh database (tables.ts): each batch of runs becomes rows (import-rows.ts) appended with
 * DuckDB's appender (import-append.ts): one row per run, one per user, one per artifact version and one per
 * history value (long form, in run and step order). A JSON Lines file can instead be read by worker threads
 * (import-jsonl.ts), which build the same rows.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Run, RunsProject } from "@qel/ops";
import { TableWriter, type ImportProgress, type ImportResult } from "./import-append.js";
import { runRows } from "./import-rows.js";

export type { ImportProgress, ImportResult } from "./import-append.js";

export interface ImportOptions {
  readonly project?: RunsProject | null;
  /** Called every 1 000 runs and at the end. */
  readonly onProgress?: (p: ImportProgress) => void;
}

/** Runs turned into rows at a time. */
const SLICE = 2048;

/** Creates the tables and writes `runs` in their order (`_ord` 0, 1, …). The connection's database must be empty. */
export function importRuns(conn: DuckDBConnection, runs: readonly Run[], options: ImportOptions = {}): Promise<ImportResult> {
  return importRunBatches(conn, [runs], options);
}

/**
 * `importRuns` for runs that arrive in batches (a file read in chunks): each batch is written and can then be
 * forgotten, so memory holds one batch, the users and the schema's keys, whatever the number of runs.
 */
export async function importRunBatches(conn: DuckDBConnection, batches: Iterable<readonly Run[]> | AsyncIterable<readonly Run[]>, options: ImportOptions = {}): Promise<ImportResult> {
  const writer = await TableWriter.create(conn, options.onProgress);
  for await (const runs of batches) {
    // a long batch (a whole project in memory) is written a slice at a time, so its rows never all exist at once
    for (let i = 0; i < runs.length; i += SLICE) writer.append(runRows(runs.slice(i, i + SLICE)));
  }
  return writer.finish(options.project ?? null);
}
