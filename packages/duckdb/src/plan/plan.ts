/**
 * The plan stage (docs/duckdb.md "What runs where"): cuts a checked expression at collection boundaries. Each
 * largest subtree rooted at `runs` whose ops all lower to SQL becomes one query; the rest of the expression runs
 * as qel's closures over what the queries return. Lambdas are lowered only as the argument of a pushed
 * collection op; a filter whose predicate does not lower entirely still pushes its leading `&&` conjuncts (they
 * are evaluated first in qel too), and the whole predicate is applied again locally.
 */
import { children, type Checked, type Expr, type Lambda } from "@qel/lang";
import { T, type Type } from "@qel/ops";
import { agg, and, col, lit, caseWhen, isNull, type OrderItem, type Select, type SqlExpr } from "../sql/ast.js";
import type { Dialect } from "../sql/dialect.js";
import { ALL_RULES, isOpaque, lowerScalar, scalarKind, type Lowered, type ScalarScope, type SemanticRules, type SqlKind } from "./lower-scalar.js";
import { HistoryJoins } from "./lower-history.js";
import { groupLowering } from "./lower-group.js";
import { hoistMembers } from "./hoist-members.js";
import { NotPushable } from "./not-pushable.js";
import { RUN_ALIAS } from "../tables.js";

/** What a pushed query's rows mean. */
export type ResultShape =
  | { readonly kind: "runs" }
  | { readonly kind: "count" }
  /** A list with one value per row: one column, or a dict literal's keys in order. */
  | { readonly kind: "values"; readonly columns: readonly { readonly alias: string; readonly kind: SqlKind }[]; readonly dictKeys?: readonly string[] };

export interface PushedQuery {
  /** The subtree whose value the query gives. */
  readonly node: Expr;
  readonly type: Type;
  readonly select: Select;
  readonly shape: ResultShape;
  readonly sql: string;
  /** For a filter pushed in part: the conjuncts that went into the query (the whole filter also runs locally). */
  readonly conjuncts?: readonly Expr[];
}

export interface LocalNode {
  readonly node: Expr;
  readonly reason: string;
}

export interface QueryPlan {
  readonly pushed: readonly PushedQuery[];
  readonly local: readonly LocalNode[];
}

interface Collection {
  readonly where: readonly SqlExpr[];
  readonly order: readonly OrderItem[];
  readonly limit?: number;
}

const ORD: SqlExpr = col(RUN_ALIAS, "_ord");

function collectionOp(checked: Checked, node: Expr): { wrapper: string; args: readonly Expr[]; name: string } | undefined {
  const plan = checked.plans.get(node);
  if (plan?.kind !== "op" || plan.mapDepth !== 0 || plan.candidates.length !== 1) return undefined;
  const wrapper = plan.candidates[0]!.overload.sql?.wrapper;
  return wrapper?.startsWith("collection.") ? { wrapper, args: plan.args, name: plan.name } : undefined;
}

class Planner {
  readonly local: LocalNode[] = [];
  /** The history joins of the query being built; a fresh set for each attempt. */
  history: HistoryJoins;
  constructor(readonly checked: Checked, readonly dialect: Dialect, readonly rules: SemanticRules) {
    this.history = new HistoryJoins(checked);
  }

  scope(lambda: Expr): { scope: ScalarScope; body: Expr } {
    if (lambda.kind !== "Lambda" || lambda.params.length !== 1) throw new NotPushable(lambda, "a function that is not a one-parameter lambda");
    return { scope: { checked: this.checked, dialect: this.dialect, param: (lambda as Lambda).params[0]!.name, alias: RUN_ALIAS, rules: this.rules, special: this.history.lower }, body: lambda.body };
  }

  /** A function argument applied to the run: a one-parameter lambda's body, or an op passed by name (`map(runName)`). */
  applied(fn: Expr): Lowered {
    const plan = this.checked.plans.get(fn);
    if (plan?.kind === "opValue" && plan.call !== undefined && plan.call.candidates.length === 1 && plan.arity === 1) {
      const overload = plan.call.candidates[0]!.overload;
      const text = overload.sql?.template?.[this.dialect.name];
      const kind = scalarKind(plan.call.candidates[0]!.result);
      if (overload.sql?.wrapper === "runField" && text !== undefined && kind !== undefined) {
        return { sql: { k: "template", text, args: [{ k: "row", alias: RUN_ALIAS }] }, kind };
      }
      throw new NotPushable(fn, `\`${plan.name}\` is not a run field with SQL`);
    }
    const { scope, body } = this.scope(fn);
    return lowerScalar(scope, body);
  }

  /** The rows of a collection of runs, or NotPushable. */
  collection(node: Expr): Collection {
    if (node.kind === "Name") {
      const plan = this.checked.plans.get(node);
      if (node.name === "runs" && plan?.kind === "slot" && plan.depth === 0) return { where: [], order: [] };
      throw new NotPushable(node, `\`${node.name}\` is not the project's runs`);
    }
    const op = collectionOp(this.checked, node);
    if (op === undefined) throw new NotPushable(node, "not a collection op with SQL");
    switch (op.wrapper) {
      case "collection.filter": {
        const c = this.collection(op.args[0]!);
        if (c.limit !== undefined) throw new NotPushable(node, "a filter after a limit");
        const fn = op.args[1]!;
        if (fn.kind === "Lambda" && fn.params.length === 1) {
          // `(a AND b) IS TRUE` is `a IS TRUE AND b IS TRUE`: separate conjuncts the engine may order and skip
          const { scope, body } = this.scope(fn);
          return { ...c, where: [...c.where, ...conjunctsOf(body).map((x): SqlExpr => ({ k: "isTrue", operand: this.boolean(scope, x).sql }))] };
        }
        const p = this.applied(fn);
        if (p.kind !== "boolean" && p.kind !== "null") throw new NotPushable(fn, "a predicate that is not a boolean");
        return { ...c, where: [...c.where, { k: "isTrue", operand: p.sql }] };
      }
      case "collection.sort": {
        const c = this.collection(op.args[0]!);
        if (c.limit !== undefined) throw new NotPushable(node, "a sort after a limit");
        const key = this.applied(op.args[1]!);
        if (key.kind !== "number" && key.kind !== "date") throw new NotPushable(op.args[1]!, "a sort key that is not a number or date (qel orders strings by UTF-16 code unit, SQL by code point)");
        const dir = op.args[2];
        let desc = false;
        if (dir !== undefined) {
          if (dir.kind !== "String" || (dir.value !== "asc" && dir.value !== "desc")) throw new NotPushable(dir, "a sort direction computed at run time");
          desc = dir.value === "desc";
        }
        // nulls last, then NaN before them, in either direction; stable: earlier orders and `_ord` break ties
        const rank = caseWhen([[isNull(key.sql), lit(2)], ...(key.kind === "number" ? [[{ k: "call", fn: "isnan", args: [key.sql] } as SqlExpr, lit(1)] as const] : [])], lit(0));
        return { ...c, order: [{ expr: rank, desc: false }, { expr: key.sql, desc }, ...c.order] };
      }
      case "collection.limit": {
        const c = this.collection(op.args[0]!);
        const n = op.args[1]!;
        if (n.kind !== "Number") throw new NotPushable(n, "a limit computed at run time");
        const amount = n.value > 0 ? Math.floor(n.value) : 0;
        if (!Number.isSafeInteger(amount)) throw new NotPushable(n, "a limit too large for SQL");
        return { ...c, limit: c.limit === undefined ? amount : Math.min(c.limit, amount) };
      }
      default:
        throw new NotPushable(node, `\`${op.name}\` does not give a collection of runs`);
    }
  }

  boolean(scope: ScalarScope, body: Expr): Lowered {
    const p = lowerScalar(scope, body);
    if (p.kind !== "boolean" && p.kind !== "null") throw new NotPushable(body, "a predicate that is not a boolean");
    return p;
  }

  select(c: Collection, columns: Select["columns"]): Select {
    const where = c.where.length === 0 ? undefined : c.where.reduce((a, b) => and(a, b));
    return {
      columns, from: { table: "runs", alias: RUN_ALIAS },
      ...(this.history.joins.length === 0 ? {} : { joins: [...this.history.joins] }),
      ...(where === undefined ? {} : { where }),
      orderBy: [...c.order, { expr: ORD, desc: false }],
      ...(c.limit === undefined ? {} : { limit: c.limit }),
    };
  }

  /** The query for `node` when all of it lowers. */
  query(node: Expr): { select: Select; shape: ResultShape } {
    this.history = new HistoryJoins(this.checked);
    const op = collectionOp(this.checked, node);
    if (op?.wrapper === "collection.count") {
      const c = this.collection(op.args[0]!);
      if (c.limit !== undefined) throw new NotPushable(node, "a count after a limit");
      const all = this.select(c, [{ expr: { k: "countAll" }, alias: "n" }]);
      return { select: { ...all, orderBy: [] }, shape: { kind: "count" } };
    }
    if (op?.wrapper === "collection.countBy") return this.countBy(node, op.args[0]!, op.args[1]!);
    if (op?.wrapper === "collection.map") {
      const grouped = collectionOp(this.checked, op.args[0]!);
      if (grouped?.wrapper === "collection.groupBy") return this.groups(op.args[0]!, grouped.args[0]!, grouped.args[1]!, op.args[1]!);
      const c = this.collection(op.args[0]!);
      const fn = op.args[1]!;
      if (fn.kind === "Lambda" && fn.params.length === 1 && fn.body.kind === "Dict") {
        const { scope, body } = this.scope(fn);
        return this.values(c, scope, body);
      }
      const v = this.applied(fn);
      if (isOpaque(v.kind)) throw new NotPushable(fn, "a run or a whole config/summary as a result");
      return { select: this.select(c, [{ expr: v.sql, alias: "c0" }]), shape: { kind: "values", columns: [{ alias: "c0", kind: v.kind }] } };
    }
    const mapped = this.mappedField(node);
    if (mapped !== undefined) return mapped;
    const c = this.collection(node);
    return { select: this.select(c, [{ expr: ORD, alias: "_ord" }]), shape: { kind: "runs" } };
  }

  /** One value per row: `body` lowered in `scope`, a dict literal's entries as columns. */
  values(c: Collection, scope: ScalarScope, body: Expr, extra: Partial<Select> = {}): { select: Select; shape: ResultShape } {
    if (body.kind !== "Dict") {
      const v = this.value(scope, body);
      return { select: { ...this.select(c, [{ expr: v.sql, alias: "c0" }]), ...extra }, shape: { kind: "values", columns: [{ alias: "c0", kind: v.kind }] } };
    }
    const cols = body.entries.map((e, i) => ({ key: e.key, alias: `c${i}`, value: this.value(scope, e.value) }));
    return {
      select: { ...this.select(c, cols.map((x) => ({ expr: x.value.sql, alias: x.alias }))), ...extra },
      shape: { kind: "values", columns: cols.map((x) => ({ alias: x.alias, kind: x.value.kind })), dictKeys: cols.map((x) => x.key) },
    };
  }

  /**
   * `xs.groupBy(key).map(g => body)`: one row per group, in order of the group's first run (SQL's GROUP BY output
   * has no order of its own). Keys are grouped as qel groups them only for numbers, strings, booleans and dates.
   */
  /**
   * The runs `source` gives, to be grouped: with a sort or limit, a subquery of them with their place in that order
   * (`__pos`), which orders the groups and their runs; else the runs in `_ord` order.
   */
  grouped(node: Expr, source: Expr): { c: Collection; position: SqlExpr; from?: Select["from"] } {
    const sorted = this.collection(source);
    if (sorted.order.length === 0 && sorted.limit === undefined) return { c: sorted, position: ORD };
    if (this.history.joins.length > 0) throw new NotPushable(node, `a ${collectionOp(this.checked, node)?.name ?? "groupBy"} after a sort or limit by a run's history`);
    const inner = this.select(sorted, [{ expr: { k: "rowNumber", orderBy: [...sorted.order, { expr: ORD, desc: false }] }, alias: "__pos" }]);
    return { c: { where: [], order: [] }, position: col(RUN_ALIAS, "__pos"), from: { table: "runs", alias: RUN_ALIAS, query: { ...inner, allColumns: true } } };
  }

  /** A group key, lowered over the run: a number, string, boolean or date. */
  groupKey(keyFn: Expr): Lowered {
    const key = this.applied(keyFn);
    if (key.kind !== "number" && key.kind !== "string" && key.kind !== "boolean" && key.kind !== "date") {
      throw new NotPushable(keyFn, "a group key that is not a number, string, boolean or date");
    }
    return key;
  }

  /**
   * `xs.countBy(key)`: `{key, count}` per key, the most frequent first, ties in order of the key's first run; the
   * key of a group is its first run's key (numbers group 0 with -0).
   */
  countBy(node: Expr, source: Expr, keyFn: Expr): { select: Select; shape: ResultShape } {
    const { c, position, from } = this.grouped(node, source);
    const key = this.groupKey(keyFn);
    const keyValue = key.kind === "string" || key.kind === "boolean" ? key.sql : agg("argMin", key.sql, position);
    const select = this.select(c, [{ expr: keyValue, alias: "c0" }, { expr: { k: "countAll" }, alias: "c1" }]);
    return {
      select: { ...select, groupBy: [key.sql], orderBy: [{ expr: { k: "countAll" }, desc: true }, { expr: agg("min", position), desc: false }], ...(from === undefined ? {} : { from }) },
      shape: { kind: "values", columns: [{ alias: "c0", kind: key.kind }, { alias: "c1", kind: "number" }], dictKeys: ["key", "count"] },
    };
  }

  groups(groupBy: Expr, source: Expr, keyFn: Expr, fn: Expr): { select: Select; shape: ResultShape } {
    const { c, position, from } = this.grouped(groupBy, source);
    const key = this.groupKey(keyFn);
    if (fn.kind !== "Lambda" || fn.params.length !== 1) throw new NotPushable(fn, "a function that is not a one-parameter lambda");
    const run = this.scope(keyFn.kind === "Lambda" ? keyFn : fn).scope;
    const special = groupLowering({ checked: this.checked, param: fn.params[0]!.name, key, run, applied: (f) => this.applied(f), position });
    const scope: ScalarScope = { ...run, param: "", special };
    return this.values(c, scope, fn.body, { groupBy: [key.sql], orderBy: [{ expr: agg("min", position), desc: false }], ...(from === undefined ? {} : { from }) });
  }

  /** `runs.name`, `runs.filter(…).jobType`: a run field op mapped over a pushed collection. */
  mappedField(node: Expr): { select: Select; shape: ResultShape } | undefined {
    const plan = this.checked.plans.get(node);
    if (plan?.kind !== "op" || plan.mapDepth !== 1 || plan.candidates.length !== 1 || plan.args.length !== 1) return undefined;
    const overload = plan.candidates[0]!.overload;
    const text = overload.sql?.template?.[this.dialect.name];
    if (overload.sql?.wrapper !== "runField" || text === undefined) return undefined;
    const c = this.collection(plan.args[0]!);
    const t = this.checked.types.get(node);
    const kind = t?.kind === "list" ? scalarKind(t.element) : undefined;
    if (kind === undefined) return undefined;
    const sql: SqlExpr = { k: "template", text, args: [{ k: "row", alias: RUN_ALIAS }] };
    return { select: this.select(c, [{ expr: sql, alias: "c0" }]), shape: { kind: "values", columns: [{ alias: "c0", kind }] } };
  }

  value(scope: ScalarScope, body: Expr): Lowered {
    const v = lowerScalar(scope, body);
    if (isOpaque(v.kind)) throw new NotPushable(body, "a run, a user or a whole config/summary as a result");
    return v;
  }

  /** A filter whose predicate lowers only in part: its receiver with the leading conjuncts that do. */
  partialFilter(node: Expr): { node: Expr; select: Select; conjuncts: readonly Expr[] } | undefined {
    const op = collectionOp(this.checked, node);
    if (op?.wrapper !== "collection.filter") return undefined;
    this.history = new HistoryJoins(this.checked);
    let c: Collection;
    try {
      c = this.collection(op.args[0]!);
    } catch {
      return undefined;
    }
    if (c.limit !== undefined || op.args[1]?.kind !== "Lambda") return undefined;
    const { scope, body } = this.scope(op.args[1]);
    const conjuncts = conjunctsOf(body);
    const pushed: SqlExpr[] = [];
    const used: Expr[] = [];
    for (const x of conjuncts) {
      try {
        pushed.push({ k: "isTrue", operand: this.boolean(scope, x).sql });
        used.push(x);
      } catch {
        break;
      }
    }
    if (pushed.length === 0) return undefined;
    return { node: op.args[0]!, conjuncts: used, select: this.select({ ...c, where: [...c.where, ...pushed] }, [{ expr: ORD, alias: "_ord" }]) };
  }
}

/** Plans `checked`: the queries to run and, for `explain`, the nodes that stay local and why. */
export function planQuery(checked: Checked, dialect: Dialect, rules: SemanticRules = ALL_RULES): QueryPlan {
  const planner = new Planner(checked, dialect, rules);
  const pushed: PushedQuery[] = [];
  const listOfRuns = T.List(T.Run);
  const visit = (node: Expr): void => {
    if (node.kind === "Lambda") return;
    try {
      const q = planner.query(node);
      const select = hoistMembers(q.select);
      pushed.push({ node, type: checked.types.get(node) ?? T.Any, ...q, select, sql: dialect.printSelect(select) });
      return;
    } catch (e) {
      if (!(e instanceof NotPushable)) throw e;
      if (!isTrivial(e.node)) planner.local.push({ node: e.node, reason: e.reason });
    }
    const partial = planner.partialFilter(node);
    if (partial !== undefined) {
      const select = hoistMembers(partial.select);
      pushed.push({ node: partial.node, type: listOfRuns, select, shape: { kind: "runs" }, sql: dialect.printSelect(select), conjuncts: partial.conjuncts });
      return;
    }
    // `a.f(b)`: the callee `a.f` is no expression of its own; its object is
    for (const child of children(node)) visit(node.kind === "Call" && child === node.callee && child.kind === "Member" ? child.object : child);
  };
  visit(checked.ast);
  return { pushed, local: dedupe(planner.local, pushed) };
}

/** The operands of a chain of `&&`, left to right (the expression itself when it is no `&&`). */
function conjunctsOf(e: Expr): Expr[] {
  return e.kind === "Binary" && e.op === "&&" ? [...conjunctsOf(e.left), ...conjunctsOf(e.right)] : [e];
}

/** Literals, and names other than `runs`, are not worth a report line of their own. */
function isTrivial(node: Expr): boolean {
  return node.kind === "Number" || node.kind === "String" || node.kind === "Boolean" || node.kind === "Null" || (node.kind === "Name" && node.name !== "runs");
}

/** One reason per node, and none for nodes inside a pushed subtree. */
function dedupe(local: readonly LocalNode[], pushed: readonly PushedQuery[]): LocalNode[] {
  const inside = (n: Expr) => pushed.some((p) => p.node.span.start <= n.span.start && n.span.end <= p.node.span.end);
  const seen = new Set<Expr>();
  return local.filter((l) => !inside(l.node) && !seen.has(l.node) && (seen.add(l.node), true));
}
