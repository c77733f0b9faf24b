/**
 * The database layout of an imported project (docs/duckdb.md "Tables"): scalar run fields as typed columns,
 * config and summary as JSON (case-sensitive keys, any characters), history in long form, and the rest of each
 * run's canonical document (`doc`, JSON text of what no column holds) so runs that leave the database are the runs
 * that went in.
 */
export const FORMAT_VERSION = 3;

export const CREATE_TABLES: readonly string[] = [
  `CREATE TABLE qel_meta ("key" VARCHAR PRIMARY KEY, "value" VARCHAR)`,
  `CREATE TABLE runs (
    "_ord" INTEGER NOT NULL, "name" VARCHAR NOT NULL, "display_name" VARCHAR, "job_type" VARCHAR, "state" VARCHAR,
    "created_ms" DOUBLE NOT NULL, "heartbeat_ms" DOUBLE NOT NULL, "username" VARCHAR, "group" VARCHAR, "sweep" VARCHAR,
    "config" JSON NOT NULL, "summary" JSON NOT NULL, "doc" VARCHAR NOT NULL, "history_rows" INTEGER NOT NULL)`,
  // One row per (run, history row, key); `num` holds numbers (NaN and ±Infinity included), `val` every value as JSON.
  `CREATE TABLE history ("run_ord" INTEGER NOT NULL, "row" INTEGER NOT NULL, "step" DOUBLE, "key" VARCHAR NOT NULL, "num" DOUBLE, "val" JSON)`,
  `CREATE TABLE users ("username" VARCHAR NOT NULL, "name" VARCHAR, "email" VARCHAR)`,
  `CREATE TABLE artifacts ("run_ord" INTEGER NOT NULL, "direction" VARCHAR NOT NULL, "idx" INTEGER NOT NULL, "name" VARCHAR NOT NULL, "version" DOUBLE, "type" VARCHAR)`,
];

/** Run columns the planner reads; op templates name them (`$0.job_type`). */
export const RUN_ALIAS = "r";
