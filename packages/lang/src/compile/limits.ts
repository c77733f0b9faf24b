/**
 * Evaluation budgets. Each one ends an evaluation with a diagnostic naming it, at the span of the node where it
 * tripped; none lets an expression exhaust memory, the JavaScript stack or the host's time.
 *
 * A step is: one op call (operators and key lookups included; a call mapped over a list is one call per
 * element), one call of a lambda or function value, and one per element of every list an op returns (so building
 * big lists costs what it allocates).
 */
import { DateValue, parseIsoDate } from "@qel/ops";
import { error, QelError } from "../syntax/diagnostics.js";

export interface Limits {
  /** Steps per evaluation (see the module comment). */
  readonly maxSteps: number;
  /**
   * Lambda and function-value calls active at once (a lambda calling a function that calls a lambda: 2), and the
   * nesting depth of lists and dicts built during the evaluation.
   */
  readonly maxDepth: number;
  /** Wall-clock milliseconds per evaluation, checked every 1024 steps. */
  readonly timeoutMs: number;
  /**
   * Length of any list an op produces (mapped results and literals included), and the number of values a list or
   * dict built during the evaluation holds in all (nested lists and dicts built during it, by an expression or
   * inside an op's result such as the groups of `groupBy`, counted in full; lists and dicts from the host, a run's
   * artifacts or history included, count as one value each, as does an empty list or dict; a string counts as one
   * value per 100 characters).
   */
  readonly maxOutputLength: number;
  /** Length, in UTF-16 code units, of any string an op produces. */
  readonly maxStringLength: number;
}

/** The defaults; frozen. */
export const defaultLimits: Readonly<Limits> = Object.freeze({
  maxSteps: 10_000_000,
  maxDepth: 512,
  timeoutMs: 10_000,
  maxOutputLength: 1_000_000,
  maxStringLength: 10_000_000,
});

/** Anything with `aborted`, such as an AbortSignal (lang does not depend on DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** Options of one evaluation: limits (each optional, defaults above), an abort signal and the clock. */
export interface RunOptions extends Partial<Limits> {
  readonly signal?: AbortSignalLike;
  /** The instant `now()` returns during this evaluation (a Date, a qel date, epoch milliseconds or ISO text). */
  readonly now?: Date | DateValue | number | string;
}

/** RunOptions with every limit filled in and `now` as epoch milliseconds. */
export interface ResolvedRunOptions extends Limits {
  readonly signal: AbortSignalLike | undefined;
  readonly now: number | undefined;
}


const limitKeys = Object.keys(defaultLimits) as (keyof Limits)[];
const optionKeys = new Set<string>([...limitKeys, "signal", "now"]);

function invalid(message: string): QelError {
  return new QelError(error("invalid_option", message, { start: 0, end: 0 }));
}

const defaultRunOptions: ResolvedRunOptions = Object.freeze({ ...defaultLimits, signal: undefined, now: undefined });

/**
 * Validates run options; throws a QelError (`invalid_option`) on an unknown key, a bad value, or options that
 * cannot be read (a throwing getter or Proxy), and never anything else.
 */
export function resolveRunOptions(options: RunOptions | undefined): ResolvedRunOptions {
  if (options === undefined) return defaultRunOptions;
  if (typeof options !== "object" || options === null) throw invalid("run options must be an object");
  try {
    return readRunOptions(options);
  } catch (e) {
    if (e instanceof QelError) throw e;
    throw invalid(`run options could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Whether `signal` is aborted; a signal whose `aborted` cannot be read is an `invalid_option` QelError. */
export function isAborted(signal: AbortSignalLike | undefined): boolean {
  if (signal === undefined) return false;
  try {
    return signal.aborted === true;
  } catch (e) {
    throw invalid(`run option \`signal\` could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function readRunOptions(options: RunOptions): ResolvedRunOptions {
  for (const k of Object.keys(options)) {
    if (!optionKeys.has(k)) throw invalid(`unknown run option \`${k}\`; known: ${[...optionKeys].join(", ")}`);
  }
  const out: Record<keyof Limits, number> = { ...defaultLimits };
  for (const k of limitKeys) {
    const v = options[k];
    if (v === undefined) continue;
    if (typeof v !== "number" || Number.isNaN(v) || v < 0 || (!Number.isInteger(v) && v !== Infinity)) {
      throw invalid(`run option \`${k}\` must be a non-negative integer or Infinity, got ${String(v)}`);
    }
    out[k] = v;
  }
  const signal = options.signal;
  if (signal !== undefined && (typeof signal !== "object" || signal === null || typeof signal.aborted !== "boolean")) {
    throw invalid("run option `signal` must be an AbortSignal");
  }
  return { ...out, signal, now: nowMs(options.now) };
}

/** The largest distance from 1970 a date may have, in milliseconds (that of JavaScript's Date). */
const MAX_DATE_MS = 8.64e15;

function nowMs(now: RunOptions["now"]): number | undefined {
  if (now === undefined) return undefined;
  let ms: number;
  if (now instanceof DateValue) ms = now.ms;
  else if (now instanceof Date) ms = now.getTime();
  else if (typeof now === "number") ms = now;
  // strict ISO-8601, a time without zone read as UTC, as date() and the runs format read it: never the
  // host's time zone, never Date.parse's guesses ("0", "11/03/2026")
  else if (typeof now === "string") {
    const parsed = parseIsoDate(now);
    if (parsed === null) throw invalid(`run option \`now\` is not ISO-8601 text such as 2026-03-11T00:00:00Z: ${JSON.stringify(now)}`);
    ms = parsed;
  }
  else throw invalid("run option `now` must be a Date, a date value, epoch milliseconds or ISO-8601 text");
  // The range of a date (language.md "Dates and durations"), as `date(ms)` checks it.
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) throw invalid(`run option \`now\` is not a valid instant: ${String(now)}`);
  return ms;
}
