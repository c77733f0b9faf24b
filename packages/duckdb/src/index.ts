/**
 * @qel/duckdb: qel over a DuckDB database (docs/duckdb.md). `importRuns` writes a project's runs into tables;
 * `DuckDbProject` evaluates expressions with their data side as SQL and the rest as qel's closures, with the
 * in-memory evaluator's meaning; `explain` says what ran where. Node only.
 */
export { importRuns, importRunBatches, type ImportOptions, type ImportProgress, type ImportResult } from "./import-runs.js";
export { DuckDbProject, type Explanation, type HostVariables } from "./engine.js";
export { planQuery, type QueryPlan, type PushedQuery, type LocalNode, type ResultShape } from "./plan/plan.js";
export { duckdbDialect } from "./sql/print-duckdb.js";
export type { Dialect, DialectName } from "./sql/dialect.js";
export type { Select, SqlExpr } from "./sql/ast.js";
export { ALL_RULES, type SemanticRules } from "./plan/lower-scalar.js";
export { importJsonLinesFile, type JsonLinesImport, type JsonLinesOptions } from "./import-jsonl.js";
