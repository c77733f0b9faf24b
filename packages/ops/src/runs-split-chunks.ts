/**
 * The chunk-facing half of splitting a runs file (runs-stream-split.ts has the other): takes the bytes in chunks,
 * decides from the first byte whether they are JSON Lines, an array or a document, splits JSON Lines by line,
 * keeps the head, and checks what follows the top-level value. The structure scan of arrays and documents is the
 * subclass's. Apart so each file holds one scan. Browser-safe: bytes are Uint8Arrays.
 */
import { NEWLINE, OPEN_BRACE, OPEN_BRACKET, isSpace } from "./json-bytes.js";
import type { JsonShape } from "./json-shape.js";

/**
 * One run's text (or one line's), with the 1-based line and column where it starts in the file, and for the
 * elements of an array its shape, found while splitting (JSON Lines: undefined).
 */
export interface Piece {
  readonly bytes: Uint8Array;
  readonly line: number;
  readonly column: number;
  readonly shape?: JsonShape;
}

export type SplitMode = "start" | "lines" | "array" | "document" | "other";

/**
 * A copy of `b[from..to)`: what the splitter keeps past a `push` is its own (a Node Buffer's `slice` is a view),
 * so a caller may fill the chunk's buffer again once the loader gives up none of it (see RunsStreamLoader.push).
 */
export function copyOf(b: Uint8Array, from: number, to = b.length): Uint8Array {
  return new Uint8Array(b.subarray(from, to));
}

/** Concatenation of byte arrays; the one array itself when there is one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Splits chunks of a runs file into pieces (see RunsSplitter): everything but the structure scan of an array or
 * document, which a subclass gives as `structure`.
 */
export abstract class ChunkSplitter {
  mode: SplitMode;
  /** The runs array's key was found in a document (its elements are being, or were, streamed). */
  runsFound = false;
  /** Why the bytes cannot be split (a truncated file, text after the document), or null. */
  failure: { message: string; line: number } | null = null;

  /** The number of the line being read (see `line`). */
  protected lineNumber = 1;
  /** Absolute offset of the current chunk's first byte. */
  protected base = 0;
  protected depth = 0;
  protected inString = false;
  /** Depth of the runs array's elements (1 for a bare array, 2 in a document); 0 outside it. */
  protected elementDepth = 0;
  /** Parts of the element or line being read, and the line it starts on. */
  protected parts: Uint8Array[] = [];
  protected startLine = 1;
  /** Bytes kept for the head (document, other) or, while undecided, the whole input. */
  protected headParts: Uint8Array[] = [];
  #closed = false;

  constructor(
    readonly onPiece: (piece: Piece) => void,
    /** "lines" for JSON Lines (by the file name or the caller), else decided by the first byte. */
    lines: boolean,
    /** Called when a document's runs array opens, with the head read so far (ending in `"runs":[`); again for each later one. */
    readonly onRunsStart?: (head: Uint8Array) => void,
  ) {
    this.mode = lines ? "lines" : "start";
  }

  /** The text of everything outside the runs array (document), or the whole input (other). */
  head(): Uint8Array {
    return concatBytes(this.headParts);
  }

  push(chunk: Uint8Array): void {
    let from = 0;
    if (this.base === 0 && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) from = 3;
    this.#scan(chunk, from);
    this.base += chunk.length;
  }

  /** Ends the input: the last line, or a truncation failure. */
  end(): void {
    if (this.mode === "lines") {
      this.#flushLine(new Uint8Array(0), 0, 0);
      return;
    }
    if (this.failure === null && (this.depth > 0 || this.inString)) {
      this.failure = { message: "unexpected end of input: the file is truncated", line: this.lineNumber };
    }
  }

  #scan(b: Uint8Array, from: number): void {
    if (this.#closed) return this.#afterDocument(b, from);
    switch (this.mode) {
      case "lines":
        return this.#lines(b, from);
      case "other":
        this.headParts.push(copyOf(b, from));
        return;
      case "start": {
        let i = from;
        while (i < b.length && isSpace(b[i]!)) i++;
        if (i === b.length) {
          this.headParts.push(copyOf(b, from));
          return;
        }
        this.mode = b[i] === OPEN_BRACKET ? "array" : b[i] === OPEN_BRACE ? "document" : "other";
        if (this.mode === "other") {
          this.headParts.push(copyOf(b, from));
          return;
        }
        if (this.mode === "array") this.elementDepth = 1;
        return this.structure(b, from);
      }
      default:
        return this.structure(b, from);
    }
  }

  /** JSON Lines: every `\n` ends a piece (a `\r` before it is whitespace to JSON). */
  #lines(b: Uint8Array, from: number): void {
    let start = from;
    for (;;) {
      const nl = b.indexOf(NEWLINE, start);
      if (nl === -1) break;
      this.#flushLine(b, start, nl);
      this.lineNumber++;
      start = nl + 1;
    }
    if (start < b.length) {
      if (this.parts.length === 0) this.startLine = this.lineNumber;
      this.parts.push(copyOf(b, start));
    }
  }

  #flushLine(b: Uint8Array, start: number, end: number): void {
    const line = this.parts.length > 0 ? this.startLine : this.lineNumber;
    const bytes = this.parts.length > 0 ? concatBytes([...this.parts, b.subarray(start, end)]) : b.subarray(start, end);
    this.parts = [];
    if (bytes.length > 0) this.onPiece({ bytes, line, column: 1 });
  }

  /**
   * Arrays and documents: scans `b` from `from`, handing each element of the runs array to onPiece and keeping
   * the rest as the head; calls closeDocument when the top-level value closes.
   */
  protected abstract structure(b: Uint8Array, from: number): void;

  /** The top-level value closed just before `end`: the rest of the head (from `headFrom`) is kept, then what follows read. */
  protected closeDocument(b: Uint8Array, headFrom: number, end: number): void {
    this.#closed = true;
    this.depth = 0;
    this.headParts.push(copyOf(b, headFrom, end));
    this.#afterDocument(b, end);
  }

  /** After the top-level value: whitespace only, unless a document without runs was the first of JSON Lines. */
  #afterDocument(b: Uint8Array, from: number): void {
    let i = from;
    while (i < b.length && isSpace(b[i]!)) {
      if (b[i] === NEWLINE) this.lineNumber++;
      i++;
    }
    if (i === b.length) {
      // kept in case JSON Lines follow (see below)
      if (this.mode === "document" && !this.runsFound) this.headParts.push(copyOf(b, from));
      return;
    }
    if (this.mode === "document" && !this.runsFound) {
      // `{…}` then more: JSON Lines after all; replay what was read as lines
      const seen = concatBytes([...this.headParts, b.subarray(from)]);
      this.headParts = [];
      this.#closed = false;
      this.mode = "lines";
      this.lineNumber = 1;
      this.#lines(seen, 0);
      return;
    }
    if (this.failure === null) this.failure = { message: "unexpected text after the runs document", line: this.lineNumber };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The number of the line being read (1 + the newlines read so far). */
  get line(): number {
    return this.lineNumber;
  }
}
