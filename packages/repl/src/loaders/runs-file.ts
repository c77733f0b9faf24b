/**
 * Reading a canonical runs file (JSON document, bare array or JSON Lines) from disk in chunks, so a file of any
 * size whose runs fit in memory loads: the text is never one string (see RunsStreamLoader).
 */
import { open } from "node:fs/promises";
import { RunsStreamLoader, type LoadedRuns, type Run } from "@qel/ops";

/** Bytes read at a time. */
const CHUNK = 1 << 22;

/** How far a load has come: runs and bytes read, the file's size, milliseconds since it started. */
export interface RunsFileProgress {
  readonly runs: number;
  readonly bytes: number;
  readonly totalBytes: number;
  readonly ms: number;
}

/** A piece of a file's bytes; `endOfRead` marks the last piece of one read (CHUNK bytes unless told). */
export interface FilePiece {
  readonly bytes: Uint8Array;
  readonly totalBytes: number;
  readonly endOfRead: boolean;
}

/** One read: its buffer and how many bytes of it were filled (0 at the end of the file). */
interface Read {
  readonly buffer: Buffer;
  readonly bytesRead: number;
}

export interface FilePiecesOptions {
  /** Bytes read at a time (CHUNK unless told). */
  readonly chunk?: number;
  /**
   * Two buffers taken in turn rather than a new one per read: a piece is then overwritten by the read after the
   * next, which starts when the loop asks for the piece after the last of its read. For a caller that keeps no
   * piece past its turn of the loop (a RunsStreamLoader keeps none): fresh memory is not touched for every read.
   */
  readonly reuse?: boolean;
}

/**
 * The bytes of the file at `path`, read `chunk` bytes at a time and given in pieces of at most `piece` bytes
 * (each read's buffer is new, so a piece may be kept, unless `reuse`). The next read is under way while the
 * pieces of the last are handled, so the loop over them does not wait for the disk between reads. The file is
 * closed when the loop ends, however it ends (after the read under way, if any, settles).
 */
export async function* filePieces(path: string, piece = CHUNK, { chunk = CHUNK, reuse = false }: FilePiecesOptions = {}): AsyncGenerator<FilePiece> {
  const file = await open(path, "r");
  let pending: Promise<Read> | null = null;
  try {
    const totalBytes = (await file.stat()).size;
    let position = 0;
    let reads = 0;
    const buffers = reuse ? [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)] : null;
    const readNext = (): Promise<Read> => {
      const buffer = buffers === null ? Buffer.allocUnsafe(chunk) : buffers[reads++ % 2]!;
      return file.read(buffer, 0, chunk, position).then(({ bytesRead }) => ({ buffer, bytesRead }));
    };
    pending = readNext();
    for (;;) {
      const { buffer, bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      position += bytesRead;
      // (with `reuse`, into the other buffer: the pieces of the read before were all handled)
      pending = readNext();
      for (let at = 0; at < bytesRead; at += piece) {
        const end = Math.min(bytesRead, at + piece);
        yield { bytes: buffer.subarray(at, end), totalBytes, endOfRead: end === bytesRead };
      }
    }
  } finally {
    // a loop left early leaves a read under way: it settles before the file closes (its failure is of no interest)
    if (pending !== null) await pending.catch(() => undefined);
    await file.close();
  }
}

/**
 * Loads the runs file at `path` chunk by chunk, calling `onProgress` after each chunk. Rejects only when the file
 * cannot be read (the caller reports it); everything about its content comes back as issues. With `onRuns`, the
 * runs of each chunk are handed to it (and awaited) instead of kept: the result then holds only issues and the
 * project, and memory one chunk's runs.
 */
export async function loadRunsFile(path: string, onProgress?: (p: RunsFileProgress) => void, onRuns?: (runs: readonly Run[]) => Promise<void>): Promise<LoadedRuns> {
  const started = Date.now();
  const loader = new RunsStreamLoader({ fileName: path });
  let read = 0;
  for await (const { bytes, totalBytes } of filePieces(path, CHUNK, { reuse: true })) {
    // the loader keeps nothing of a piece (see RunsStreamLoader.push)
    loader.push(bytes);
    if (onRuns !== undefined) {
      read += loader.runCount;
      await onRuns(loader.drain());
    }
    onProgress?.({ runs: onRuns === undefined ? loader.runCount : read, bytes: loader.byteCount, totalBytes, ms: Date.now() - started });
  }
  const result = loader.end();
  if (onRuns !== undefined && result.runs.length > 0) await onRuns(result.runs);
  return onRuns === undefined ? result : { ...result, runs: [] };
}

/** `12,345 runs, 120 of 868 MB, 95 MB/s`: a load's progress for a status line. */
export function describeProgress(p: RunsFileProgress): string {
  const mb = (b: number): string => (b / 1e6).toFixed(0);
  const rate = p.ms > 0 ? ` , ${(p.bytes / 1e3 / p.ms).toFixed(0)} MB/s` : "";
  return `${p.runs.toLocaleString("en")} runs, ${mb(p.bytes)} of ${mb(p.totalBytes)} MB${rate.replace(" ,", ",")}`;
}
