/**
 * Each JSON member a query reads more than once is extracted once: DuckDB keeps JSON as text, so every `->` parses
 * the whole config or summary again, and a typed unwrap reads its member two or three times (type test, value,
 * NaN test). The query then reads its runs from a subquery that adds one column per such member, and each read
 * becomes that column (its text form `->> '$'`). The meaning is unchanged: the same member of the same row.
 */
import type { Select, SqlExpr } from "../sql/ast.js";
import { RUN_ALIAS } from "../tables.js";

type Member = Extract<SqlExpr, { k: "jsonMember" }>;

/** The children of a node, for counting and rewriting. */
function mapChildren(e: SqlExpr, f: (c: SqlExpr) => SqlExpr): SqlExpr {
  switch (e.k) {
    case "template":
    case "call":
      return { ...e, args: e.args.map(f) };
    case "binary":
      return { ...e, left: f(e.left), right: f(e.right) };
    case "not":
    case "isNull":
    case "isTrue":
    case "jsonType":
    case "cast":
    case "in":
    case "jsonText":
    case "jsonNumber":
    case "negate":
      return { ...e, operand: f(e.operand) };
    case "case":
      return { ...e, whens: e.whens.map(([c, v]) => [f(c), f(v)] as const), otherwise: f(e.otherwise) };
    case "jsonMember":
      return { ...e, object: f(e.object) };
    case "rowNumber":
      return { ...e, orderBy: e.orderBy.map((o) => ({ ...o, expr: f(o.expr) })) };
    case "aggregate":
      return { ...e, operand: f(e.operand), ...(e.by === undefined ? {} : { by: f(e.by) }), ...(e.filter === undefined ? {} : { filter: f(e.filter) }) };
    default:
      return e;
  }
}

const identity = (m: Member): string => JSON.stringify([m.object, m.key]);

/** `q` with members read more than once extracted once, in a subquery over its table; `q` itself when none is. */
export function hoistMembers(q: Select): Select {
  const counts = new Map<string, number>();
  const count = (e: SqlExpr): SqlExpr => {
    if (e.k === "jsonMember") counts.set(identity(e), (counts.get(identity(e)) ?? 0) + 1);
    return mapChildren(e, count);
  };
  const exprs = (s: Select): SqlExpr[] => [...s.columns.map((c) => c.expr), ...(s.where === undefined ? [] : [s.where]), ...(s.groupBy ?? []), ...(s.orderBy ?? []).map((o) => o.expr)];
  exprs(q).forEach(count);
  const hoisted = new Map<string, { alias: string; member: SqlExpr }>();
  const rewrite = (e: SqlExpr): SqlExpr => {
    const inner = mapChildren(e, rewrite);
    if (inner.k !== "jsonMember" || (counts.get(identity(e as Member)) ?? 0) < 2) return inner;
    const id = identity(e as Member);
    let h = hoisted.get(id);
    if (h === undefined) hoisted.set(id, (h = { alias: `__j${hoisted.size}`, member: { ...inner, as: "json" } }));
    const column: SqlExpr = { k: "column", table: RUN_ALIAS, name: h.alias };
    return inner.as === "json" ? column : { k: "jsonText", operand: column };
  };
  const out: Select = {
    ...q,
    columns: q.columns.map((c) => ({ ...c, expr: rewrite(c.expr) })),
    ...(q.where === undefined ? {} : { where: rewrite(q.where) }),
    ...(q.groupBy === undefined ? {} : { groupBy: q.groupBy.map(rewrite) }),
    ...(q.orderBy === undefined ? {} : { orderBy: q.orderBy.map((o) => ({ ...o, expr: rewrite(o.expr) })) }),
  };
  if (hoisted.size === 0) return q;
  return { ...out, from: { ...q.from, extra: [...hoisted.values()].map((h) => ({ expr: h.member, alias: h.alias })) } };
}
