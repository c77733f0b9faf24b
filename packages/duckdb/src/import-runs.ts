/**
 * Writes runs into a fresh database with DuckDB's appender: one row per run, one per user, one per artifact
 * version and one per history value (long form, in run and step order). Values keep their meaning: numbers
 * stay doubles (NaN and ±Infinity too, as W&B writes them), config and summary are JSON with case-sensitive keys.
 */
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { exportRuns, SchemaBuilder, stringifyJsonLenient, toJson, type Run, type RunsProject, type Value } from "@qel/ops";
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

/** JSON text as DuckDB reads it back: -0 written `-0.0`, since DuckDB reads a bare `-0` as the integer 0. */
const jsonText = (v: unknown): string => stringifyJsonLenient(v, { negativeZero: "-0.0" });
const text = (v: Value): string => jsonText(toJson(v));

function dictJson(d: ReadonlyMap<string, Value>): string {
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of d) o[k] = toJson(v);
  return jsonText(o);
}

function varcharOrNull(a: DuckDBAppender, s: string | null): void {
  if (s === null) a.appendNull();
  else a.appendVarchar(s);
}

/** The run's canonical document without its history, which lives in the history table. */
function runDoc(run: Run): string {
  const doc = exportRuns([run]).runs[0] as Record<string, unknown>;
  delete doc.history;
  return jsonText(doc);
}

function appendRun(a: DuckDBAppender, run: Run, ord: number): void {
  a.appendInteger(ord);
  a.appendVarchar(run.name);
  varcharOrNull(a, run.displayName);
  varcharOrNull(a, run.jobType);
  varcharOrNull(a, run.state);
  a.appendDouble(run.createdAt.ms);
  a.appendDouble(run.heartbeatAt.ms);
  varcharOrNull(a, run.user?.username ?? null);
  varcharOrNull(a, run.group);
  varcharOrNull(a, run.sweep);
  a.appendVarchar(dictJson(run.config));
  a.appendVarchar(dictJson(run.summary));
  a.appendVarchar(runDoc(run));
  a.appendInteger(run.history.length);
  a.endRow();
}

function appendHistory(a: DuckDBAppender, run: Run, ord: number): number {
  let n = 0;
  run.history.forEach((row, i) => {
    const step = row.get("_step");
    for (const [key, v] of row) {
      a.appendInteger(ord);
      a.appendInteger(i);
      if (typeof step === "number") a.appendDouble(step);
      else a.appendNull();
      a.appendVarchar(key);
      if (typeof v === "number") a.appendDouble(v);
      else a.appendNull();
      a.appendVarchar(text(v));
      a.endRow();
      n++;
    }
  });
  return n;
}

function appendArtifacts(a: DuckDBAppender, run: Run, ord: number): void {
  for (const [direction, list] of [["logged", run.loggedArtifacts], ["used", run.usedArtifacts]] as const) {
    list.forEach((art, i) => {
      a.appendInteger(ord);
      a.appendVarchar(direction);
      a.appendInteger(i);
      a.appendVarchar(art.name);
      a.appendDouble(art.version);
      varcharOrNull(a, art.type);
      a.endRow();
    });
  }
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
  const runApp = await conn.createAppender("runs");
  const histApp = await conn.createAppender("history");
  const artApp = await conn.createAppender("artifacts");
  const users = new Map<string, Run["user"]>();
  const schema = new SchemaBuilder();
  let historyValues = 0;
  let ord = 0;
  for await (const runs of batches) {
    for (const run of runs) {
      appendRun(runApp, run, ord);
      historyValues += appendHistory(histApp, run, ord);
      appendArtifacts(artApp, run, ord);
      schema.add(run);
      if (run.user !== null && !users.has(run.user.username)) users.set(run.user.username, run.user);
      if (++ord % 1000 === 0) options.onProgress?.({ runs: ord, historyValues });
    }
  }
  for (const a of [runApp, histApp, artApp]) a.closeSync();
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
