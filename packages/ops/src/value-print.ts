/**
 * The canonical print form of runtime values (`toString`, `+` on strings, `join`), within a length budget, and
 * the error a value writer raises when it runs out of call stack. Split from equality, ordering and JSON so each
 * concern has one home. Semantics: docs/language.md ("Limits").
 */
import { isKeyword } from "./keywords.js";
import { OpError } from "./errors.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, isDict, isList, type Value } from "./values.js";

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
export function stackFailure(e: unknown, v: Value): unknown {
  if (!(e instanceof RangeError) || !e.message.includes("call stack")) return e;
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

/** The print form of a value that is not a list or dict, strings quoted (as inside a list); never throws. */
export function printScalar(v: Value): string {
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
