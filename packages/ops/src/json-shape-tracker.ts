/**
 * ShapeTracker: the byte scanner that finds a JSON value's shape (json-shape.ts) while following its nesting and
 * keys, fed the whole text at once (jsonShape) or piece by piece as a runs file is split (runs-stream-split.ts).
 * Its own file because the scanner is the loader's hottest loop and is read and tuned on its own.
 */

import { LONG_LITERAL } from "./json-duplicates.js";
import { BACKSLASH, COMMA, CONFIG, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, SIGNIFICANT, SUMMARY, isDigit, isKey } from "./json-bytes.js";

/** Objects with more keys than this keep their key hashes in a Set rather than on the stack of hashes. */
const LIST_KEYS = 32;

/** Where a scan stopped inside a string: not in one, in one, or in one just after a backslash. */
const OUTSIDE = 0, INSIDE = 1, ESCAPED = 2;

/**
 * Follows the nesting and the keys of one JSON value as its bytes are scanned (`scan`, in one or several pieces),
 * or as another scan reports its brackets, commas and strings (`open`, `close`, `comma`, `string`). One tracker
 * serves value after value: `reset` starts the next without allocating.
 */
export class ShapeTracker {
  depth = 0;
  repeatedKeys = false;
  numbers = false;
  configStart = -1;
  configEnd = -1;
  summaryStart = -1;
  summaryEnd = -1;
  /** Newlines met outside strings by the last `scan`, and the index in its bytes of the last of them (-1: none). */
  newlines = 0;
  lastNewline = -1;
  #level = 0;
  /** Offset in the value of the last structural byte (or closing quote) met. */
  #last = -1;
  /** The last byte of the last scan; and the digits of an exponent cut by its end so far (-1: none cut). */
  #lastByte = 0;
  #exponentDigits = -1;
  #expectKey = false;
  /** The key just read at the top level: 1 `config`, 2 `summary`, 0 another (while its value is read). */
  #topKey = 0;
  /** Whether the last scan stopped inside a string (see OUTSIDE). */
  #string = OUTSIDE;
  /** Per open level: 1 for an object, 0 for a list. */
  #objects = new Uint8Array(64);
  /**
   * The key hashes of the open objects, one stack for all (nothing allocated per object): level L's from
   * `#starts[L]` to the top of the stack, or in `#sets[L]` once it has many keys.
   */
  #hashes = new Int32Array(256);
  #top = 0;
  #starts = new Int32Array(64);
  readonly #sets: (Set<number> | null)[] = [null];

  /** Starts a new value. */
  reset(): void {
    this.depth = 0;
    this.repeatedKeys = false;
    this.numbers = false;
    this.#last = -1;
    this.#lastByte = 0;
    this.#exponentDigits = -1;
    this.configStart = this.configEnd = this.summaryStart = this.summaryEnd = -1;
    this.#level = 0;
    this.#expectKey = false;
    this.#topKey = 0;
    this.#top = 0;
    this.#string = OUTSIDE;
  }

  /** The value ends at offset `at` (a literal running to its end may be long; see LONG_LITERAL). */
  end(at: number): void {
    if (at - 1 - this.#last > LONG_LITERAL) this.numbers = true;
  }

  /** A list or object opens at byte offset `at` of the value (only offsets of `config` and `summary` are kept). */
  open(object: boolean, at = -1): void {
    const level = ++this.#level;
    if (level > this.depth) this.depth = level;
    if (level === this.#objects.length) this.#grow();
    this.#objects[level] = object ? 1 : 0;
    this.#starts[level] = this.#top;
    if (level < this.#sets.length) this.#sets[level] = null;
    this.#expectKey = object;
    if (level === 2 && object && this.#topKey !== 0) {
      if (this.#topKey === 1) this.configStart = at;
      else this.summaryStart = at;
    }
  }

  /** Room for twice as many levels. */
  #grow(): void {
    const objects = new Uint8Array(this.#objects.length * 2);
    objects.set(this.#objects);
    this.#objects = objects;
    const starts = new Int32Array(this.#starts.length * 2);
    starts.set(this.#starts);
    this.#starts = starts;
  }

  /** A list or object closes; `at` is the offset just after its closing bracket. */
  close(at = -1): void {
    const level = this.#level;
    if (level === 2 && this.#topKey !== 0) {
      if (this.#topKey === 1 && this.configStart >= 0) this.configEnd = at;
      else if (this.#topKey === 2 && this.summaryStart >= 0) this.summaryEnd = at;
      this.#topKey = 0;
    }
    if (level > 0) this.#top = this.#starts[level]!;
    this.#level = level - 1;
    this.#expectKey = false;
  }

  comma(): void {
    this.#expectKey = this.#objects[this.#level] === 1;
    if (this.#level === 1) this.#topKey = 0;
  }

  /** A string whose text is `b[from..to)` (no escape in it) was read. */
  string(b: Uint8Array, from: number, to: number): void {
    if (!this.#expectKey) return;
    this.#expectKey = false;
    const len = to - from;
    if (this.#level === 1) {
      // by length first: most keys are neither
      this.#topKey = len === CONFIG.length && isKey(b, from, CONFIG) ? 1 : len === SUMMARY.length && isKey(b, from, SUMMARY) ? 2 : 0;
    }
    if (this.repeatedKeys) return;
    // the length and five bytes: O(1) per key; a collision only costs the exact check
    let h = Math.imul(len, 0x9e3779b1);
    if (len > 0) h = Math.imul(h ^ (b[from]! | (b[to - 1]! << 8) | (b[from + (len >> 1)]! << 16) | (b[from + (len >> 2)]! << 24)), 16777619);
    if (len > 4) h = Math.imul(h ^ (b[to - 2]! | (b[from + 1]! << 8) | (b[to - 3]! << 16)), 16777619);
    const level = this.#level;
    const set = level < this.#sets.length ? this.#sets[level] : null;
    if (set !== null && set !== undefined) {
      if (set.has(h)) this.repeatedKeys = true;
      else set.add(h);
      return;
    }
    const first = this.#starts[level]!;
    const top = this.#top;
    const hashes = this.#hashes;
    for (let k = first; k < top; k++) {
      if (hashes[k] === h) {
        this.repeatedKeys = true;
        return;
      }
    }
    if (top - first >= LIST_KEYS) {
      // many keys: a Set for this object from now on (its hashes leave the stack)
      const many = new Set(hashes.subarray(first, top));
      many.add(h);
      while (this.#sets.length <= level) this.#sets.push(null);
      this.#sets[level] = many;
      this.#top = first;
      return;
    }
    if (top === hashes.length) {
      this.#hashes = new Int32Array(top * 2);
      this.#hashes.set(hashes);
    }
    this.#hashes[top] = h;
    this.#top = top + 1;
  }

  /** A string that cannot be compared by its bytes (an escape in it, or cut by a chunk boundary) was read. */
  unknownString(): void {
    if (!this.#expectKey) return;
    this.#expectKey = false;
    if (this.#level === 1) this.#topKey = 0;
    this.repeatedKeys = true;
  }

  /**
   * Scans `b[from..to)`, a piece of the value's text (the next pieces follow in later calls), and returns where it
   * stopped: at a `,` or closing bracket outside the value (for a caller cutting values out of a list), or at `to`.
   * `offset` is the offset in the value of `b[0]` (where `config` and `summary` are found). Counts newlines outside
   * strings into `newlines` and `lastNewline`.
   */
  scan(b: Uint8Array, from: number, to: number, offset: number): number {
    let i = from;
    this.newlines = 0;
    this.lastNewline = -1;
    const before = this.#lastByte;
    if (to > from) {
      if (this.#exponentDigits >= 0) this.#exponent(b, from - 1, to, this.#exponentDigits);
      this.#lastByte = b[to - 1]!;
    }
    // where the last structural byte was, in `b`'s offsets (a local: this loop is the loader's hottest)
    let last = this.#last - offset;
    if (this.#string !== OUTSIDE) {
      i = this.#restOfString(b, i, to);
      if (i === to) return to;
      last = i;
      i++;
    }
    while (i < to) {
      const c = b[i]!;
      const kind = SIGNIFICANT[c];
      if (kind === 0) {
        i++;
        continue;
      }
      if (kind === 2) {
        if (!this.numbers && isDigit(i > 0 ? b[i - 1] : before)) this.#exponent(b, i, to, 0);
        i++;
        continue;
      }
      if (i - last > LONG_LITERAL) this.numbers = true;
      last = i;
      if (c === QUOTE) {
        // to the closing quote byte by byte (cheaper than a native indexOf call for the usual short string)
        let q = i + 1;
        let d = 0;
        while (q < to && (d = b[q]!) !== QUOTE && d !== BACKSLASH) q++;
        if (q < to && d === QUOTE) {
          if (this.#expectKey) this.string(b, i + 1, q);
          last = q;
          i = q + 1;
          continue;
        }
        // an escape, or the end of the piece: not comparable by its bytes
        this.unknownString();
        this.#string = INSIDE;
        i = this.#restOfString(b, q, to);
        if (i === to) {
          this.#last = offset + last;
          return to;
        }
        last = i;
        i++;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) this.open(c === OPEN_BRACE, offset + i);
      else if (c === NEWLINE) {
        this.newlines++;
        this.lastNewline = i;
      } else if (this.#level === 0) {
        this.#last = offset + last;
        return i;
      } else if (c === COMMA) this.comma();
      else this.close(offset + i + 1);
      i++;
    }
    this.#last = offset + last;
    return to;
  }


  /**
   * The exponent after `b[e]` (an `e` or `E` after a digit, or the end of the last scan when `digits` were read
   * there): `numbers` when it has three digits or more. An exponent cut by `to` is counted on at the next scan.
   */
  #exponent(b: Uint8Array, e: number, to: number, digits: number): void {
    this.#exponentDigits = -1;
    let k = e + 1;
    if (digits === 0 && (b[k] === 43 || b[k] === 45)) k++;
    const start = k;
    while (k < to && isDigit(b[k])) k++;
    const n = digits + k - start;
    if (n >= 3) this.numbers = true;
    else if (k === to) this.#exponentDigits = n;
  }

  /** From `i` inside a string: the index of its closing quote (leaving the string), or `to` (still inside). */
  #restOfString(b: Uint8Array, i: number, to: number): number {
    if (this.#string === ESCAPED) {
      if (i === to) return to;
      i++;
    }
    while (i < to) {
      const d = b[i]!;
      if (d === QUOTE) {
        this.#string = OUTSIDE;
        return i;
      }
      if (d === BACKSLASH) {
        if (i + 1 === to) {
          this.#string = ESCAPED;
          return to;
        }
        i += 2;
      } else i++;
    }
    this.#string = INSIDE;
    return to;
  }
}
