/**
 * A run's history inside a run's expression (docs/duckdb.md "What runs where"): `r.history["loss"].min` (or
 * `max`, `avg`, `sum`, `first`, `last`) becomes a per-run aggregate over the long history table, joined on the
 * run. Each joined query has at most one row per run (GROUP BY the run), so the join never multiplies runs, and
 * a run without values gets SQL NULL, then the op's empty value. `count` of a history column is the number of
 * history rows, a column of the run.
 */
import type { Checked, Expr } from "@qel/lang";
import { nonNull } from "@qel/ops";
import { agg, caseWhen, col, lit, type Join, type SqlExpr } from "../sql/ast.js";
import { RUN_ALIAS } from "../tables.js";
import { aggregateOf, emptyDefault } from "./aggregate.js";
import { literalKey, lowerScalar, scalarKind, type Lowered, type ScalarScope } from "./lower-scalar.js";
import { NotPushable } from "./not-pushable.js";

const H = "h";
const historyRows = (): SqlExpr => ({ k: "cast", operand: col(RUN_ALIAS, "history_rows"), to: "DOUBLE" });

/** The joins one query needs, shared by the run expressions lowered for it. */
export class HistoryJoins {
  readonly joins: Join[] = [];
  readonly #byKey = new Map<string, string>();
  constructor(readonly checked: Checked) {}

  /** The lowering of `node` when it reads a run's history, else undefined. */
  readonly lower = (s: ScalarScope, node: Expr): Lowered | undefined => {
    const plan = this.checked.plans.get(node);
    if (plan?.kind !== "op" || plan.mapDepth !== 0 || plan.candidates.length !== 1) return undefined;
    const overload = plan.candidates[0]!.overload;
    const wrapper = overload.sql?.wrapper;
    const arg = plan.args[0];
    if (arg === undefined || (wrapper !== "aggregate" && wrapper !== "list.first" && wrapper !== "list.last" && wrapper !== "collection.count")) return undefined;
    if (wrapper === "collection.count" && this.#history(s, arg)) return { sql: historyRows(), kind: "number" };
    const key = this.#column(s, arg);
    if (key === undefined) return undefined;
    if (wrapper === "collection.count") return { sql: historyRows(), kind: "number" };
    const t = nonNull(this.checked.types.get(arg) ?? { kind: "any" });
    if (t.kind !== "list" || scalarKind(t.element) !== "number") throw new NotPushable(node, `history values of \`${key}\` that are not all numbers`);
    const num = col(H, "num"), row = col(H, "row");
    if (wrapper === "aggregate") {
      const alias = this.#join(`${plan.name}\u0000${key}`, key, [{ expr: aggregateOf(s.rules, s.dialect.name, node, plan.op, overload, num), alias: "value" }]);
      return { sql: emptyDefault(s.rules, overload, col(alias, "value")), kind: "number" };
    }
    // first/last: the value at the run's first or last history row, null when that row has no value for the key
    const first = wrapper === "list.first";
    const alias = this.#join(`${wrapper}\u0000${key}`, key, [
      { expr: agg(first ? "argMinNull" : "argMaxNull", num, row), alias: "value" },
      { expr: agg(first ? "min" : "max", row), alias: "at" },
    ]);
    const at: SqlExpr = first ? lit(0) : { k: "template", text: "$0 - 1", args: [col(RUN_ALIAS, "history_rows")] };
    return { sql: caseWhen([[{ k: "binary", op: "=", left: col(alias, "at"), right: at }, col(alias, "value")]], lit(null)), kind: "number" };
  };

  /** Whether `node` is the history of the run being lowered. */
  #history(s: ScalarScope, node: Expr): boolean {
    const plan = this.checked.plans.get(node);
    if (plan?.kind !== "op" || plan.mapDepth !== 0 || plan.candidates[0]?.overload.sql?.wrapper !== "runHistory") return false;
    if (lowerScalar(s, plan.args[0]!).kind !== "run") throw new NotPushable(node, "the history of something other than the run");
    return true;
  }

  /** The key when `node` is one key of every row of the run's history (`r.history["loss"]`, `r.history.loss`). */
  #column(s: ScalarScope, node: Expr): string | undefined {
    const plan = this.checked.plans.get(node);
    if (plan?.kind !== "key" || plan.mapDepth !== 1 || !this.#history(s, plan.object)) return undefined;
    const key = literalKey(plan.key);
    if (key === undefined) throw new NotPushable(node, "a history key computed at run time");
    return key;
  }

  #join(id: string, key: string, columns: Join["query"]["columns"]): string {
    const known = this.#byKey.get(id);
    if (known !== undefined) return known;
    const alias = `h${this.joins.length}`;
    this.#byKey.set(id, alias);
    this.joins.push({
      alias,
      query: {
        columns: [{ expr: col(H, "run_ord"), alias: "run_ord" }, ...columns],
        from: { table: "history", alias: H },
        where: { k: "binary", op: "=", left: col(H, "key"), right: lit(key) },
        groupBy: [col(H, "run_ord")],
      },
    });
    return alias;
  }
}
