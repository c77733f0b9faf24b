/**
 * The DuckDB printer. Every sub-expression is parenthesised (`j -> 'k' IS NULL` would otherwise bind as
 * `j -> ('k' IS NULL)`), numbers are DOUBLE (a bare `0.1` is DECIMAL in DuckDB), identifiers are quoted, and
 * JSON members are read by JSON Pointer, which reaches every key (`/`, `.`, `$`, the empty key) case-sensitively.
 */
import type { Dialect } from "./dialect.js";
import type { AggregateFunction, OrderItem, Select, SqlExpr } from "./ast.js";

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function numberLiteral(n: number): string {
  if (Number.isNaN(n)) return "CAST('NaN' AS DOUBLE)";
  if (n === Infinity) return "CAST('Infinity' AS DOUBLE)";
  if (n === -Infinity) return "CAST('-Infinity' AS DOUBLE)";
  if (Object.is(n, -0)) return "CAST('-0.0' AS DOUBLE)";
  return `CAST(${String(n)} AS DOUBLE)`;
}

/** A JSON Pointer to one member: `~` and `/` escaped as RFC 6901 says. */
export function jsonPointer(key: string): string {
  return "/" + key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** An argument that needs no parentheses around it in a template. */
const atomic = (e: SqlExpr): boolean => e.k === "row" || e.k === "column" || e.k === "literal";

/**
 * `e` without identity templates (`$0`, as the run's user is the run's row): `("r").username` would read the whole
 * row as a STRUCT and then its field, `"r".username` reads the column.
 */
function unwrapIdentity(e: SqlExpr): SqlExpr {
  return e.k === "template" && e.text === "$0" && e.args[0] !== undefined ? unwrapIdentity(e.args[0]) : e;
}

function fillTemplate(text: string, args: readonly SqlExpr[]): string {
  return text.replace(/\$(\d+)/g, (_, i: string) => {
    const given = args[Number(i)];
    if (given === undefined) throw new Error(`template ${text}: no argument $${i}`);
    const a = unwrapIdentity(given);
    return atomic(a) ? expr(a) : `(${expr(a)})`;
  });
}

const AGGREGATES: Readonly<Record<AggregateFunction, string>> = {
  min: "min", max: "max", avg: "avg", sum: "sum", count: "count", argMin: "arg_min", argMinNull: "arg_min_null", argMaxNull: "arg_max_null",
};

function expr(e: SqlExpr): string {
  switch (e.k) {
    case "column":
      return `${quoteIdent(e.table)}.${quoteIdent(e.name)}`;
    case "literal":
      if (e.value === null) return "NULL";
      if (typeof e.value === "boolean") return e.value ? "TRUE" : "FALSE";
      if (typeof e.value === "number") return numberLiteral(e.value);
      return quoteString(e.value);
    case "row":
      return quoteIdent(e.alias);
    case "template":
      return `(${fillTemplate(e.text, e.args)})`;
    case "call":
      return `${e.fn}(${e.args.map(expr).join(", ")})`;
    case "binary":
      return `(${expr(e.left)}) ${e.op} (${expr(e.right)})`;
    case "not":
      return `NOT (${expr(e.operand)})`;
    case "isNull":
      return `(${expr(e.operand)}) IS NULL`;
    case "isTrue":
      return `(${expr(e.operand)}) IS TRUE`;
    case "case":
      return `CASE ${e.whens.map(([c, v]) => `WHEN ${expr(c)} THEN (${expr(v)})`).join(" ")} ELSE (${expr(e.otherwise)}) END`;
    case "jsonMember":
      return `(${expr(e.object)}) ${e.as === "json" ? "->" : "->>"} ${quoteString(jsonPointer(e.key))}`;
    case "jsonType":
      return `json_type(${expr(e.operand)})`;
    case "jsonText":
      return `(${expr(e.operand)}) ->> '$'`;
    case "jsonNumber":
      // a JSON value's text parses as a DOUBLE exactly when it is a number: a string's text starts with its quote,
      // and true, false, null, objects and arrays never parse (DuckDB's own JSON-to-DOUBLE cast would read "1" as 1)
      return `TRY_CAST(CAST((${expr(e.operand)}) AS VARCHAR) AS DOUBLE)`;
    case "negate":
      return `-(${expr(e.operand)})`;
    case "rowNumber":
      return `row_number() OVER (ORDER BY ${orderBy(e.orderBy)})`;
    case "cast":
      return `CAST((${expr(e.operand)}) AS ${e.to})`;
    case "in":
      return `(${expr(e.operand)}) IN (${e.values.map(quoteString).join(", ")})`;
    case "countAll":
      return "CAST(count(*) AS DOUBLE)";
    case "aggregate": {
      const args = e.by === undefined ? expr(e.operand) : `${expr(e.operand)}, ${expr(e.by)}`;
      const body = e.fn === "count" ? `CAST(count(${args}) AS DOUBLE)` : `${AGGREGATES[e.fn]}(${args})`;
      return e.filter === undefined ? body : `${body} FILTER (WHERE ${expr(e.filter)})`;
    }
  }
}

const orderBy = (items: readonly OrderItem[]): string => items.map((o) => `${expr(o.expr)} ${o.desc ? "DESC" : "ASC"} NULLS LAST`).join(", ");

function select(q: Select): string {
  const columns = q.columns.map((c) => `${expr(c.expr)} AS ${quoteIdent(c.alias)}`);
  const parts = [`SELECT ${[...(q.allColumns === true ? [`${quoteIdent(q.from.alias)}.*`] : []), ...columns].join(", ")}`];
  const extra = q.from.extra ?? [];
  const table = `${q.from.query === undefined ? quoteIdent(q.from.table) : `(${select(q.from.query)})`} AS ${quoteIdent(q.from.alias)}`;
  parts.push(extra.length === 0 ? `FROM ${table}` : `FROM (SELECT ${quoteIdent(q.from.alias)}.*, ${extra.map((c) => `${expr(c.expr)} AS ${quoteIdent(c.alias)}`).join(", ")} FROM ${table}) AS ${quoteIdent(q.from.alias)}`);
  for (const j of q.joins ?? []) {
    parts.push(`LEFT JOIN (${select(j.query)}) AS ${quoteIdent(j.alias)} ON ${quoteIdent(j.alias)}."run_ord" = ${quoteIdent(q.from.alias)}."_ord"`);
  }
  if (q.where !== undefined) parts.push(`WHERE ${expr(q.where)}`);
  if (q.groupBy !== undefined && q.groupBy.length > 0) parts.push(`GROUP BY ${q.groupBy.map(expr).join(", ")}`);
  if (q.orderBy !== undefined && q.orderBy.length > 0) parts.push(`ORDER BY ${orderBy(q.orderBy)}`);
  if (q.limit !== undefined) parts.push(`LIMIT ${q.limit}`);
  return parts.join(" ");
}

export const duckdbDialect: Dialect = { name: "duckdb", printSelect: select, printExpr: expr };
