/**
 * Comparison, identity and printing of runtime values, shared by the ops, the evaluator and the output writers.
 * Semantics: docs/language.md (structural `==`, NaN rules, stable sorting with nulls last).
 */
import { isKeyword } from "./keywords.js";
import { OpError } from "./errors.js";
import { exportRuns } from "./runs-export.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, groupKeys, isDict, isList, type Dict, type Value } from "./values.js";

/**
 * Structural equality as `==` defines it: lists and dicts element by element (dict key order ignored), dates and
 * durations by milliseconds, `NaN` equal to nothing, `0 == -0`, values of different kinds never equal (`1 != "1"`).
 * Runs are equal when their names are, artifact versions when name and version are, users when usernames are.
 * Never throws.
 */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true; // never true for NaN
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i] as Value, b[i] as Value)) return false;
    return true;
  }
  if (isDict(a)) {
    if (!isDict(b) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !valueEquals(v, b.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof DateValue) return b instanceof DateValue && a.ms === b.ms;
  if (a instanceof DurationValue) return b instanceof DurationValue && a.ms === b.ms;
  if (a instanceof Run) return b instanceof Run && a.name === b.name;
  if (a instanceof ArtifactVersion) return b instanceof ArtifactVersion && a.name === b.name && a.version === b.version;
  if (a instanceof User) return b instanceof User && a.username === b.username;
  return false;
}

const functionIds = new WeakMap<FunctionValue, number>();
let nextFunctionId = 0;

/**
 * A string that two values share exactly when `unique`, `groupBy` and `contains` treat them as the same value:
 * like `valueEquals`, except that every NaN is the same value. Types are kept apart (`1`, `"1"` and `true` differ).
 * Never throws.
 */
export function sameValueKey(v: Value): string {
  switch (typeof v) {
    case "string":
      return "s" + v;
    case "number":
      return "n" + String(v === 0 ? 0 : v);
    case "boolean":
      return v ? "T" : "F";
  }
  return v === null ? "z" : nestedKey(v);
}

function nestedKey(v: Value): string {
  if (v === null || typeof v !== "object") return typeof v === "string" ? JSON.stringify(v) : sameValueKey(v);
  if (isList(v)) return "[" + v.map(nestedKey).join(",") + "]";
  if (isDict(v)) {
    const keys = [...v.keys()].sort();
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + nestedKey(v.get(k)!)).join(",") + "}";
  }
  if (v instanceof DateValue) return "d" + String(v.ms);
  if (v instanceof DurationValue) return "u" + String(v.ms);
  if (v instanceof Run) return "r" + JSON.stringify(v.name);
  if (v instanceof ArtifactVersion) return "a" + JSON.stringify(v.name) + ":" + String(v.version);
  if (v instanceof User) return "p" + JSON.stringify(v.username);
  let id = functionIds.get(v);
  if (id === undefined) functionIds.set(v, (id = nextFunctionId++));
  return "f" + String(id);
}

/** Order of kinds when a sort meets values of different kinds. */
function kindRank(v: Value): number {
  switch (typeof v) {
    case "boolean":
      return 0;
    case "number":
      return 1;
    case "string":
      return 2;
  }
  if (v instanceof DateValue) return 3;
  if (v instanceof DurationValue) return 4;
  if (Array.isArray(v)) return 5;
  if (v instanceof Run) return 6;
  if (v instanceof ArtifactVersion) return 7;
  if (v instanceof User) return 8;
  return 9;
}

/**
 * Comparison of two values that are neither null nor NaN, ascending or `descending`. Lists compare element by
 * element with the same direction, so a null or NaN element sorts last at every level (docs/language.md
 * "Corner cases").
 */
function compareDirected(a: Value, b: Value, descending: boolean): number {
  const ra = kindRank(a), rb = kindRank(b);
  if (ra !== rb) return descending ? rb - ra : ra - rb;
  if (Array.isArray(a)) {
    const bl = b as readonly Value[];
    for (let i = 0; i < a.length && i < bl.length; i++) {
      const c = compareValues(a[i] as Value, bl[i]!, descending);
      if (c !== 0) return c;
    }
    return descending ? bl.length - a.length : a.length - bl.length;
  }
  const c = compareAsc(a, b);
  return descending ? -c : c;
}

/** Ascending comparison of two values that are neither null nor NaN. */
function compareAsc(a: Value, b: Value): number {
  const ra = kindRank(a), rb = kindRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" || typeof a === "string" || typeof a === "boolean") {
    return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  }
  if (a instanceof DateValue || a instanceof DurationValue) return Math.sign(a.ms - (b as typeof a).ms);
  if (Array.isArray(a)) return compareDirected(a, b, false);
  if (a instanceof Run) return compareAsc(a.name, (b as Run).name);
  if (a instanceof ArtifactVersion) {
    const o = b as ArtifactVersion;
    return compareAsc(a.name, o.name) || a.version - o.version;
  }
  if (a instanceof User) return compareAsc(a.username, (b as User).username);
  return 0;
}

/**
 * The sort order: numbers numerically, strings by UTF-16 code unit, `false < true`, dates and durations by time,
 * lists element by element, runs by name; values of different kinds by kind (boolean, number, string, date,
 * duration, list, Run, ArtifactVersion, User). `descending` reverses that order, but in either direction NaN comes
 * after every other value and null after NaN, so both sit at the end. Never throws.
 */
export function compareValues(a: Value, b: Value, descending = false): number {
  const sa = tailRank(a), sb = tailRank(b);
  if (sa !== 0 || sb !== 0) return sa - sb;
  return compareDirected(a, b, descending);
}

function tailRank(v: Value): number {
  return v === null ? 2 : typeof v === "number" && Number.isNaN(v) ? 1 : 0;
}

/** Whether `k` can be written as a bare dict key or member name. */
export function isPlainKey(k: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !isKeyword(k);
}

/**
 * A readable duration: days, hours, minutes, seconds and milliseconds, zero parts left out ("1h 30m", "2d 5s",
 * "-45m", "0s"). Never throws.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return `${String(ms)}ms`;
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    const q = Math.floor(rest / size);
    if (q > 0) parts.push(`${q}${unit}`);
    rest -= q * size;
  }
  if (rest > 0) parts.push(`${Math.round(rest * 1000) / 1000}ms`);
  if (parts.length === 0) return "0s";
  return (ms < 0 ? "-" : "") + parts.join(" ");
}

/**
 * The canonical print form, used by `+` on strings and by `toString`: a string is itself, numbers as JavaScript
 * prints them (`0.1`, `1e+21`, `NaN`, `Infinity`), dates as ISO-8601 in UTC, durations as `formatDuration`, lists
 * and dicts in literal syntax with strings quoted inside them (`[1, "a"]`, `{lr: 0.1, "val/loss": 2}`), runs as
 * `<Run name>`, artifact versions as `<ArtifactVersion name:v3>`, users as `<User username>`. Throws only an
 * OpError: `output_limit_exceeded` when the text would be longer than `max` characters (printing stops there,
 * so a value that shares big lists many times fails early instead of building the text first), and
 * `invalid_argument` for a host's value that no qel value is: one holding a list or dict inside itself, or one
 * nested too deeply to print.
 */
export function printValue(v: Value, max = Number.POSITIVE_INFINITY): string {
  if (typeof v === "string") return v;
  try {
    return printNested(v, { left: max, max });
  } catch (e) {
    throw stackFailure(e, v);
  }
}

/**
 * The non-null elements' print forms joined by `sep` (the `join` op), within one budget: throws only an OpError,
 * `output_limit_exceeded` when the whole would be longer than `max` characters, else as `printValue` does.
 */
export function printJoined(xs: readonly Value[], sep: string, max = Number.POSITIVE_INFINITY): string {
  const b: PrintBudget = { left: max, max };
  const parts: string[] = [];
  for (const x of xs) {
    if (x === null) continue;
    if (parts.length > 0) spend(b, sep.length);
    if (typeof x === "string") {
      spend(b, x.length);
      parts.push(x);
    } else {
      try {
        parts.push(printNested(x, b));
      } catch (e) {
        throw stackFailure(e, x);
      }
    }
  }
  return parts.join(sep);
}

/**
 * What a writer that ran out of call stack on `v` throws: an `invalid_argument` OpError saying whether a list or
 * dict in it contains itself (only a host can build that: no loader or op makes a cyclic value, docs/language.md
 * "Limits") or it is merely too deep. Any other error is returned as it is. Checked only after the stack ran out,
 * so writing a well-formed value pays nothing for it.
 */
function stackFailure(e: unknown, v: Value): unknown {
  if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) return e;
  return containsItself(v)
    ? new OpError("invalid_argument", "the value cannot be written: a list or dict in it contains itself, which no qel value does")
    : new OpError("invalid_argument", "the value cannot be written: it is nested too deeply");
}

/**
 * Whether a list or dict in `v` contains itself, by a depth-first walk with an explicit stack (so it cannot run
 * out of call stack itself) that visits each list or dict once (so a value sharing lists many times stays linear).
 */
function containsItself(v: Value): boolean {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: { readonly node: object; readonly children: Iterator<Value> }[] = [];
  const enter = (x: Value): boolean => {
    if (!isList(x) && !isDict(x)) return false;
    if (onPath.has(x)) return true;
    if (done.has(x)) return false;
    onPath.add(x);
    stack.push({ node: x, children: (isList(x) ? x : x.values())[Symbol.iterator]() });
    return false;
  };
  if (enter(v)) return true;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const next = top.children.next();
    if (next.done === true) {
      stack.pop();
      onPath.delete(top.node);
      done.add(top.node);
    } else if (enter(next.value)) {
      return true;
    }
  }
  return false;
}

/** What is left of the text's allowed length. */
interface PrintBudget {
  left: number;
  readonly max: number;
}

function printNested(v: Value, b: PrintBudget): string {
  if (Array.isArray(v)) {
    spend(b, 2);
    const parts: string[] = [];
    for (const x of v as readonly Value[]) {
      if (parts.length > 0) spend(b, 2);
      parts.push(printNested(x, b));
    }
    return "[" + parts.join(", ") + "]";
  }
  if (isDict(v)) {
    spend(b, 2);
    const parts: string[] = [];
    for (const [k, x] of v) {
      const key = isPlainKey(k) ? k : JSON.stringify(k);
      spend(b, key.length + (parts.length > 0 ? 4 : 2));
      parts.push(`${key}: ${printNested(x, b)}`);
    }
    return "{" + parts.join(", ") + "}";
  }
  const text = printScalar(v);
  spend(b, text.length);
  return text;
}

function spend(b: PrintBudget, n: number): void {
  b.left -= n;
  if (b.left < 0) throw new OpError("output_limit_exceeded", `the text would be longer than ${b.max} characters (maxStringLength)`);
}

function printScalar(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return String(v);
    case "boolean":
      return v ? "true" : "false";
  }
  if (v instanceof DateValue) return isoString(v);
  if (v instanceof DurationValue) return formatDuration(v.ms);
  if (v instanceof Run) return `<Run ${v.name}>`;
  if (v instanceof ArtifactVersion) return `<ArtifactVersion ${v.name}:v${v.version}>`;
  if (v instanceof User) return `<User ${v.username}>`;
  return v instanceof FunctionValue ? `<fn ${v.name}>` : "<unknown>";
}

/** ISO-8601 in UTC with milliseconds (`2026-03-02T09:00:00.000Z`); never throws, even for an out-of-range date. */
export function isoString(d: DateValue): string {
  const x = new Date(d.ms);
  return Number.isNaN(x.getTime()) ? "invalid date" : x.toISOString();
}

/** How many values `toJsonValue` writes at most unless told otherwise (a JSON line of roughly a gigabyte). */
export const MAX_JSON_VALUES = 10_000_000;

/** Characters of a string that count as one value written. */
const JSON_CHARS_PER_VALUE = 100;

/**
 * The JSON form of a value, as `qel eval --json` prints it (`JSON.stringify` of the result is the output):
 * - numbers as numbers, except the non-finite ones, which JSON lacks: the strings `"NaN"`, `"Infinity"`,
 *   `"-Infinity"`;
 * - dates as ISO-8601 strings in UTC (`"2026-03-02T09:00:00.000Z"`);
 * - durations as `{"duration_ms": n}` (signed milliseconds), so they stay apart from plain numbers; a non-finite
 *   `n` as the string `"NaN"`, `"Infinity"` or `"-Infinity"`, as for numbers;
 * - dicts as objects (key order kept), lists as arrays, a group from `groupBy` as `{"key": k, "items": [...]}`;
 * - runs exactly as `exportRuns` writes them to a runs file (docs/runs-format.md), users and artifact versions
 *   as their objects in that format; null fields left out, unknown source fields kept;
 * - functions as the string `"<fn name>"`.
 * A value shared many times is written in full each time, so the whole is counted: more than `maxValues` values
 * (a string counting one per 100 characters, a run all its fields and history) throws an OpError with the code
 * `output_limit_exceeded` rather than building it, and an OpError `invalid_argument` for a value that is not a
 * well-formed qel value (a forged Run, a list that contains itself). Throws nothing else.
 */
export function toJsonValue(v: Value, maxValues = MAX_JSON_VALUES): unknown {
  try {
    return new JsonWriter(maxValues).value(v);
  } catch (e) {
    if (e instanceof OpError) throw e;
    const deep = stackFailure(e, v);
    if (deep instanceof OpError) throw deep;
    // Only a value no loader or op made gets here: a Run or Map forged by a host, say.
    throw new OpError("invalid_argument", `the value cannot be written as JSON: it is not a well-formed qel value (${e instanceof Error ? e.message : String(e)})`);
  }
}

class JsonWriter {
  #left: number;
  /** Each run's JSON and the values it holds, made once however often the run is written. */
  readonly #runs = new Map<Run, { readonly json: unknown; readonly weight: number }>();

  constructor(readonly max: number) {
    this.#left = max;
  }

  value(v: Value): unknown {
    if (v === null || typeof v === "boolean") return this.#spent(1, v);
    if (typeof v === "string") return this.#spent(stringWeight(v), v);
    if (typeof v === "number") return this.#spent(1, jsonNumber(v));
    if (Array.isArray(v)) {
      this.#spend(1);
      const items = v.map((x: Value) => this.value(x));
      return groupKeys.has(v) ? { key: this.value(groupKeys.get(v)!), items } : items;
    }
    if (isDict(v)) return this.#spent(1, this.#dict(v));
    if (v instanceof DateValue) return this.#spent(1, isoString(v));
    if (v instanceof DurationValue) return this.#spent(2, { duration_ms: jsonNumber(v.ms) });
    if (v instanceof Run) return this.#run(v);
    // the object, its seven known fields and each alias
    if (v instanceof ArtifactVersion) return this.#spent(8 + v.aliases.length, this.#artifact(v));
    if (v instanceof User) return this.#spent(4, { username: v.username, name: v.name, email: v.email });
    return this.#spent(1, printScalar(v));
  }

  #dict(d: Dict): Record<string, unknown> {
    // fromEntries defines own properties, so a "__proto__" key stays an ordinary key
    return Object.fromEntries([...d].map(([k, x]) => [k, this.value(x)]));
  }

  /** The run as `exportRuns` writes it to a runs file, with non-finite numbers as strings. */
  #run(r: Run): unknown {
    let made = this.#runs.get(r);
    if (made === undefined) {
      const count = { n: 0 };
      made = { json: finiteJson(exportRuns([r]).runs[0], count), weight: count.n };
      this.#runs.set(r, made);
    }
    return this.#spent(made.weight, made.json);
  }

  #artifact(a: ArtifactVersion): Record<string, unknown> {
    return this.#withExtra({
      name: a.name, version: a.version, aliases: [...a.aliases], type: a.type, size: a.size,
      createdAt: a.createdAt === null ? null : isoString(a.createdAt), digest: a.digest,
    }, a.extra);
  }

  /** Known fields in the format's order, nulls left out, then unknown fields that do not shadow a known one. */
  #withExtra(known: Record<string, unknown>, extra: Dict): Record<string, unknown> {
    const out = Object.fromEntries(Object.entries(known).filter(([, x]) => x !== null && x !== undefined));
    for (const [k, x] of extra) if (!Object.hasOwn(known, k)) out[k] = this.value(x);
    return out;
  }

  #spend(n: number): void {
    this.#left -= n;
    if (this.#left < 0) {
      throw new OpError("output_limit_exceeded", `the result is too large to write as JSON: more than ${this.max} values`,
        "narrow it with filter, map or limit");
    }
  }

  #spent<T>(n: number, json: T): T {
    this.#spend(n);
    return json;
  }
}

function stringWeight(s: string): number {
  return s.length <= JSON_CHARS_PER_VALUE ? 1 : Math.ceil(s.length / JSON_CHARS_PER_VALUE);
}

function finiteJson(x: unknown, count: { n: number }): unknown {
  count.n += typeof x === "string" ? stringWeight(x) : 1;
  if (typeof x === "number") return jsonNumber(x);
  if (Array.isArray(x)) return x.map((y) => finiteJson(y, count));
  if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, finiteJson(v, count)]));
  return x;
}

/**
 * A number as JSON holds it: a finite one as itself (`-0` as `0`), a non-finite one, which JSON lacks, as the
 * string `"NaN"`, `"Infinity"` or `"-Infinity"` (docs/host.md, `toJson`), so the three stay apart.
 */
function jsonNumber(n: number): number | string {
  return Number.isFinite(n) ? (n === 0 ? 0 : n) : String(n);
}
