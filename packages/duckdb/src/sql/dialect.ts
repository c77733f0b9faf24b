/**
 * A SQL dialect: how the AST of ast.ts is spelled for one engine. The planner is dialect-free; it asks the
 * dialect only for its name (to pick an op's template) and for the text of a finished query.
 */
import type { Select, SqlExpr } from "./ast.js";

export type DialectName = "duckdb" | "clickhouse";

export interface Dialect {
  readonly name: DialectName;
  printSelect(q: Select): string;
  printExpr(e: SqlExpr): string;
}
