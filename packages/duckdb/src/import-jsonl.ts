/**
 * `qel import` of a JSON Lines file on worker threads: the file is cut into parts at line ends, workers load each
 * part's runs and turn them into rows (import-chunk.ts), and this thread appends the rows in file order. The
 * database and the issues are those of reading the file on one thread (RunsStreamLoader, then importRunBatches):
 * the same `_ord`s, the issues in the same order with the same lines and run paths, the first failure in file
 * order the one that stops the import. Memory holds a few parts and their rows, whatever the file's size.
 */
import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { DuckDBConnection } from "@duckdb/node-api";
import { concatBytes, createLoadIssue, type LoadIssue } from "@qel/ops";
import { TableWriter, type ImportProgress, type ImportResult } from "./import-append.js";
import { readChunk, type ChunkRows } from "./import-chunk.js";
import { ChunkPool } from "./import-pool.js";

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

const NEWLINE = 10;

/** The runs-file loader warns of bytes that are not UTF-8 once, at the first line holding some. */
const NOT_UTF8 = "bytes that are not UTF-8 were replaced with U+FFFD";

/** Creates the tables in the connection's empty database and writes the runs of the JSON Lines file at `path`. */
export async function importJsonLinesFile(conn: DuckDBConnection, path: string, options: JsonLinesOptions = {}): Promise<JsonLinesImport> {
  const workers = Math.max(0, options.workers ?? availableParallelism());
  const writer = await TableWriter.create(conn, options.onProgress);
  const issues: LoadIssue[] = [];
  let lines = 0;
  let entries = 0;
  let notUtf8 = false;
  const take = (part: ChunkRows): void => {
    writer.append(part.rows);
    for (const i of part.issues) {
      if (i.message.includes(NOT_UTF8)) {
        if (notUtf8) continue;
        notUtf8 = true;
      }
      issues.push(moved(i, lines, entries));
    }
    lines += part.lines;
    entries += part.entries;
  };
  const pool: Pick<ChunkPool, "run" | "close"> = workers > 0 ? new ChunkPool(workers) : { run: async (job) => readChunk(job), close: async () => undefined };
  let failed = true;
  // parts sent and not yet written, in file order; each is caught at once, so one failing while an earlier one is
  // awaited is not an unhandled rejection (it is thrown when its turn comes)
  const sent: Promise<ChunkRows>[] = [];
  try {
    let seq = 0;
    for await (const bytes of lineParts(path, options.chunkBytes ?? 1 << 20, options.onRead)) {
      const rows = pool.run({ seq, bytes, atFileStart: seq === 0, fileName: path });
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
  return { ...(await writer.finish(null)), issues };
}

/** An issue of a part, numbered as in the whole file: `lines` and `entries` are those of the parts before it. */
function moved(i: LoadIssue, lines: number, entries: number): LoadIssue {
  const prefix = createLoadIssue(i.severity, i.file, i.path, "", i.line).message;
  if (!i.message.startsWith(prefix)) return i;
  const path = i.path.replace(/^runs\[(\d+)\]/, (_, n: string) => `runs[${Number(n) + entries}]`);
  return createLoadIssue(i.severity, i.file, path, i.message.slice(prefix.length), i.line === undefined ? undefined : i.line + lines);
}

/**
 * The file's bytes in parts that end at a line break (the last may not), each in a buffer of its own that can be
 * handed to another thread. A line longer than `chunkBytes` is gathered whole.
 */
async function* lineParts(path: string, chunkBytes: number, onRead?: (bytes: number, total: number) => void): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    const total = (await file.stat()).size;
    let read = 0;
    let carry: Uint8Array[] = [];
    for (;;) {
      const buffer = new Uint8Array(chunkBytes);
      const { bytesRead } = await file.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      read += bytesRead;
      onRead?.(read, total);
      const data = buffer.subarray(0, bytesRead);
      const end = data.lastIndexOf(NEWLINE) + 1;
      if (end === 0) {
        carry.push(data);
        continue;
      }
      const rest = data.slice(end);
      yield carry.length === 0 ? data.subarray(0, end) : concatBytes([...carry, data.subarray(0, end)]);
      carry = rest.length > 0 ? [rest] : [];
    }
    if (carry.length > 0) yield concatBytes(carry);
  } finally {
    await file.close();
  }
}
