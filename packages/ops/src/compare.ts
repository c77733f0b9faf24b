/**
 * Comparison operators. `==` and `!=` compare any two values structurally (lists and dicts by content, dates by
 * instant, NaN equal to nothing) and handle null: `x == null` tests for null. The orderings `< <= > >=` compare
 * numbers, strings (by UTF-16 code unit), dates and durations; any comparison with NaN is false, and a null
 * operand makes the result null (docs/language.md "Nulls").
 */
import { defineOp, overload, type OpDef, type OpExample, type Overload } from "./define.js";
import { T } from "./types.js";
import { valueEquals } from "./value-equality.js";
import type { DateValue, DurationValue } from "./values.js";

const OPERANDS = [{ name: "a", doc: "The left operand." }, { name: "b", doc: "The right operand." }] as const;

const equals = defineOp({
  name: "equals", operator: "==", category: "operator", handlesNull: true,
  overloads: [overload([T.Any, T.Any], T.Boolean, valueEquals, { sql: { wrapper: "equals" } })],
  doc: {
    summary: "`a == b` (also `===`): structural equality. Lists and dicts compare by content, dates by instant; NaN equals nothing; `1 == \"1\"` is false.",
    details: "Runs are equal when their names are, artifact versions when name and version are, users when usernames are.",
    params: OPERANDS, returns: "boolean",
    examples: [
      { expr: '[[1, {a: 2}] == [1, {a: 2}], 0 / 0 == 0 / 0, null == null, 1 == "1"]', result: [true, false, true, false] },
      { expr: 'runs.filter(run => run.jobType == null).map(runName)', result: ["run-07"] },
    ],
  },
});

const notEquals = defineOp({
  name: "notEquals", operator: "!=", category: "operator", handlesNull: true,
  overloads: [overload([T.Any, T.Any], T.Boolean, (a, b) => !valueEquals(a, b), { sql: { wrapper: "notEquals" } })],
  doc: {
    summary: "`a != b` (also `!==`): the negation of `==`.",
    params: OPERANDS, returns: "boolean",
    examples: [{ expr: 'runs.filter(run => run.state != "finished").map(runName)', result: ["run-03", "run-06", "run-07"] }],
  },
});

type Ordered = number | string | DateValue | DurationValue;

/** The four kinds that have an order, one row each; dates and durations compare by milliseconds. */
function orderRows(operator: string, test: (a: number | string, b: number | string) => boolean): Overload[] {
  const ms = (x: Ordered): number | string => (typeof x === "object" ? x.ms : x);
  // Strings are not lowered to SQL: engines order them by code point, qel by UTF-16 code unit.
  const sql = { wrapper: "ordered", template: { duckdb: `$0 ${operator} $1` } } as const;
  // prettier-ignore
  return [
    overload([T.Number,   T.Number],   T.Boolean, test, { sql }),
    overload([T.String,   T.String],   T.Boolean, test),
    overload([T.Date,     T.Date],     T.Boolean, (a, b) => test(ms(a), ms(b)), { sql }),
    overload([T.Duration, T.Duration], T.Boolean, (a, b) => test(ms(a), ms(b))),
  ];
}

function orderOp(name: string, operator: string, test: (a: number | string, b: number | string) => boolean, summary: string, example: OpExample): OpDef {
  return defineOp({
    name, operator, category: "operator",
    overloads: orderRows(operator, test),
    doc: { summary, params: OPERANDS, returns: "boolean", examples: [example] },
  });
}

/** The comparison operator ops, in reference order. */
export const compareOps: readonly OpDef[] = [
  equals, notEquals,
  orderOp("less", "<", (a, b) => a < b, "`a < b`: whether `a` comes before `b` (numbers, strings, dates or durations of the same kind).",
    { expr: 'runs.filter(run => run.heartbeatAt - run.createdAt < 30m).map(runName)', result: ["run-03", "run-04", "run-05", "run-07"] }),
  orderOp("lessEqual", "<=", (a, b) => a <= b, "`a <= b`: whether `a` comes before `b` or equals it.",
    { expr: '["a" <= "b", "B" <= "a", 2 <= 2]', result: [true, true, true] }),
  orderOp("greater", ">", (a, b) => a > b, "`a > b`: whether `a` comes after `b`. With a null operand the result is null, which `filter` drops.",
    { expr: 'runs.filter(run => run.summary.accuracy > 0.9).map(runName)', result: ["run-01", "run-02", "run-05", "run-06", "run-08"] }),
  orderOp("greaterEqual", ">=", (a, b) => a >= b, "`a >= b`: whether `a` comes after `b` or equals it.",
    { expr: 'runs.filter(run => run.createdAt >= date("2026-03-04")).count', result: 5 }),
];
