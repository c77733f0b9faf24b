/**
 * Boolean logic with nulls: `&&`, `||` and `!` (also spelled `and`, `or`, `not`), and the conditional `c ? a : b`.
 * `&&`, `||` and `?:` are special forms: three-valued, and they evaluate an operand only when it decides the
 * result (docs/language.md "Nulls").
 */
import { defineOp, lazyOverload, overload, shortCircuitOverload, type OpDef } from "./define.js";
import { T, union } from "./types.js";

const B = T.Nullable(T.Boolean);

const and = defineOp({
  name: "and", operator: "&&", category: "boolean", handlesNull: true,
  overloads: [shortCircuitOverload([B, B], B, {
    decides: (x) => x === false,
    combine: (x, y) => (y === false ? false : x === null || y === null ? null : true),
  }, { sql: { wrapper: "and", template: { duckdb: "$0 AND $1" } } })],
  doc: {
    summary: "`a && b` (also `a and b`): false when either side is false, else null when either is null, else true.",
    details: "The right side is evaluated only when the left is not false.",
    params: [{ name: "a", doc: "A boolean or null." }, { name: "b", doc: "A boolean or null." }], returns: "boolean|null",
    examples: [
      { expr: '[false && null, null && true, true && true]', result: [false, null, true] },
      { expr: 'runs.filter(run => run.jobType == "train" && run.runtime > 3000).map(runName)', result: ["run-01", "run-08"] },
    ],
  },
});

const or = defineOp({
  name: "or", operator: "||", category: "boolean", handlesNull: true,
  overloads: [shortCircuitOverload([B, B], B, {
    decides: (x) => x === true,
    combine: (x, y) => (y === true ? true : x === null || y === null ? null : false),
  }, { sql: { wrapper: "or", template: { duckdb: "$0 OR $1" } } })],
  doc: {
    summary: "`a || b` (also `a or b`): true when either side is true, else null when either is null, else false.",
    details: "The right side is evaluated only when the left is not true.",
    params: [{ name: "a", doc: "A boolean or null." }, { name: "b", doc: "A boolean or null." }], returns: "boolean|null",
    examples: [
      { expr: '[true || null, null || false, false || false]', result: [true, null, false] },
      { expr: 'runs.filter(run => run.state == "crashed" || run.state == "failed").map(runName)', result: ["run-03", "run-07"] },
    ],
  },
});

const not = defineOp({
  name: "not", operator: "!", category: "boolean",
  overloads: [overload([T.Boolean], T.Boolean, (a) => !a, { sql: { wrapper: "not", template: { duckdb: "NOT $0" } } })],
  doc: {
    summary: "`!a` (also `not a`): the negation; null stays null.",
    params: [{ name: "a", doc: "A boolean." }], returns: "boolean",
    examples: [{ expr: 'runs.filter(run => !run.tags.contains("resnet")).map(runName)', result: ["run-04", "run-05", "run-06", "run-07"] }],
  },
});

const conditional = defineOp({
  name: "conditional", operator: "?:", category: "boolean", handlesNull: true,
  overloads: [lazyOverload([B, T.Var("T"), T.Var("U")], (args) => union(args[1] ?? T.Any, args[2] ?? T.Any), (c, yes, no) => (c() === true ? yes() : no()), { sql: { wrapper: "conditional" } })],
  doc: {
    summary: "`c ? a : b`: `a` when `c` is true, else `b` (a null condition picks `b`); only the chosen side is evaluated.",
    params: [{ name: "c", doc: "A boolean or null." }, { name: "a", doc: "The value when `c` is true." }, { name: "b", doc: "The value otherwise." }],
    returns: "the type of a or b",
    examples: [
      { expr: 'runs.map(run => run.runtime > 3600 ? "long" : "short").limit(3)', result: ["long", "short", "short"] },
      { title: "A null condition", expr: 'null ? 1 : 2', result: 2 },
    ],
  },
});

/** The boolean ops, in reference order. */
export const booleanOps: readonly OpDef[] = [and, or, not, conditional];
