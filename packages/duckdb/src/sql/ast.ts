/**
 * A small SQL AST: what the planner builds and a dialect printer prints. The planner never writes SQL text
 * itself except through an op's declared template (a `template` node), so a second dialect needs a printer
 * and templates, not a second planner.
 */

/** Scalar SQL expressions. */
export type SqlExpr =
  | { readonly k: "column"; readonly table: string; readonly name: string }
  /** A whole row of a table, by its alias: what an op template's `$0` is when the argument is a run. */
  | { readonly k: "row"; readonly alias: string }
  | { readonly k: "literal"; readonly value: number | string | boolean | null }
  /** An op's declared template: text parts with `$i` replaced by the (parenthesised) arguments. */
  | { readonly k: "template"; readonly text: string; readonly args: readonly SqlExpr[] }
  | { readonly k: "call"; readonly fn: SqlFunction; readonly args: readonly SqlExpr[] }
  | { readonly k: "binary"; readonly op: "AND" | "OR" | "=" | "IS NOT DISTINCT FROM" | "<" | "<=" | ">" | ">="; readonly left: SqlExpr; readonly right: SqlExpr }
  | { readonly k: "not"; readonly operand: SqlExpr }
  | { readonly k: "isNull"; readonly operand: SqlExpr }
  | { readonly k: "isTrue"; readonly operand: SqlExpr }
  | { readonly k: "case"; readonly whens: readonly (readonly [SqlExpr, SqlExpr])[]; readonly otherwise: SqlExpr }
  /** A JSON value's member by literal key, as JSON (`json`) or as text (`text`); SQL NULL when the key is missing. */
  | { readonly k: "jsonMember"; readonly object: SqlExpr; readonly key: string; readonly as: "json" | "text" }
  /** The JSON type name of a JSON value ('DOUBLE', 'VARCHAR', 'NULL', …); SQL NULL for SQL NULL. */
  | { readonly k: "jsonType"; readonly operand: SqlExpr }
  /** A JSON value as text: a string unquoted, any other value as written. */
  | { readonly k: "jsonText"; readonly operand: SqlExpr }
  /**
   * A JSON value as a DOUBLE when it is a JSON number (NaN and ±Infinity included), SQL NULL for any other value
   * (a string holding digits too) and for SQL NULL: the typed unwrap of a number, reading the value once.
   */
  | { readonly k: "jsonNumber"; readonly operand: SqlExpr }
  | { readonly k: "negate"; readonly operand: SqlExpr }
  /** A row's place (1, 2, …) in the query's rows ordered by `orderBy`. */
  | { readonly k: "rowNumber"; readonly orderBy: readonly OrderItem[] }
  | { readonly k: "cast"; readonly operand: SqlExpr; readonly to: "DOUBLE" | "VARCHAR" | "BOOLEAN" }
  | { readonly k: "in"; readonly operand: SqlExpr; readonly values: readonly string[] }
  | { readonly k: "countAll" }
  /**
   * An aggregate over the rows of a group. `argMin`/`argMax` give `operand` at the row where `by` is least or
   * greatest, skipping rows whose operand is null; `argMinNull`/`argMaxNull` do not skip them.
   */
  | { readonly k: "aggregate"; readonly fn: AggregateFunction; readonly operand: SqlExpr; readonly by?: SqlExpr; readonly filter?: SqlExpr };

export type AggregateFunction = "min" | "max" | "avg" | "sum" | "count" | "argMin" | "argMinNull" | "argMaxNull";

/** Portable functions a printer spells in its dialect. */
export type SqlFunction = "isnan" | "coalesce";

export interface OrderItem {
  readonly expr: SqlExpr;
  readonly desc: boolean;
}

export interface Join {
  /** A subquery with one row per run at most, producing `run_ord` (the run it belongs to) and its values. */
  readonly query: Select;
  readonly alias: string;
}

/** One SELECT over a table, with optional per-run subquery joins (history aggregates). */
export interface Select {
  readonly columns: readonly { readonly expr: SqlExpr; readonly alias: string }[];
  /**
   * The table, read with `extra` columns computed once per row when given (see plan/hoist-members.ts); or, with
   * `query`, the rows of that query (which selects every column of the table and more) under the table's alias.
   */
  readonly from: { readonly table: string; readonly alias: string; readonly extra?: readonly { readonly expr: SqlExpr; readonly alias: string }[]; readonly query?: Select };
  /** Every column of the table first (`alias.*`), then `columns`. */
  readonly allColumns?: boolean;
  readonly joins?: readonly Join[];
  readonly where?: SqlExpr;
  readonly groupBy?: readonly SqlExpr[];
  readonly orderBy?: readonly OrderItem[];
  readonly limit?: number;
}

export const col = (table: string, name: string): SqlExpr => ({ k: "column", table, name });
export const lit = (value: number | string | boolean | null): SqlExpr => ({ k: "literal", value });
export const and = (left: SqlExpr, right: SqlExpr): SqlExpr => ({ k: "binary", op: "AND", left, right });
export const or = (left: SqlExpr, right: SqlExpr): SqlExpr => ({ k: "binary", op: "OR", left, right });
export const not = (operand: SqlExpr): SqlExpr => ({ k: "not", operand });
export const isNull = (operand: SqlExpr): SqlExpr => ({ k: "isNull", operand });
export const agg = (fn: AggregateFunction, operand: SqlExpr, by?: SqlExpr): SqlExpr => (by === undefined ? { k: "aggregate", fn, operand } : { k: "aggregate", fn, operand, by });
export const caseWhen = (whens: readonly (readonly [SqlExpr, SqlExpr])[], otherwise: SqlExpr): SqlExpr => ({ k: "case", whens, otherwise });
