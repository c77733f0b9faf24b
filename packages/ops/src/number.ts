/**
 * Number operations: rounding, math functions and conversions to and from strings. Numbers are IEEE-754
 * doubles; NaN and ±Infinity pass through the math functions as in JavaScript (docs/language.md).
 */
import { contextual, defineOp, overload, type OpDef } from "./define.js";
import { OpError } from "./errors.js";
import { isAssignable, T, union } from "./types.js";
import { printValue } from "./value-print.js";
import type { Value } from "./values.js";

const X = [{ name: "x", doc: "A number." }] as const;

/** `x · 10^e`, computed on the decimal text so that 1.005 shifted by 2 is exactly 100.5. */
function shift(x: number, e: number): number {
  const [mantissa, exponent = "0"] = String(x).split("e");
  return Number(`${mantissa}e${Number(exponent) + e}`);
}

function wholeDigits(op: string, digits: number, min: number, max: number): number {
  if (!Number.isInteger(digits) || digits < min || digits > max) {
    throw new OpError("invalid_argument", `${op} digits must be a whole number from ${min} to ${max}, not ${digits}`);
  }
  return digits;
}

/**
 * `x` rounded to `digits` decimal places, halves away from zero (2.5 → 3, -2.5 → -3, 1.005 → 1.01 at 2 digits),
 * judged on the shortest decimal text of `x`. Negative digits round to tens, hundreds, …; never returns -0.
 */
export function roundHalfAway(x: number, digits = 0): number {
  const d = wholeDigits("round", digits, -100, 100);
  if (!Number.isFinite(x)) return x;
  const shifted = shift(Math.abs(x), d);
  if (!Number.isFinite(shifted)) return x;
  const r = shift(Math.round(shifted), -d);
  return x < 0 && r !== 0 ? -r : r;
}

/** Text a number parses from: decimal notation with optional sign, fraction and exponent, or NaN / ±Infinity. */
const NUMBER_TEXT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^[+-]?Infinity$|^NaN$/;

/** The number a string spells (surrounding whitespace allowed), or null when it spells none. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  return NUMBER_TEXT.test(t) ? Number(t) : null;
}

const round = defineOp({
  name: "round", category: "number",
  overloads: [overload([T.Number, T.Number], T.Number, roundHalfAway, { optional: 1 })],
  doc: {
    summary: "`x` rounded to `digits` decimal places (default 0), halves away from zero.",
    details: "Halves are judged on the number as written: `round(1.005, 2)` is 1.01. Negative digits round to tens, hundreds, …",
    params: [X[0], { name: "digits", doc: "Decimal places, a whole number from -100 to 100 (optional, default 0)." }],
    returns: "number",
    examples: [
      { expr: '[round(2.5), round(-2.5), round(1.005, 2), round(1234, -2)]', result: [3, -3, 1.01, 1200] },
      { expr: 'runs.map(run => round(run.runtime / 60))', result: [90, 45, 5, 10, 12, 238, 0, 60] },
    ],
  },
});

const floor = defineOp({
  name: "floor", category: "number",
  overloads: [overload([T.Number], T.Number, Math.floor)],
  doc: { summary: "The largest whole number not above `x`.", params: X, returns: "number", examples: [{ expr: '[floor(2.7), floor(-2.2)]', result: [2, -3] }] },
});

const ceil = defineOp({
  name: "ceil", category: "number",
  overloads: [overload([T.Number], T.Number, Math.ceil)],
  doc: { summary: "The smallest whole number not below `x`.", params: X, returns: "number", examples: [{ expr: '[ceil(2.2), ceil(-2.7)]', result: [3, -2] }] },
});

const abs = defineOp({
  name: "abs", category: "number",
  overloads: [overload([T.Number], T.Number, Math.abs)],
  doc: { summary: "The absolute value of `x`.", params: X, returns: "number", examples: [{ expr: 'abs(-3.5)', result: 3.5 }] },
});

const sqrt = defineOp({
  name: "sqrt", category: "number",
  overloads: [overload([T.Number], T.Number, Math.sqrt)],
  doc: { summary: "The square root of `x`; NaN for a negative `x`.", params: X, returns: "number", examples: [{ expr: 'sqrt(16)', result: 4 }] },
});

const log = defineOp({
  name: "log", category: "number",
  overloads: [overload([T.Number], T.Number, Math.log)],
  doc: {
    summary: "The natural logarithm of `x`: -Infinity for 0, NaN for a negative `x`.",
    params: X, returns: "number",
    examples: [{ expr: 'round(log(runs[0].config.learning_rate) / log(10))', result: -3 }],
  },
});

const isNaNOp = defineOp({
  name: "isNaN", category: "number",
  overloads: [overload([T.Number], T.Boolean, Number.isNaN)],
  doc: {
    summary: "Whether `x` is NaN, the one number not equal to itself.",
    details: "`x == x` is false for NaN too, but `isNaN(x)` says what it means.",
    params: X, returns: "boolean",
    examples: [{ expr: 'runs.filter(run => isNaN(run.summary.val_loss)).map(runName)', result: ["run-03"] }],
  },
});

const toFixed = defineOp({
  name: "toFixed", category: "number",
  overloads: [overload([T.Number, T.Number], T.String, (x, digits) => {
    const d = wholeDigits("toFixed", digits, 0, 100);
    return Number.isFinite(x) ? roundHalfAway(x, d).toFixed(d) : printValue(x);
  })],
  doc: {
    summary: "`x` as text with exactly `digits` decimal places, rounded like `round` (halves away from zero).",
    params: [X[0], { name: "digits", doc: "Decimal places, 0 to 100." }], returns: "string",
    examples: [{ expr: 'runs.map(run => run.summary.accuracy.toFixed(2)).limit(3)', result: ["0.91", "0.94", "0.12"] }],
  },
});

const toString = defineOp({
  name: "toString", category: "number", handlesNull: true,
  // a conversion takes every kind, null included (docs/language.md "Types from data")
  overloads: [contextual([T.Any], T.String, (cx, v) => printValue(v, cx.maxStringLength))],
  doc: {
    summary: "The canonical print form of any value, as `+` uses it with strings; null prints as `null`.",
    details:
      "A string is itself; numbers print as JavaScript does (`0.1`, `1e+21`, `NaN`); dates as ISO-8601 in UTC; durations readably " +
      "(`1h 30m`); lists and dicts in literal syntax with their strings quoted.",
    params: [{ name: "value", doc: "Any value." }], returns: "string",
    examples: [
      { expr: '[toString(0.5), toString(true), toString(hours(1.5)), toString([1, "a", null])]', result: ["0.5", "true", "1h 30m", "[1, \"a\", null]"] },
      { expr: 'runs[0].createdAt.toString()', result: "2026-03-02T09:00:00.000Z" },
    ],
  },
});

/** The number a value converts to: a number itself, a numeric string its value, a boolean 1 or 0, else null. */
function numberOf(x: Value): number | null {
  if (typeof x === "number") return x;
  if (typeof x === "string") return parseNumber(x);
  if (typeof x === "boolean") return x ? 1 : 0;
  return null;
}

const toNumber = defineOp({
  name: "toNumber", category: "number",
  // a conversion takes every kind (docs/language.md "Types from data"); only numbers and booleans surely convert
  overloads: [overload([T.Any], ([t]) => (t !== undefined && isAssignable(t, union(T.Number, T.Boolean)) ? T.Number : T.Nullable(T.Number)), numberOf)],
  doc: {
    summary: "The number a value holds: a number is itself, a string the number it spells (null when it spells none), true is 1 and false 0; any other value is null.",
    details: "Accepted strings: decimal notation with an optional sign, fraction and exponent (`\" 42 \"`, `\"-1.5e3\"`, `\".5\"`), `NaN` and `Infinity`. Not hexadecimal, not an empty string.",
    params: [{ name: "value", doc: "Any value." }], returns: "number|null",
    examples: [
      { expr: '["3.5", " 42 ", "1e-3", "abc", "", "0x10"].map(toNumber)', result: [3.5, 42, 0.001, null, null, null] },
      { title: "Any kind", expr: '[toNumber(2), toNumber(true), toNumber([1]), toNumber({a: 1})]', result: [2, 1, null, null] },
    ],
  },
});

/** The number ops, in reference order. */
export const numberOps: readonly OpDef[] = [round, floor, ceil, abs, sqrt, log, isNaNOp, toFixed, toString, toNumber];
