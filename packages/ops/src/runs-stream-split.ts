/**
 * Splits the bytes of a runs file, fed in chunks, into the texts of its runs without ever holding the file as one
 * string: JSON Lines by line, a bare array or a `qel-runs/1` document by the elements of its runs array (found by
 * tracking strings and nesting, byte by byte: a ShapeTracker scans the elements, finding their shape as it goes). Everything outside the runs array of a document (format, project,
 * unknown fields) is kept as the `head` text, with the runs array left empty, for the caller to parse and check.
 * Browser-safe: bytes are Uint8Arrays.
 */

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

import { ShapeTracker, shapeOf, type JsonShape } from "./json-shape.js";

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, NEWLINE = 10;
const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
const RUNS_KEY = [QUOTE, 114, 117, 110, 115, QUOTE]; // "runs"
/** The bytes the structure scan acts on outside strings: 1, the rest 0. */
const SIGNIFICANT = new Uint8Array(256);
for (const c of [NEWLINE, QUOTE, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA]) SIGNIFICANT[c] = 1;

/**
 * A copy of `b[from..to)`: what the splitter keeps past a `push` is its own (a Node Buffer's `slice` is a view),
 * so a caller may fill the chunk's buffer again once the loader gives up none of it (see RunsStreamLoader.push).
 */
function copyOf(b: Uint8Array, from: number, to = b.length): Uint8Array {
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

export class RunsSplitter {
  mode: SplitMode;
  /** The runs array's key was found in a document (its elements are being, or were, streamed). */
  runsFound = false;
  /** Why the bytes cannot be split (a truncated file, text after the document), or null. */
  failure: { message: string; line: number } | null = null;

  #line = 1;
  /** Absolute offset of the byte after the last newline, and of the current chunk's first byte. */
  #lineStart = 0;
  #base = 0;
  #depth = 0;
  #inString = false;
  #escape = false;
  /** Depth of the runs array's elements (1 for a bare array, 2 in a document); 0 outside it. */
  #elementDepth = 0;
  /** Parts of the element or line being read, and its start. */
  #parts: Uint8Array[] = [];
  #partsFrom = -1;
  #startLine = 1;
  #startColumn = 1;
  #elements = 0;
  /** The line the runs array being read opened on. */
  #runsLine = 1;
  /** Bytes kept for the head (document, other) or, while undecided, the whole input. */
  #head: Uint8Array[] = [];
  /** Document keys at depth 1: whether a key is expected, the key bytes read so far, and "after `"runs":`". */
  #expectKey = false;
  #key: number[] | null = null;
  #afterRunsColon = false;
  #closed = false;
  /** Scans the element being read, and finds its shape. */
  readonly #shape = new ShapeTracker();
  /** Absolute offset where the element being read begins. */
  #elementStart = 0;

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
    return concatBytes(this.#head);
  }

  push(chunk: Uint8Array): void {
    let from = 0;
    if (this.#base === 0 && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) from = 3;
    this.#scan(chunk, from);
    this.#base += chunk.length;
  }

  /** Ends the input: the last line, or a truncation failure. */
  end(): void {
    if (this.mode === "lines") {
      this.#flushLine(new Uint8Array(0), 0, 0);
      return;
    }
    if (this.failure === null && (this.#depth > 0 || this.#inString)) {
      this.failure = { message: "unexpected end of input: the file is truncated", line: this.#line };
    }
  }

  #scan(b: Uint8Array, from: number): void {
    if (this.#closed) return this.#afterDocument(b, from);
    switch (this.mode) {
      case "lines":
        return this.#lines(b, from);
      case "other":
        this.#head.push(copyOf(b, from));
        return;
      case "start": {
        let i = from;
        while (i < b.length && isSpace(b[i]!)) i++;
        if (i === b.length) {
          this.#head.push(copyOf(b, from));
          return;
        }
        this.mode = b[i] === OPEN_BRACKET ? "array" : b[i] === OPEN_BRACE ? "document" : "other";
        if (this.mode === "other") {
          this.#head.push(copyOf(b, from));
          return;
        }
        if (this.mode === "array") this.#elementDepth = 1;
        return this.#structure(b, from);
      }
      default:
        return this.#structure(b, from);
    }
  }

  /** JSON Lines: every `\n` ends a piece (a `\r` before it is whitespace to JSON). */
  #lines(b: Uint8Array, from: number): void {
    let start = from;
    for (;;) {
      const nl = b.indexOf(NEWLINE, start);
      if (nl === -1) break;
      this.#flushLine(b, start, nl);
      this.#line++;
      start = nl + 1;
    }
    if (start < b.length) {
      if (this.#parts.length === 0) this.#startLine = this.#line;
      this.#parts.push(copyOf(b, start));
    }
  }

  #flushLine(b: Uint8Array, start: number, end: number): void {
    const line = this.#parts.length > 0 ? this.#startLine : this.#line;
    const bytes = this.#parts.length > 0 ? concatBytes([...this.#parts, b.subarray(start, end)]) : b.subarray(start, end);
    this.#parts = [];
    if (bytes.length > 0) this.onPiece({ bytes, line, column: 1 });
  }

  /**
   * Arrays and documents: outside the runs array, strings and nesting tracked byte by byte here; inside it, each
   * element scanned by the shape tracker, which stops at the `,` or bracket that ends the element.
   */
  #structure(b: Uint8Array, from: number): void {
    const n = b.length;
    const base = this.#base;
    let depth = this.#depth;
    let headFrom = this.#elementDepth > 0 && depth >= this.#elementDepth ? -1 : from;
    let i = from;
    while (i < n) {
      if (this.#elementDepth > 0 && depth >= this.#elementDepth) {
        const shape = this.#shape;
        const stop = shape.scan(b, i, n, base - this.#elementStart);
        if (shape.newlines > 0) {
          this.#line += shape.newlines;
          this.#lineStart = base + shape.lastNewline + 1;
        }
        if (stop === n) break;
        if (b[stop] === COMMA) {
          this.#endElement(b, stop, false);
          this.#startElement(b, stop + 1);
          i = stop + 1;
          continue;
        }
        // the runs array's closing bracket
        this.#endElement(b, stop, true);
        this.#elementDepth = 0;
        // the head keeps the line breaks of the runs it leaves out, so its lines are the file's
        if (this.#line > this.#runsLine) this.#head.push(new Uint8Array(this.#line - this.#runsLine).fill(NEWLINE));
        headFrom = stop;
        i = stop;
        depth--;
        if (depth === 0) return this.#closeDocument(b, headFrom, i + 1);
        i++;
        continue;
      }
      if (this.#inString) {
        if (this.#escape) {
          // the byte after a backslash that ended the previous chunk
          this.#escape = false;
          this.#key?.push(b[i]!);
          i++;
          continue;
        }
        const start = i;
        let d = 0;
        while (i < n && (d = b[i]!) !== QUOTE && d !== BACKSLASH) i++;
        const key = this.#key;
        if (key !== null) for (let k = start; k < i; k++) key.push(b[k]!);
        if (i === n) continue;
        if (d === BACKSLASH) {
          if (key !== null) {
            key.push(BACKSLASH);
            if (i + 1 < n) key.push(b[i + 1]!);
          }
          i += 2;
          if (i > n) {
            this.#escape = true;
            i = n;
          }
          continue;
        }
        if (key !== null) key.push(QUOTE);
        this.#inString = false;
        i++;
        if (key !== null) this.#endKey();
        continue;
      }
      const c = b[i]!;
      if (SIGNIFICANT[c] === 0) {
        // digits, letters, spaces, colons: nothing to track (a scalar after `"runs":` is followed by `,` or `}`)
        do i++;
        while (i < n && SIGNIFICANT[b[i]!] === 0);
        continue;
      }
      if (this.#afterRunsColon && !(c === OPEN_BRACKET && depth === 1) && c !== NEWLINE) this.#afterRunsColon = false;
      if (c === NEWLINE) {
        this.#line++;
        this.#lineStart = base + i + 1;
      } else if (c === QUOTE) {
        this.#inString = true;
        if (depth === 1 && this.mode === "document" && this.#expectKey && this.#elementDepth === 0) this.#key = [QUOTE];
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.#afterRunsColon && c === OPEN_BRACKET && depth === 1) {
          // `"runs": [`: the head keeps `[`, the elements go to onPiece
          this.#afterRunsColon = false;
          this.runsFound = true;
          this.#elementDepth = 2;
          this.#elements = 0;
          this.#runsLine = this.#line;
          depth++;
          this.#head.push(copyOf(b, headFrom, i + 1));
          headFrom = -1;
          this.onRunsStart?.(this.head());
          this.#startElement(b, i + 1);
          i++;
          continue;
        }
        depth++;
        if (depth === 1 && this.#elementDepth === 0) this.#expectKey = true;
        if (depth === 1 && this.#elementDepth === 1) {
          // the bare array's `[`
          this.#runsLine = this.#line;
          this.#head.push(copyOf(b, headFrom, i + 1));
          headFrom = -1;
          this.#startElement(b, i + 1);
          i++;
          continue;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return this.#closeDocument(b, headFrom, i + 1);
      } else if (c === COMMA) {
        if (depth === 1 && this.#elementDepth === 0) this.#expectKey = true;
      }
      i++;
    }
    this.#depth = depth;
    if (this.#elementDepth > 0 && depth >= this.#elementDepth) {
      if (this.#partsFrom >= 0 && this.#partsFrom < n) this.#parts.push(copyOf(b, this.#partsFrom));
      this.#partsFrom = 0;
    } else if (headFrom >= 0) this.#head.push(copyOf(b, headFrom));
  }

  /**
   * A key string at depth 1 ended: `"runs"` makes the next `[` value the runs array. A `"runs"` written again
   * makes its list the runs array in turn (JSON keeps the last value; onRunsStart is called again).
   */
  #endKey(): void {
    const k = this.#key!;
    this.#key = null;
    this.#expectKey = false;
    this.#afterRunsColon = k.length === RUNS_KEY.length && k.every((x, j) => x === RUNS_KEY[j]);
  }

  #startElement(b: Uint8Array, at: number): void {
    this.#parts = [];
    this.#partsFrom = at;
    this.#elementStart = this.#base + at;
    this.#shape.reset();
    this.#startLine = this.#line;
    this.#startColumn = this.#base + at - this.#lineStart + 1;
    void b;
  }

  /** The element ending before `b[at]` (a comma, or the array's closing bracket when `last`). */
  #endElement(b: Uint8Array, at: number, last: boolean): void {
    let tail = b.subarray(Math.max(0, this.#partsFrom), at);
    let bytes = this.#parts.length > 0 ? concatBytes([...this.#parts, tail]) : tail;
    // an element that opens nothing (a string, a scalar, nothing) is looked at now
    const content = this.#shape.depth > 0 || bytes.some((x) => !isSpace(x));
    if (!content && last) {
      // an empty last element (`[a,]`) is parsed with the bracket, so the error names it as the text path does
      tail = b.subarray(Math.max(0, this.#partsFrom), at + 1);
      bytes = this.#parts.length > 0 ? concatBytes([...this.#parts, tail]) : tail;
    }
    this.#parts = [];
    this.#partsFrom = -1;
    if (!content && last && this.#elements === 0) return; // `[]`
    this.#elements++;
    const shape = shapeOf(this.#shape);
    this.onPiece({ bytes, line: this.#startLine, column: this.#startColumn, shape });
  }

  /** The top-level value closed just before `end`: the rest of the head (from `headFrom`) is kept, then what follows read. */
  #closeDocument(b: Uint8Array, headFrom: number, end: number): void {
    this.#closed = true;
    this.#depth = 0;
    this.#head.push(copyOf(b, headFrom, end));
    this.#afterDocument(b, end);
  }

  /** After the top-level value: whitespace only, unless a document without runs was the first of JSON Lines. */
  #afterDocument(b: Uint8Array, from: number): void {
    let i = from;
    while (i < b.length && isSpace(b[i]!)) {
      if (b[i] === NEWLINE) this.#line++;
      i++;
    }
    if (i === b.length) {
      // kept in case JSON Lines follow (see below)
      if (this.mode === "document" && !this.runsFound) this.#head.push(copyOf(b, from));
      return;
    }
    if (this.mode === "document" && !this.runsFound) {
      // `{…}` then more: JSON Lines after all; replay what was read as lines
      const seen = concatBytes([...this.#head, b.subarray(from)]);
      this.#head = [];
      this.#closed = false;
      this.mode = "lines";
      this.#line = 1;
      this.#lines(seen, 0);
      return;
    }
    if (this.failure === null) this.failure = { message: "unexpected text after the runs document", line: this.#line };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The number of the line being read (1 + the newlines read so far). */
  get line(): number {
    return this.#line;
  }
}
