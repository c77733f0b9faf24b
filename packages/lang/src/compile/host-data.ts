/**
 * The data API for host applications (docs/host.md): runs converted once into an immutable list that any number
 * of evaluations read without converting again, and results as plain JSON values.
 */
import { OpError, toJsonValue, type Run, type Value } from "@qel/ops";
import { error, QelError } from "../syntax/diagnostics.js";
import { acceptRuns, loadPlain } from "./compile-bindings.js";

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
  const runs = Object.freeze(loadPlain(input, options.onWarning, "the runs"));
  acceptRuns(runs);
  return runs;
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
  try {
    return options.maxValues === undefined ? toJsonValue(value) : toJsonValue(value, options.maxValues);
  } catch (e) {
    if (e instanceof OpError) throw new QelError(error(e.code, e.message, { start: 0, end: 0 }));
    throw e;
  }
}
