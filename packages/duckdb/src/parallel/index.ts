/**
 * `@qel/duckdb/parallel`: reading a JSON Lines file on worker threads (the pool and the cutting into parts),
 * without DuckDB; `qel import` and `qel eval` over a big file both use it.
 */
export { moduleWorker, serveParts, WorkerPool, type Part } from "./worker-pool.js";
export { lineParts, loadPart, PartIssues, streamPart, type LoadedPart } from "./line-parts.js";
