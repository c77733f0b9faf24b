/**
 * The body of `groupBy(key).map(g => …)` over pushed runs (docs/duckdb.md "What runs where"): one SQL group per
 * group. `g.key` is the key of the group's first run, `g.count` its number of runs, an aggregate op over the
 * group's values (`g.map(r => r.summary.acc).avg`, `g.summary["acc"].max`, `g.runtime.sum`) the SQL aggregate
 * with qel's meaning (aggregate.ts), and `first`/`last` of them the value at the group's first or last run. Anything else that reads the group (the group itself, its items) stays local.
 */
import type { Checked, Expr } from "@qel/lang";
import { nonNull, T, type Type } from "@qel/ops";
import { agg, type SqlExpr } from "../sql/ast.js";
import { RUN_ALIAS } from "../tables.js";
import { aggregateOf, emptyDefault } from "./aggregate.js";
import { fromTemplate, isOpaque, lowerKeyOf, scalarKind, type Lowered, type ScalarScope, type SqlKind } from "./lower-scalar.js";
import { NotPushable } from "./not-pushable.js";

export interface GroupScope {
  readonly checked: Checked;
  /** The group lambda's parameter. */
  readonly param: string;
  /** The group key, lowered over the run. */
  readonly key: Lowered;
  /** The scope of a run in the group (history joins included). */
  readonly run: ScalarScope;
  /** A function argument applied to the run (`g.map(r => …)`, `g.map(runName)`). */
  readonly applied: (fn: Expr) => Lowered;
  /** A run's place in the grouped collection: `_ord`, or its position after a sort. */
  readonly position: SqlExpr;
}

/** The special lowering of a group body: what `ScalarScope.special` is while lowering it. */
export function groupLowering(g: GroupScope): (s: ScalarScope, node: Expr) => Lowered | undefined {
  const isGroup = (node: Expr): boolean => {
    const plan = g.checked.plans.get(node);
    return node.kind === "Name" && node.name === g.param && plan?.kind === "slot" && plan.depth === 0;
  };
  return (s, node) => {
    if (isGroup(node)) throw new NotPushable(node, "a whole group as a value");
    const plan = g.checked.plans.get(node);
    if (plan?.kind !== "op" || plan.mapDepth !== 0 || plan.candidates.length !== 1 || plan.args[0] === undefined) return undefined;
    const overload = plan.candidates[0]!.overload;
    switch (overload.sql?.wrapper) {
      case "group.key":
        if (!isGroup(plan.args[0])) return undefined;
        // every run of a group has the same string or boolean key; numbers and dates group 0 with -0, so the
        // first run's key is read
        return { sql: g.key.kind === "string" || g.key.kind === "boolean" ? g.key.sql : agg("argMin", g.key.sql, g.position), kind: g.key.kind };
      case "collection.count":
        return isGroup(plan.args[0]) ? { sql: { k: "countAll" }, kind: "number" } : undefined;
      case "list.first":
      case "list.last": {
        // the value at the group's first or last run, null included (arg_min would skip a null value)
        const values = elements(g, plan.args[0]);
        if (values === undefined) return undefined;
        if (isOpaque(values.kind) || values.kind === "json") throw new NotPushable(node, `\`${plan.name}\` of runs or of values whose kind is known only at run time`);
        return { sql: agg(overload.sql?.wrapper === "list.first" ? "argMinNull" : "argMaxNull", values.sql, g.position), kind: values.kind };
      }
      case "aggregate": {
        const values = elements(g, plan.args[0]);
        if (values === undefined) return undefined;
        if (values.kind !== "number") throw new NotPushable(node, `\`${plan.name}\` of values that are not all numbers`);
        return { sql: emptyDefault(s.rules, overload, aggregateOf(s.rules, s.dialect.name, node, plan.op, overload, values.sql)), kind: "number" };
      }
      default:
        return undefined;
    }
  };
}

const elementType = (checked: Checked, node: Expr): Type => {
  const t = nonNull(checked.types.get(node) ?? T.Any);
  return t.kind === "list" ? t.element : T.Any;
};

/** The group's values `node` lists, lowered over one run of the group; undefined when `node` is not such a list. */
function elements(g: GroupScope, node: Expr): Lowered | undefined {
  const plan = g.checked.plans.get(node);
  if (node.kind === "Name") return plan?.kind === "slot" && plan.depth === 0 && node.name === g.param ? { sql: { k: "row", alias: RUN_ALIAS }, kind: "run" } : undefined;
  if (plan?.kind === "key" && plan.mapDepth === 1) {
    const obj = elements(g, plan.object);
    return obj === undefined ? undefined : lowerKeyOf(node, obj, nonNull(elementType(g.checked, plan.object)), plan.key, elementType(g.checked, node));
  }
  if (plan?.kind !== "op" || plan.candidates.length !== 1 || plan.args[0] === undefined) return undefined;
  const overload = plan.candidates[0]!.overload;
  const wrapper = overload.sql?.wrapper;
  if (plan.mapDepth === 0 && wrapper === "collection.map" && plan.args[1] !== undefined) {
    if (elements(g, plan.args[0])?.kind !== "run") return undefined;
    const v = g.applied(plan.args[1]);
    if (isOpaque(v.kind)) throw new NotPushable(plan.args[1], "a run or a whole config/summary as a group's value");
    return v;
  }
  if (plan.mapDepth === 1 && plan.args.length === 1 && (wrapper === "runField" || wrapper === "runDict" || wrapper === "runUser" || wrapper === "userField")) {
    const obj = elements(g, plan.args[0]);
    if (obj === undefined) return undefined;
    if (obj.kind !== (wrapper === "userField" ? "user" : "run")) throw new NotPushable(node, `\`${plan.name}\` of something other than the group's runs`);
    const kind: SqlKind | undefined = wrapper === "runDict" ? "jsonDict" : wrapper === "runUser" ? "user" : scalarKind(elementType(g.checked, node));
    if (kind === undefined) throw new NotPushable(node, `\`${plan.name}\` of a kind known only at run time`);
    return { sql: fromTemplate(g.run, node, plan.op, overload, [obj]), kind };
  }
  return undefined;
}
