/**
 * Null handling: isNone, coalesce and its operator `??` (docs/language.md "Nulls"). Both handle null, so the
 * evaluator hands nulls to them instead of short-cutting to null; `??` is a special form that evaluates a fallback
 * only when it is needed.
 */
import { defineOp, lazyOverload, overload, type OpDef, type Thunk } from "./define.js";
import { isNullable, nonNull, T, union, type Type } from "./types.js";
import type { Value } from "./values.js";

/** The most arguments `coalesce` takes; the operator form `a ?? b` chains without limit. */
export const MAX_COALESCE_ARGS = 8;

/** The first argument types up to the first that cannot be null, each without null; the last one as it is. */
function coalescedType(args: readonly Type[]): Type {
  const out: Type[] = [];
  for (const [i, t] of args.entries()) {
    if (i === args.length - 1 || !isNullable(t)) {
      out.push(t);
      break;
    }
    out.push(nonNull(t));
  }
  return union(...out);
}

const isNone = defineOp({
  name: "isNone", category: "null", handlesNull: true,
  overloads: [overload([T.Any], T.Boolean, (x) => x === null)],
  doc: {
    summary: "Whether the value is null (`x == null` says the same).",
    details: "The name comes from W&B Weave, where saved panels use it. NaN is a number, not null.",
    params: [{ name: "value", doc: "Any value." }], returns: "boolean",
    examples: [{ expr: 'runs.filter(run => isNone(run.jobType)).map(runName)', result: ["run-07"] }],
  },
});

const coalesce = defineOp({
  name: "coalesce", operator: "??", category: "null", handlesNull: true,
  // a special form: an argument is evaluated only when those before it are null
  overloads: [lazyOverload(
    Array.from({ length: MAX_COALESCE_ARGS }, () => T.Any),
    coalescedType,
    (...args: Thunk[]) => {
      for (const arg of args) {
        const v = arg();
        if (v !== null) return v;
      }
      return null;
    },
    { optional: MAX_COALESCE_ARGS - 2, sql: { wrapper: "coalesce" } },
  )],
  doc: {
    summary: "The first argument that is not null, or null when all are; `a ?? b` is `coalesce(a, b)`.",
    details: `Takes 2 to ${MAX_COALESCE_ARGS} arguments; chain \`??\` for more. NaN is not null, so it is kept.`,
    params: [{ name: "a", doc: "The preferred value." }, { name: "b, …", doc: "Fallbacks, tried in order." }],
    returns: "the first non-null value",
    examples: [
      { expr: 'runs.map(run => run.jobType ?? "unset")', result: ["train", "train", "train", "eval", "eval", "sweep", "unset", "train"] },
      { expr: 'runs.map(run => coalesce(run.summary.f1, run.summary.accuracy, 0))', result: [0.91, 0.94, 0.12, 0.88, 0.92, 0.95, 0, 0.935] },
    ],
  },
});

/** The null ops, in reference order. */
export const nullOps: readonly OpDef[] = [isNone, coalesce];
