/**
 * Aggregates of qel's list ops (`min`, `max`, `avg`, `sum`) over the rows of a SQL group, with qel's meaning
 * (docs/duckdb.md "Same meaning"): null elements are skipped as SQL skips them, a NaN among the elements makes
 * the result NaN (DuckDB's `min` would skip it, ordering NaN above +Infinity), and an aggregate of no values is
 * the op's declared `empty` value where SQL gives NULL (`sum` of nothing is 0).
 */
import type { Overload } from "@qel/ops";
import type { Expr } from "@qel/lang";
import { agg, caseWhen, lit, type SqlExpr } from "../sql/ast.js";
import { NotPushable } from "./not-pushable.js";
import type { SemanticRules } from "./lower-scalar.js";

/** The aggregate of `overload` (a list op declared with the `aggregate` wrapper) over the group's `values`. */
export function aggregateOf(rules: SemanticRules, dialect: string, node: Expr, overload: Overload, values: SqlExpr): SqlExpr {
  const text = overload.sql?.template?.[dialect as "duckdb"];
  if (text === undefined) throw new NotPushable(node, `the aggregate has no SQL for ${dialect}`);
  const plain: SqlExpr = { k: "template", text, args: [values] };
  // max orders NaN above +Infinity in DuckDB, so it is NaN exactly when some value is
  return rules.nanAggregates ? caseWhen([[{ k: "call", fn: "isnan", args: [agg("max", values)] }, lit(Number.NaN)]], plain) : plain;
}

/** `value`, an aggregate's result, with the op's value over no elements in place of SQL's NULL. */
export function emptyDefault(overload: Overload, value: SqlExpr): SqlExpr {
  const empty = overload.sql?.empty;
  return empty === undefined ? value : { k: "call", fn: "coalesce", args: [value, lit(empty)] };
}
