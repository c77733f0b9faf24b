/**
 * What loading must know about the text of a run before it may keep the parsed JSON as it is (see readRun), found
 * while its bytes are scanned anyway (runs-stream-split.ts) or in one pass of its own (jsonShape): how deeply it
 * nests, and whether some object may hold a key twice (JSON.parse keeps the last value without a word). Keys are
 * compared by a hash of their length and a few of their bytes, so "may": a collision, or a key written with an
 * escape or cut by a chunk boundary, sends the text to the exact check (findDuplicateKeys, json-duplicates.ts),
 * which runs only then.
 */

import { ShapeTracker } from "./json-shape-tracker.js";

export interface JsonShape {
  /** The deepest nesting of lists and objects: `{"a": [1]}` is 2, a scalar 0. */
  readonly depth: number;
  /** Some object may hold a key twice. */
  readonly repeatedKeys: boolean;
  /**
   * Some number literal may be out of range: it has a three-digit exponent, or LONG_LITERAL characters lie between
   * two structural ones (findOutOfRangeNumbers, runs-json.ts, tells which literal, if any).
   */
  readonly numbers: boolean;
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

/**
 * The shape of the JSON in `b`, in one pass (for valid JSON; for anything else unspecified, but never throws).
 * `tracker`: one to reuse rather than a new one.
 */
export function jsonShape(b: Uint8Array, tracker = new ShapeTracker()): JsonShape {
  tracker.reset();
  const n = b.length;
  // a stray `,` or closing bracket outside the value (not valid JSON) stops a scan: step over it
  for (let i = tracker.scan(b, 0, n, 0); i < n; i = tracker.scan(b, i + 1, n, 0));
  tracker.end(n);
  return shapeOf(tracker);
}

/** What `t` found, as a plain object (the tracker goes on to the next value). */
export function shapeOf(t: ShapeTracker): JsonShape {
  return {
    depth: t.depth, repeatedKeys: t.repeatedKeys, numbers: t.numbers,
    configStart: t.configStart, configEnd: t.configEnd, summaryStart: t.summaryStart, summaryEnd: t.summaryEnd,
  };
}
