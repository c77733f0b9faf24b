/**
 * Numbers given on the command line (`--timeout`, `--max-steps`, `--workers`, `--port`, `--at`) and to `:set`, all
 * read one way: JSON number syntax (`30`, `0.5`, `1e10`), with leading zeros and `_` between digits also allowed
 * (`1_000_000`). `Number()` alone would also take "", " 5" and "0x10", and a plain digit pattern would refuse `1e10`.
 */
import { UsageError } from "./args.js";

const NUMBER_SYNTAX = /^-?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+)?$/;

/**
 * `text` as a number when it is written as one (see the module comment), else undefined. A value too large for a
 * double is Infinity; `-0` is 0. Never throws.
 */
export function readNumber(text: string): number | undefined {
  if (!NUMBER_SYNTAX.test(text)) return undefined;
  return Number(text.replaceAll("_", "")) + 0;
}

/** The range a whole-number flag takes, both ends included. */
export interface WholeRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The value of `--name` as a whole number within `range`. Throws UsageError naming the flag, what it takes
 * (`takes` replaces "takes a whole number from MIN to MAX") and the text given, so `--workers ""` or
 * `--port 0x10` is refused rather than read as 0 or 16.
 */
export function wholeNumberFlag(name: string, text: string, range: WholeRange, usage: string, takes?: string): number {
  const n = readNumber(text);
  if (n !== undefined && Number.isInteger(n) && n >= range.min && n <= range.max) return n;
  const to = range.max === Number.MAX_SAFE_INTEGER ? " or more" : ` to ${range.max}`;
  throw new UsageError(`--${name} ${takes ?? `takes a whole number from ${range.min}${to}`}, not ${JSON.stringify(text)}`, usage);
}
