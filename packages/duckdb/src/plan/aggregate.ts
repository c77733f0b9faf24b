/**
 * Aggregates of qel's list ops (`min`, `max`, `avg`, `sum`) over the rows of a SQL group, with qel's meaning
 * (docs/duckdb.md "Same meaning"): null elements are skipped as SQL skips them, a NaN among the elements makes
 * the result NaN, and an aggregate of no values is the op's declared `empty` value where SQL gives NULL (`sum` of
 * nothing is 0).
 *
 * NaN needs a rule for `min` only: DuckDB orders NaN above +Infinity, so its `max` is NaN exactly when a value is
 * and `sum`/`avg` add it in, but its `min` skips it. `min(x)` is written `-max(-x)`, which keeps the NaN and, among
 * equal values (0 and -0), the first one as `min` does, in one aggregate.
 */
import type { OpDef, Overload } from "@qel/ops";
import type { Expr } from "@qel/lang";
import { agg, lit, type SqlExpr } from "../sql/ast.js";
import { NotPushable } from "./not-pushable.js";
import type { SemanticRules } from "./lower-scalar.js";

/** The aggregate of `overload` (of `op`, a list op declared with the `aggregate` wrapper) over the group's `values`. */
export function aggregateOf(rules: SemanticRules, dialect: string, node: Expr, op: OpDef, overload: Overload, values: SqlExpr): SqlExpr {
  const text = overload.sql?.template?.[dialect as "duckdb"];
  if (text === undefined) throw new NotPushable(node, `the aggregate has no SQL for ${dialect}`);
  if (rules.nanAggregates && op.name === "min") return { k: "negate", operand: agg("max", { k: "negate", operand: values }) };
  return { k: "template", text, args: [values] };
}

/** `value`, an aggregate's result, with the op's value over no elements in place of SQL's NULL. */
export function emptyDefault(rules: SemanticRules, overload: Overload, value: SqlExpr): SqlExpr {
  const empty = overload.sql?.empty;
  return empty === undefined || !rules.emptyAggregates ? value : { k: "call", fn: "coalesce", args: [value, lit(empty)] };
}
