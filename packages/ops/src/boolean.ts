/**
 * Boolean logic with nulls: `&&`, `||` and `!` (also spelled `and`, `or`, `not`). `&&` and `||` are
 * three-valued and short-circuit; the evaluator compiles them specially, and these ops give their meaning when
 * used as values and in the reference (spec/language.md "Nulls").
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";

const B = T.Nullable(T.Boolean);

const and = defineOp({
  name: "and", operator: "&&", category: "boolean", handlesNull: true,
  overloads: [overload([B, B], B, (a, b) => (a === false || b === false ? false : a === null || b === null ? null : true))],
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
  overloads: [overload([B, B], B, (a, b) => (a === true || b === true ? true : a === null || b === null ? null : false))],
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
  overloads: [overload([T.Boolean], T.Boolean, (a) => !a)],
  doc: {
    summary: "`!a` (also `not a`): the negation; null stays null.",
    params: [{ name: "a", doc: "A boolean." }], returns: "boolean",
    examples: [{ expr: 'runs.filter(run => !run.tags.contains("resnet")).map(runName)', result: ["run-04", "run-05", "run-06", "run-07"] }],
  },
});

/** The boolean ops, in reference order. */
export const booleanOps: readonly OpDef[] = [and, or, not];
