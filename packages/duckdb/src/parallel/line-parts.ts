/**
 * A JSON Lines file cut into parts at line ends, each read on its own (on a worker thread) and its issues moved
 * to where they are in the whole file: reading the parts gives what RunsStreamLoader gives reading the file on
 * one thread, the issues in the same order with the same lines and run paths.
 */
import { open } from "node:fs/promises";
import { createLoadIssue, RunsStreamLoader, type LoadIssue, type Run } from "@qel/ops";

const NEWLINE = 10;

/**
 * The file's bytes in parts that end at a line break (the last may not), each in a buffer of its own that can be
 * handed to another thread. A line longer than `partBytes` is gathered whole. Each read goes into a buffer that
 * starts with what the last read left after its last line break, so a part is never copied whole.
 *
 * `spare`: buffers the caller is done with (a part's, handed back once read), which later reads fill again rather
 * than new ones; a new buffer of a megabyte costs the system more to map and clear than reading into it (reading
 * 675 MB took 0.75 s into new buffers, 0.3 s into one).
 */
export async function* lineParts(path: string, partBytes: number, onRead?: (bytes: number, total: number) => void, spare: ArrayBuffer[] = []): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    const total = (await file.stat()).size;
    let read = 0;
    let carry = new Uint8Array(0);
    for (;;) {
      // a line longer than a part is read in reads that grow with it, so gathering it copies it a few times only
      const want = Math.max(partBytes, carry.length);
      const buffer = bufferOf(carry.length + want, partBytes, spare);
      buffer.set(carry);
      const { bytesRead } = await file.read(buffer, carry.length, want, null);
      if (bytesRead === 0) break;
      read += bytesRead;
      onRead?.(read, total);
      const data = buffer.subarray(0, carry.length + bytesRead);
      // a line break can only be in what was just read
      const end = data.lastIndexOf(NEWLINE) + 1;
      if (end <= carry.length) {
        carry = data;
        continue;
      }
      carry = data.slice(end);
      yield data.subarray(0, end);
    }
    if (carry.length > 0) yield carry;
  } finally {
    await file.close();
  }
}

/**
 * A buffer of at least `size` bytes: a spare one when the last handed back is that big, else a new one, with room
 * for a part and a line carried over, so it serves again.
 */
function bufferOf(size: number, partBytes: number, spare: ArrayBuffer[]): Uint8Array<ArrayBuffer> {
  const last = spare.pop();
  if (last !== undefined && last.byteLength >= size) return new Uint8Array(last, 0, size);
  return new Uint8Array(Math.max(size, partBytes + (partBytes >> 4))).subarray(0, size);
}

/** One part's runs and issues, lines counted from the part's first line and runs numbered from its first entry. */
export interface LoadedPart {
  readonly runs: Run[];
  readonly issues: LoadIssue[];
  /** Lines and entries the part held (RunsStreamLoader.linesRead). */
  readonly lines: number;
  readonly entries: number;
}

const isBom = (b: Uint8Array): boolean => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/**
 * Loads one part of the JSON Lines file `fileName` (`atFileStart`: the part starts the file). The runs keep their
 * config and summary as parsed rather than as bytes (they are read once, then dropped), and run names read twice
 * are left to the caller, who sees every part.
 */
export function loadPart(bytes: Uint8Array, atFileStart: boolean, fileName: string): LoadedPart {
  const runs: Run[] = [];
  const { issues, lines, entries } = streamPart(bytes, atFileStart, fileName, (some) => {
    for (const r of some) runs.push(r);
  }, bytes.length);
  return { runs, issues, lines, entries };
}

/**
 * `loadPart`, handing the runs to `onRuns` a `piece` bytes at a time rather than keeping them: runs dropped soon
 * after they are read die young, where those of a whole part would outlive the young generation's collections
 * and be copied out of it.
 */
export function streamPart(bytes: Uint8Array, atFileStart: boolean, fileName: string, onRuns: (runs: Run[]) => void, piece = 1 << 16): Omit<LoadedPart, "runs"> {
  const loader = new RunsStreamLoader({ fileName, format: "jsonl" }, { bytes: false, duplicates: false });
  // the loader skips a byte order mark at the start of what it is fed; inside the file one is text, so it is fed
  // apart from what follows (the loader's lines run across pieces)
  let at = isBom(bytes) && !atFileStart ? 1 : Math.min(piece, bytes.length);
  loader.push(bytes.subarray(0, at));
  for (;;) {
    const runs = loader.drain();
    if (runs.length > 0) onRuns(runs);
    if (at >= bytes.length) break;
    loader.push(bytes.subarray(at, (at = Math.min(bytes.length, at + piece))));
  }
  const { issues } = loader.end();
  // a last line without a line break is read at the end
  const last = loader.drain();
  if (last.length > 0) onRuns(last);
  return { issues, ...loader.linesRead };
}

/** The runs-file loader warns of bytes that are not UTF-8 once, at the first line holding some. */
const NOT_UTF8 = "bytes that are not UTF-8 were replaced with U+FFFD";

/** The issues of a file's parts, taken in file order: each numbered as in the whole file. */
export class PartIssues {
  readonly issues: LoadIssue[] = [];
  #lines = 0;
  #entries = 0;
  #notUtf8 = false;

  /** Takes the next part's issues, and the lines and entries it held. */
  take(part: { readonly issues: readonly LoadIssue[]; readonly lines: number; readonly entries: number }): void {
    for (const i of part.issues) {
      if (i.message.includes(NOT_UTF8)) {
        if (this.#notUtf8) continue;
        this.#notUtf8 = true;
      }
      this.issues.push(moved(i, this.#lines, this.#entries));
    }
    this.#lines += part.lines;
    this.#entries += part.entries;
  }
}

/** An issue of a part, numbered as in the whole file: `lines` and `entries` are those of the parts before it. */
function moved(i: LoadIssue, lines: number, entries: number): LoadIssue {
  const prefix = createLoadIssue(i.severity, i.file, i.path, "", i.line).message;
  if (!i.message.startsWith(prefix)) return i;
  const path = i.path.replace(/^runs\[(\d+)\]/, (_, n: string) => `runs[${Number(n) + entries}]`);
  return createLoadIssue(i.severity, i.file, path, i.message.slice(prefix.length), i.line === undefined ? undefined : i.line + lines);
}
