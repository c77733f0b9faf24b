/**
 * Arithmetic operators `+ - * / % **` and unary minus, on numbers, strings, dates and durations. Numbers follow
 * IEEE-754 as JavaScript does (`x / 0` is ±Infinity or NaN); a string plus a number or boolean prints it in its
 * canonical form (docs/language.md). Comparisons are in compare.ts.
 */
import { dateAt } from "./date.js";
import { contextual, defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";
import { printValue } from "./value-print.js";
import { DurationValue, type DateValue } from "./values.js";

const N = T.Number, S = T.String, B = T.Boolean, D = T.Date, U = T.Duration;
const OPERANDS = [{ name: "a", doc: "The left operand." }, { name: "b", doc: "The right operand." }] as const;
const dur = (ms: number): DurationValue => new DurationValue(ms);
const shifted = (d: DateValue, ms: number): DateValue => dateAt(d.ms + ms);

const add = defineOp({
  name: "add", operator: "+", category: "operator",
  // prettier-ignore
  overloads: [
    overload([N, N], N, (a, b) => a + b, { sql: { template: { duckdb: "$0 + $1" } } }),
    overload([S, S], S, (a, b) => a + b, { sql: { template: { duckdb: "$0 || $1" } } }),
    contextual([S, N], S, (cx, a, b) => a + printValue(b, cx.maxStringLength)),
    contextual([S, B], S, (cx, a, b) => a + printValue(b, cx.maxStringLength)),
    contextual([N, S], S, (cx, a, b) => printValue(a, cx.maxStringLength) + b),
    contextual([B, S], S, (cx, a, b) => printValue(a, cx.maxStringLength) + b),
    overload([D, U], D, (a, b) => shifted(a, b.ms)),
    overload([U, D], D, (a, b) => shifted(b, a.ms)),
    overload([U, U], U, (a, b) => dur(a.ms + b.ms)),
  ],
  doc: {
    summary: "`a + b`: adds numbers, concatenates strings (a number or boolean beside a string is printed), moves a date by a duration, adds durations.",
    params: OPERANDS, returns: "number, string, date or duration",
    examples: [
      { expr: '[1 + 2, "lr=" + 0.01, "ok: " + true]', result: [3, "lr=0.01", "ok: true"] },
      { expr: 'runs[0].createdAt + hours(2)', result: "2026-03-02T11:00:00.000Z" },
    ],
  },
});

const subtract = defineOp({
  name: "subtract", operator: "-", category: "operator",
  // prettier-ignore
  overloads: [
    overload([N, N], N, (a, b) => a - b, { sql: { template: { duckdb: "$0 - $1" } } }),
    overload([D, D], U, (a, b) => dur(a.ms - b.ms)),
    overload([D, U], D, (a, b) => shifted(a, -b.ms)),
    overload([U, U], U, (a, b) => dur(a.ms - b.ms)),
  ],
  doc: {
    summary: "`a - b`: subtracts numbers; the duration between two dates; a date moved back by a duration; the difference of durations.",
    params: OPERANDS, returns: "number, duration or date",
    examples: [
      { expr: 'runs.map(run => run.heartbeatAt - run.createdAt).limit(2)', result: [{"duration_ms": 5400000}, {"duration_ms": 2700000}] },
      { expr: 'date("2026-03-01") - 1d', result: "2026-02-28T00:00:00.000Z" },
    ],
  },
});

const multiply = defineOp({
  name: "multiply", operator: "*", category: "operator",
  // prettier-ignore
  overloads: [
    overload([N, N], N, (a, b) => a * b, { sql: { template: { duckdb: "$0 * $1" } } }),
    overload([U, N], U, (a, b) => dur(a.ms * b)),
    overload([N, U], U, (a, b) => dur(a * b.ms)),
  ],
  doc: {
    summary: "`a * b`: multiplies numbers, or scales a duration by a number.",
    params: OPERANDS, returns: "number or duration",
    examples: [{ expr: '[3 * 4, 1.5 * hours(2)]', result: [12, {"duration_ms": 10800000}] }],
  },
});

const divide = defineOp({
  name: "divide", operator: "/", category: "operator",
  // prettier-ignore
  overloads: [
    overload([N, N], N, (a, b) => a / b, { sql: { template: { duckdb: "$0 / $1" } } }),
    overload([U, N], U, (a, b) => dur(a.ms / b)),
    overload([U, U], N, (a, b) => a.ms / b.ms),
  ],
  doc: {
    summary: "`a / b`: divides numbers (by IEEE-754: `1 / 0` is Infinity, `0 / 0` NaN); a duration by a number; one duration by another, giving their ratio.",
    params: OPERANDS, returns: "number or duration",
    examples: [{ expr: '[7 / 2, 1 / 0, (runs[0].heartbeatAt - runs[0].createdAt) / 1h]', result: [3.5, "Infinity", 1.5] }],
  },
});

const modulo = defineOp({
  name: "modulo", operator: "%", category: "operator",
  overloads: [overload([N, N], N, (a, b) => a % b)],
  doc: {
    summary: "`a % b`: the remainder of `a / b`, with the sign of `a` (as in JavaScript).",
    params: OPERANDS, returns: "number",
    examples: [{ expr: '[7 % 3, -7 % 3, runs[0].runtime % 3600]', result: [1, -1, 1800] }],
  },
});

const power = defineOp({
  name: "power", operator: "**", category: "operator",
  overloads: [overload([N, N], N, (a, b) => a ** b)],
  doc: {
    summary: "`a ** b`: `a` raised to the power `b`. It binds tighter than unary minus: `-2 ** 2` is -4.",
    params: OPERANDS, returns: "number",
    examples: [{ expr: '[2 ** 10, -2 ** 2, 2 ** 0.5]', result: [1024, -4, 1.4142135623730951] }],
  },
});

const negate = defineOp({
  name: "negate", operator: "neg", category: "operator",
  // prettier-ignore
  overloads: [
    overload([N], N, (a) => -a, { sql: { template: { duckdb: "-$0" } } }),
    overload([U], U, (a) => dur(-a.ms)),
  ],
  doc: {
    summary: "`-a`: the number or duration with its sign flipped.",
    params: [{ name: "a", doc: "A number or duration." }], returns: "number or duration",
    examples: [{ expr: '[-runs[0].runtime, -(2h)]', result: [-5400, {"duration_ms": -7200000}] }],
  },
});

/** The arithmetic operator ops, in reference order. */
export const arithmeticOps: readonly OpDef[] = [add, subtract, multiply, divide, modulo, power, negate];
