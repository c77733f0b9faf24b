/**
 * Writes runs into a fresh database (tables.ts) with DuckDB's appender (import-append.ts): one row per run, one per
 * user, one per artifact version and one per history value (long form, in run and step order).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { SchemaBuilder, type Run, type RunsProject } from "@qel/ops";
import { appendRun, varcharOrNull, type Appenders } from "./import-append.js";
import { schemaToJson } from "./schema-codec.js";
import { CREATE_TABLES, FORMAT_VERSION } from "./tables.js";

export interface ImportProgress {
  readonly runs: number;
  readonly historyValues: number;
}

export interface ImportResult extends ImportProgress {
  /** Run names held by more than one run (the first few), as the runs-file loader warns of them. */
  readonly duplicateNames: readonly string[];
}

export interface ImportOptions {
  readonly project?: RunsProject | null;
  /** Called every 1 000 runs and at the end. */
  readonly onProgress?: (p: ImportProgress) => void;
}

/** Creates the tables and writes `runs` in their order (`_ord` 0, 1, …). The connection's database must be empty. */
export function importRuns(conn: DuckDBConnection, runs: readonly Run[], options: ImportOptions = {}): Promise<ImportResult> {
  return importRunBatches(conn, [runs], options);
}

/**
 * `importRuns` for runs that arrive in batches (a file read in chunks): each batch is written and can then be
 * forgotten, so memory holds one batch, the users and the schema's keys, whatever the number of runs.
 */
export async function importRunBatches(conn: DuckDBConnection, batches: Iterable<readonly Run[]> | AsyncIterable<readonly Run[]>, options: ImportOptions = {}): Promise<ImportResult> {
  for (const ddl of CREATE_TABLES) await conn.run(ddl);
  const appenders: Appenders = { runs: await conn.createAppender("runs"), history: await conn.createAppender("history"), artifacts: await conn.createAppender("artifacts") };
  const users = new Map<string, Run["user"]>();
  const schema = new SchemaBuilder();
  let historyValues = 0;
  let ord = 0;
  for await (const runs of batches) {
    for (const run of runs) {
      historyValues += appendRun(appenders, run, ord);
      schema.add(run);
      if (run.user !== null && !users.has(run.user.username)) users.set(run.user.username, run.user);
      if (++ord % 1000 === 0) options.onProgress?.({ runs: ord, historyValues });
    }
  }
  for (const a of [appenders.runs, appenders.history, appenders.artifacts]) a.closeSync();
  const userApp = await conn.createAppender("users");
  for (const u of users.values()) {
    userApp.appendVarchar(u!.username);
    varcharOrNull(userApp, u!.name);
    varcharOrNull(userApp, u!.email);
    userApp.endRow();
  }
  userApp.closeSync();
  const meta = await conn.prepare(`INSERT INTO qel_meta VALUES ($1, $2)`);
  for (const [k, v] of [["format", FORMAT_VERSION], ["schema", schemaToJson(schema.result())], ["project", options.project ?? null]] as const) {
    meta.bindVarchar(1, k);
    meta.bindVarchar(2, JSON.stringify(v));
    await meta.run();
  }
  const done = { runs: ord, historyValues };
  options.onProgress?.(done);
  const duplicates = (await conn.runAndReadAll(`SELECT "name" FROM runs GROUP BY "name" HAVING count(*) > 1 ORDER BY min("_ord") LIMIT 5`)).getRowObjectsJS();
  return { ...done, duplicateNames: duplicates.map((r) => String(r.name)) };
}
