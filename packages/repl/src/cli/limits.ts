/**
 * The evaluation limits a user can raise (docs/language.md, "Limits"): `--max-steps N`, `--timeout SECONDS` and
 * `--max-output N` on the command line, `:set NAME VALUE` in the REPL, and the hint a limit's error carries
 * saying which of them raises it.
 */
import { defaultLimits, type Diagnostic, type Limits } from "@qel/lang";
import { UsageError } from "./args.js";
import { readNumber } from "./numbers.js";

export interface LimitSetting {
  /** The flag without `--`, and the name `:set` takes. */
  readonly name: string;
  /** The run option it sets. */
  readonly option: "maxSteps" | "timeoutMs" | "maxOutputLength";
  /** What the value counts, for help and messages. */
  readonly unit: string;
  /** The run option's value from the user's number (seconds become milliseconds). */
  readonly scale: number;
}

export const LIMIT_SETTINGS: readonly LimitSetting[] = [
  { name: "max-steps", option: "maxSteps", unit: "steps", scale: 1 },
  { name: "timeout", option: "timeoutMs", unit: "seconds", scale: 1000 },
  { name: "max-output", option: "maxOutputLength", unit: "values", scale: 1 },
];

export type LimitOptions = Partial<Pick<Limits, LimitSetting["option"]>>;

/**
 * The run option for `value` of the limit `name`: a number ≥ 0 in JSON number syntax (cli/numbers.ts; `1e10`
 * as well as `10000000000`), a whole one except for seconds, or `off` for no limit. There is no maximum: a number
 * too large for a double is no limit, as `off` is. A positive number of seconds below a millisecond is one
 * millisecond, not the 0 that would stop every evaluation at once. Throws UsageError naming the setting and what
 * it takes.
 */
export function parseLimit(name: string, value: string, usage?: string): LimitOptions {
  const s = LIMIT_SETTINGS.find((l) => l.name === name);
  if (s === undefined) throw new UsageError(`unknown limit "${name}" (limits: ${LIMIT_SETTINGS.map((l) => l.name).join(", ")})`, usage);
  if (value === "off") return { [s.option]: Number.POSITIVE_INFINITY };
  const n = readNumber(value);
  if (n === undefined || n < 0 || (s.scale === 1 && !Number.isInteger(n) && n !== Number.POSITIVE_INFINITY)) {
    const what = s.scale === 1 ? "a whole number" : "a number of seconds";
    throw new UsageError(`--${name} takes ${what} ≥ 0 or "off", not ${JSON.stringify(value)}`, usage);
  }
  const scaled = n * s.scale;
  return { [s.option]: scaled > 0 && scaled < 1 ? 1 : Math.round(scaled) };
}

/** The limits given as flags (`--max-steps` …) in parsed arguments. */
export function limitFlags(flags: ReadonlyMap<string, string | true>, usage: string): LimitOptions {
  let out: LimitOptions = {};
  for (const s of LIMIT_SETTINGS) {
    const v = flags.get(s.name);
    if (typeof v === "string") out = { ...out, ...parseLimit(s.name, v, usage) };
  }
  return out;
}

/** A limit's value as the user writes it: `10000000`, `10` (seconds), `off`. */
export function showLimit(s: LimitSetting, limits: LimitOptions): string {
  const v = limits[s.option] ?? defaultLimits[s.option];
  return v === Number.POSITIVE_INFINITY ? "off" : String(v / s.scale);
}

/**
 * Adds to a limit's error how to raise it (`…; raise it with --max-steps N`): `how` turns a setting into the way to
 * set it (a flag, or `:set`). Other diagnostics are returned as they are.
 */
export function withLimitHint(d: Diagnostic, how: (s: LimitSetting) => string): Diagnostic {
  if (d.code !== "step_limit_exceeded" && d.code !== "time_limit_exceeded" && d.code !== "output_limit_exceeded") return d;
  const s = LIMIT_SETTINGS.find((l) => d.message.includes(`(${l.option})`) || (l.option === "maxOutputLength" && d.message.includes("as JSON")));
  if (s === undefined) return d;
  return { ...d, message: `${d.message}; raise it with ${how(s)}` };
}
