/**
 * Splits the bytes of a runs file, fed in chunks, into the texts of its runs without ever holding the file as one
 * string: JSON Lines by line (runs-split-chunks.ts), a bare array or a `qel-runs/1` document by the elements of its
 * runs array, found here by tracking strings and nesting byte by byte (a ShapeTracker scans the elements, finding
 * their shape as it goes). Everything outside the runs array of a document (format, project, unknown fields) is
 * kept as the `head` text, with the runs array left empty, for the caller to parse and check.
 * Browser-safe: bytes are Uint8Arrays.
 */
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, isSpace } from "./json-bytes.js";
import { shapeOf } from "./json-shape.js";
import { ShapeTracker } from "./json-shape-tracker.js";
import { ChunkSplitter, concatBytes, copyOf } from "./runs-split-chunks.js";

const RUNS_KEY = [QUOTE, 114, 117, 110, 115, QUOTE]; // "runs"
/** The bytes the structure scan acts on outside strings: 1, the rest 0. */
const SIGNIFICANT = new Uint8Array(256);
for (const c of [NEWLINE, QUOTE, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA]) SIGNIFICANT[c] = 1;

/** Splits a runs file's chunks into its runs' texts: the structure scan of arrays and documents (see the file header). */
export class RunsSplitter extends ChunkSplitter {
  /** Absolute offset of the byte after the last newline. */
  #lineStart = 0;
  #escape = false;
  /** Where in the current chunk the element being read begins (-1: none), and the column it starts at. */
  #partsFrom = -1;
  #startColumn = 1;
  #elements = 0;
  /** The line the runs array being read opened on. */
  #runsLine = 1;
  /** Document keys at depth 1: whether a key is expected, the key bytes read so far, and "after `"runs":`". */
  #expectKey = false;
  #key: number[] | null = null;
  #afterRunsColon = false;
  /** Scans the element being read, and finds its shape. */
  readonly #shape = new ShapeTracker();
  /** Absolute offset where the element being read begins. */
  #elementStart = 0;

  /**
   * Arrays and documents: outside the runs array, strings and nesting tracked byte by byte here; inside it, each
   * element scanned by the shape tracker, which stops at the `,` or bracket that ends the element.
   */
  protected override structure(b: Uint8Array, from: number): void {
    const n = b.length;
    const base = this.base;
    let depth = this.depth;
    let headFrom = this.elementDepth > 0 && depth >= this.elementDepth ? -1 : from;
    let i = from;
    while (i < n) {
      if (this.elementDepth > 0 && depth >= this.elementDepth) {
        const shape = this.#shape;
        const stop = shape.scan(b, i, n, base - this.#elementStart);
        if (shape.newlines > 0) {
          this.lineNumber += shape.newlines;
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
        this.elementDepth = 0;
        // the head keeps the line breaks of the runs it leaves out, so its lines are the file's
        if (this.lineNumber > this.#runsLine) this.headParts.push(new Uint8Array(this.lineNumber - this.#runsLine).fill(NEWLINE));
        headFrom = stop;
        i = stop;
        depth--;
        if (depth === 0) return this.closeDocument(b, headFrom, i + 1);
        i++;
        continue;
      }
      if (this.inString) {
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
        this.inString = false;
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
        this.lineNumber++;
        this.#lineStart = base + i + 1;
      } else if (c === QUOTE) {
        this.inString = true;
        if (depth === 1 && this.mode === "document" && this.#expectKey && this.elementDepth === 0) this.#key = [QUOTE];
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.#afterRunsColon && c === OPEN_BRACKET && depth === 1) {
          // `"runs": [`: the head keeps `[`, the elements go to onPiece
          this.#afterRunsColon = false;
          this.runsFound = true;
          this.elementDepth = 2;
          this.#elements = 0;
          this.#runsLine = this.lineNumber;
          depth++;
          this.headParts.push(copyOf(b, headFrom, i + 1));
          headFrom = -1;
          this.onRunsStart?.(this.head());
          this.#startElement(b, i + 1);
          i++;
          continue;
        }
        depth++;
        if (depth === 1 && this.elementDepth === 0) this.#expectKey = true;
        if (depth === 1 && this.elementDepth === 1) {
          // the bare array's `[`
          this.#runsLine = this.lineNumber;
          this.headParts.push(copyOf(b, headFrom, i + 1));
          headFrom = -1;
          this.#startElement(b, i + 1);
          i++;
          continue;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return this.closeDocument(b, headFrom, i + 1);
      } else if (c === COMMA) {
        if (depth === 1 && this.elementDepth === 0) this.#expectKey = true;
      }
      i++;
    }
    this.depth = depth;
    if (this.elementDepth > 0 && depth >= this.elementDepth) {
      if (this.#partsFrom >= 0 && this.#partsFrom < n) this.parts.push(copyOf(b, this.#partsFrom));
      this.#partsFrom = 0;
    } else if (headFrom >= 0) this.headParts.push(copyOf(b, headFrom));
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
    this.parts = [];
    this.#partsFrom = at;
    this.#elementStart = this.base + at;
    this.#shape.reset();
    this.startLine = this.lineNumber;
    this.#startColumn = this.base + at - this.#lineStart + 1;
    void b;
  }

  /** The element ending before `b[at]` (a comma, or the array's closing bracket when `last`). */
  #endElement(b: Uint8Array, at: number, last: boolean): void {
    let tail = b.subarray(Math.max(0, this.#partsFrom), at);
    let bytes = this.parts.length > 0 ? concatBytes([...this.parts, tail]) : tail;
    // an element that opens nothing (a string, a scalar, nothing) is looked at now
    const content = this.#shape.depth > 0 || bytes.some((x) => !isSpace(x));
    if (!content && last) {
      // an empty last element (`[a,]`) is parsed with the bracket, so the error names it as the text path does
      tail = b.subarray(Math.max(0, this.#partsFrom), at + 1);
      bytes = this.parts.length > 0 ? concatBytes([...this.parts, tail]) : tail;
    }
    this.parts = [];
    this.#partsFrom = -1;
    if (!content && last && this.#elements === 0) return; // `[]`
    this.#elements++;
    const shape = shapeOf(this.#shape);
    this.onPiece({ bytes, line: this.startLine, column: this.#startColumn, shape });
  }
}
