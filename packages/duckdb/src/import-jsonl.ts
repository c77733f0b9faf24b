/**
 * `qel import` of a JSON Lines file on worker threads: the file is cut into parts at line ends, workers load each
 * part's runs and turn them into rows (import-chunk.ts), and this thread appends the rows in file order. The
 * database and the issues are those of reading the file on one thread (RunsStreamLoader, then importRunBatches):
 * the same `_ord`s, the issues in the same order with the same lines and run paths, the first failure in file
 * order the one that stops the import. Memory holds a few parts and their rows, whatever the file's size.
 */
import { availableParallelism } from "node:os";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { LoadIssue } from "@qel/ops";
import { TableWriter, type ImportProgress, type ImportResult } from "./import-append.js";
import { readChunk, type ChunkJob, type ChunkRows } from "./import-chunk.js";
import { lineParts, PartIssues } from "./parallel/line-parts.js";
import { moduleWorker, WorkerPool } from "./parallel/worker-pool.js";

export interface JsonLinesOptions {
  /** Worker threads; the machine's cores by default. 0 reads the same parts into the same rows on this thread. */
  readonly workers?: number;
  /** Bytes read at a time: a part is the whole lines they hold (a longer line is read whole). 1 MB by default. */
  readonly chunkBytes?: number;
  /** Called every 1 000 runs and at the end. */
  readonly onProgress?: (p: ImportProgress) => void;
  /** Called after each read, with the bytes read so far and the file's size. */
  readonly onRead?: (bytes: number, totalBytes: number) => void;
}

export interface JsonLinesImport extends ImportResult {
  /** What reading the file found, as the runs-file loader reports it. */
  readonly issues: LoadIssue[];
}

/** Creates the tables in the connection's empty database and writes the runs of the JSON Lines file at `path`. */
export async function importJsonLinesFile(conn: DuckDBConnection, path: string, options: JsonLinesOptions = {}): Promise<JsonLinesImport> {
  const workers = Math.max(0, options.workers ?? availableParallelism());
  const writer = await TableWriter.create(conn, options.onProgress);
  const issues = new PartIssues();
  const take = (part: ChunkRows): void => {
    writer.append(part.rows);
    issues.take(part);
  };
  type Pool = Pick<WorkerPool<ChunkJob, ChunkRows>, "run" | "close">;
  const pool: Pool = workers > 0
    ? new WorkerPool<ChunkJob, ChunkRows>(workers, () => moduleWorker("import-worker", import.meta.url))
    : { run: async (job) => readChunk(job), close: async () => undefined };
  let failed = true;
  // parts sent and not yet written, in file order; each is caught at once, so one failing while an earlier one is
  // awaited is not an unhandled rejection (it is thrown when its turn comes)
  const sent: Promise<ChunkRows>[] = [];
  try {
    let seq = 0;
    for await (const bytes of lineParts(path, options.chunkBytes ?? 1 << 20, options.onRead)) {
      const rows = pool.run({ seq, bytes, atFileStart: seq === 0, fileName: path }, [bytes.buffer as ArrayBuffer]);
      rows.catch(() => undefined);
      sent.push(rows);
      seq++;
      if (sent.length >= 2 * Math.max(1, workers)) take(await sent.shift()!);
    }
    while (sent.length > 0) take(await sent.shift()!);
    failed = false;
  } finally {
    await pool.close(failed);
  }
  return { ...(await writer.finish(null)), issues: issues.issues };
}
