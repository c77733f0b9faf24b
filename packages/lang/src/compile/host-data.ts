/**
 * The data API for host applications (docs/host.md): runs converted once into an immutable list that any number
 * of evaluations read without converting again, and results as plain JSON values.
 */
import { OpError, toJsonValue, type Run, type Value } from "@qel/ops";
import { error, QelError } from "../syntax/diagnostics.js";
import { acceptRuns, readRuns } from "./compile-bindings.js";

export interface LoadRunsOptions {
  /** Called with each warning about the input (an unknown state kept as written, a duplicate run name, …). */
  readonly onWarning?: (message: string) => void;
}

/**
 * Converts runs given as plain JSON — an array of canonical runs, a `qel-runs/1` document, or runs exported from
 * W&B's public API — into a frozen list of Run objects. Pass it as the `runs` binding of `run()` or `evaluate()`
 * any number of times: it is never converted again. Throws a QelError (`invalid_argument`) naming every run and
 * field that could not be read; never anything else.
 */
export function loadRuns(input: unknown, options: LoadRunsOptions = {}): readonly Run[] {
  const onWarning = optionsOf(options, "loadRuns").onWarning;
  if (onWarning !== undefined && typeof onWarning !== "function") throw bad("`onWarning` of loadRuns must be a function");
  // read as the binding `runs` is: Run instances kept, plain data copied without running a getter, Maps read
  const runs = readRuns(input, { what: "the runs", ...(onWarning !== undefined ? { onWarning } : {}) });
  acceptRuns(runs);
  return runs;
}

function bad(message: string): QelError {
  return new QelError(error("invalid_argument", message, { start: 0, end: 0 }));
}

/** `options` when it is an options object (or undefined, read as none); else an `invalid_argument` QelError. */
function optionsOf<O extends object>(options: O | undefined | null, fn: string): Partial<O> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) throw bad(`the options of ${fn} must be an object`);
  return options;
}

/** Options of `toJson`. */
export interface ToJsonOptions {
  /** The most values the JSON may hold in all (a string counting one per 100 characters); default ten million. */
  readonly maxValues?: number;
}

/**
 * A result as plain JSON-ready data, in the forms `qel eval --json` writes: dicts as objects, dates as ISO-8601
 * strings, `NaN` and `±Infinity` as strings, durations as `{"duration_ms": n}`, a group as `{"key", "items"}`,
 * runs, users and artifact versions as their objects in a runs file. Throws a QelError (`output_limit_exceeded`)
 * when the JSON would hold more than `maxValues` values.
 */
export function toJson(value: Value, options: ToJsonOptions = {}): unknown {
  const maxValues = optionsOf(options, "toJson").maxValues;
  if (maxValues !== undefined && !(typeof maxValues === "number" && Number.isInteger(maxValues) && maxValues >= 0)) {
    throw bad(`\`maxValues\` of toJson must be a whole number ≥ 0, not ${typeof maxValues === "number" ? String(maxValues) : typeof maxValues}`);
  }
  try {
    return maxValues === undefined ? toJsonValue(value) : toJsonValue(value, maxValues);
  } catch (e) {
    if (e instanceof OpError) throw new QelError(error(e.code, e.message, { start: 0, end: 0 }));
    throw e;
  }
}
