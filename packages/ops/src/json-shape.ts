/**
 * What loading must know about the text of a run before it may keep the parsed JSON as it is (see readRun), found
 * while its bytes are scanned anyway (runs-stream-split.ts) or in one pass of its own (jsonShape): how deeply it
 * nests, and whether some object may hold a key twice (JSON.parse keeps the last value without a word). Keys are
 * compared by a hash of their length and a few of their bytes, so "may": a collision, or a key written with an
 * escape or cut by a chunk boundary, sends the text to the exact check (findDuplicateKeys, json-duplicates.ts),
 * which runs only then.
 */

export interface JsonShape {
  /** The deepest nesting of lists and objects: `{"a": [1]}` is 2, a scalar 0. */
  readonly depth: number;
  /** Some object may hold a key twice. */
  readonly repeatedKeys: boolean;
  /**
   * Where the object values of the top-level keys `config` and `summary` (a run's) begin and end in the text,
   * as byte offsets from its start (end exclusive), or -1: not an object, not written as plain `"config"`, or
   * absent. Meaningful only when no key may repeat.
   */
  readonly configStart: number;
  readonly configEnd: number;
  readonly summaryStart: number;
  readonly summaryEnd: number;
}

/** The bytes of `"config"` and `"summary"` between their quotes. */
const CONFIG = [99, 111, 110, 102, 105, 103];
const SUMMARY = [115, 117, 109, 109, 97, 114, 121];

function isKey(b: Uint8Array, from: number, to: number, key: readonly number[]): boolean {
  if (to - from !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (b[from + i] !== key[i]) return false;
  return true;
}

const QUOTE = 34, BACKSLASH = 92, COMMA = 44;
const OPEN_BRACE = 123, OPEN_BRACKET = 91;
/** The bytes jsonShape acts on outside strings: 1, the rest 0 (digits, letters, spaces, colons). */
const SIGNIFICANT = new Uint8Array(256);
for (const c of [QUOTE, OPEN_BRACE, 125, OPEN_BRACKET, 93, COMMA]) SIGNIFICANT[c] = 1;

/** Objects with more keys than this keep their key hashes in a Set rather than on the stack of hashes. */
const LIST_KEYS = 32;

/** Follows the nesting and the keys of one JSON value as a scan reports its brackets, commas and strings. */
export class ShapeTracker implements JsonShape {
  depth = 0;
  repeatedKeys = false;
  configStart = -1;
  configEnd = -1;
  summaryStart = -1;
  summaryEnd = -1;
  #level = 0;
  #expectKey = false;
  /** The key just read at the top level: 1 `config`, 2 `summary`, 0 another (while its value is read). */
  #topKey = 0;
  /** Per open level: whether it is an object, and the hashes of its keys so far. */
  readonly #objects: boolean[] = [false];
  /**
   * The key hashes of the open objects, one stack for all (nothing allocated per object): level L's from
   * `#starts[L]` to the top of the stack, or in `#sets[L]` once it has many keys.
   */
  #hashes = new Int32Array(256);
  #top = 0;
  readonly #starts: number[] = [0];
  readonly #sets: (Set<number> | null)[] = [null];

  /** Starts a new value. */
  reset(): void {
    this.depth = 0;
    this.repeatedKeys = false;
    this.configStart = this.configEnd = this.summaryStart = this.summaryEnd = -1;
    this.#level = 0;
    this.#expectKey = false;
    this.#topKey = 0;
    this.#top = 0;
  }

  /** A list or object opens at byte offset `at` of the value (only offsets of `config` and `summary` are kept). */
  open(object: boolean, at = -1): void {
    const level = ++this.#level;
    if (level > this.depth) this.depth = level;
    this.#objects[level] = object;
    this.#starts[level] = this.#top;
    this.#sets[level] = null;
    this.#expectKey = object;
    if (level === 2 && object && this.#topKey !== 0) {
      if (this.#topKey === 1) this.configStart = at;
      else this.summaryStart = at;
    }
  }

  /** A list or object closes; `at` is the offset just after its closing bracket. */
  close(at = -1): void {
    if (this.#level === 2 && this.#topKey !== 0) {
      if (this.#topKey === 1 && this.configStart >= 0) this.configEnd = at;
      else if (this.#topKey === 2 && this.summaryStart >= 0) this.summaryEnd = at;
      this.#topKey = 0;
    }
    if (this.#level > 0) this.#top = this.#starts[this.#level]!;
    this.#level--;
    this.#expectKey = false;
  }

  comma(): void {
    this.#expectKey = this.#objects[this.#level] === true;
    if (this.#level === 1) this.#topKey = 0;
  }

  /** A string whose text is `b[from..to)` (no escape in it) was read. */
  string(b: Uint8Array, from: number, to: number): void {
    if (!this.#expectKey) return;
    this.#expectKey = false;
    if (this.#level === 1) this.#topKey = isKey(b, from, to, CONFIG) ? 1 : isKey(b, from, to, SUMMARY) ? 2 : 0;
    if (this.repeatedKeys) return;
    const len = to - from;
    // the length and five bytes: O(1) per key; a collision only costs the exact check
    let h = Math.imul(len, 0x9e3779b1);
    if (len > 0) h = Math.imul(h ^ (b[from]! | (b[to - 1]! << 8) | (b[from + (len >> 1)]! << 16) | (b[from + (len >> 2)]! << 24)), 16777619);
    if (len > 4) h = Math.imul(h ^ (b[to - 2]! | (b[from + 1]! << 8) | (b[to - 3]! << 16)), 16777619);
    const level = this.#level;
    const set = this.#sets[level];
    if (set !== null && set !== undefined) {
      if (set.has(h)) this.repeatedKeys = true;
      else set.add(h);
      return;
    }
    const first = this.#starts[level] ?? 0;
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
}

/** The shape of the JSON in `b`, in one pass (for valid JSON; for anything else unspecified, but never throws). */
export function jsonShape(b: Uint8Array): JsonShape {
  const t = new ShapeTracker();
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (SIGNIFICANT[c] === 0) {
      i++;
      continue;
    }
    if (c === QUOTE) {
      // to the closing quote byte by byte (cheaper than a native indexOf call for the usual short string)
      let q = i + 1;
      let escaped = false;
      let d = 0;
      for (;;) {
        while (q < n && (d = b[q]!) !== QUOTE && d !== BACKSLASH) q++;
        if (q >= n || d === QUOTE) break;
        escaped = true;
        q += 2;
      }
      if (q >= n) break;
      if (escaped) t.unknownString();
      else t.string(b, i + 1, q);
      i = q + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) t.open(c === OPEN_BRACE, i);
    else if (c === COMMA) t.comma();
    else t.close(i + 1);
    i++;
  }
  return shapeOf(t);
}

/** What `t` found, as a plain object (the tracker goes on to the next value). */
export function shapeOf(t: ShapeTracker): JsonShape {
  return {
    depth: t.depth, repeatedKeys: t.repeatedKeys,
    configStart: t.configStart, configEnd: t.configEnd, summaryStart: t.summaryStart, summaryEnd: t.summaryEnd,
  };
}
