/**
 * Writes batches of rows (import-rows.ts) into a fresh database with DuckDB's appender, giving each run its `_ord`
 * in the order the batches come; then the users, the schema and the format, and finds run names held twice.
 */
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { SchemaBuilder } from "@qel/ops";
import { ARTIFACT_WIDTH, HISTORY_WIDTH, RUN_WIDTH, type Cell, type RowBatch } from "./import-rows.js";
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

function varchar(a: DuckDBAppender, s: Cell): void {
  if (s === null) a.appendNull();
  else a.appendVarchar(s as string);
}

function double(a: DuckDBAppender, x: Cell): void {
  if (x === null) a.appendNull();
  else a.appendDouble(x as number);
}

export class TableWriter {
  readonly #conn: DuckDBConnection;
  readonly #runs: DuckDBAppender;
  readonly #history: DuckDBAppender;
  readonly #artifacts: DuckDBAppender;
  readonly #users = new Map<string, RowBatch["users"][number]>();
  readonly #schema = new SchemaBuilder();
  readonly #onProgress: ((p: ImportProgress) => void) | undefined;
  #ord = 0;
  #historyValues = 0;

  private constructor(conn: DuckDBConnection, appenders: readonly DuckDBAppender[], onProgress?: (p: ImportProgress) => void) {
    this.#conn = conn;
    [this.#runs, this.#history, this.#artifacts] = appenders as [DuckDBAppender, DuckDBAppender, DuckDBAppender];
    this.#onProgress = onProgress;
  }

  /** Creates the tables in the connection's database, which must be empty. `onProgress`: every 1 000 runs and at the end. */
  static async create(conn: DuckDBConnection, onProgress?: (p: ImportProgress) => void): Promise<TableWriter> {
    for (const ddl of CREATE_TABLES) await conn.run(ddl);
    return new TableWriter(conn, [await conn.createAppender("runs"), await conn.createAppender("history"), await conn.createAppender("artifacts")], onProgress);
  }

  /** Appends a batch: its runs take the next `_ord`s. */
  append(b: RowBatch): void {
    const first = this.#ord;
    const r = this.#runs;
    const cells = b.runs;
    for (let i = 0; i < b.runCount; i++) {
      const c = i * RUN_WIDTH;
      r.appendInteger(first + i);
      r.appendVarchar(cells[c] as string);
      varchar(r, cells[c + 1]!);
      varchar(r, cells[c + 2]!);
      varchar(r, cells[c + 3]!);
      r.appendDouble(cells[c + 4] as number);
      r.appendDouble(cells[c + 5] as number);
      varchar(r, cells[c + 6]!);
      varchar(r, cells[c + 7]!);
      varchar(r, cells[c + 8]!);
      r.appendVarchar(cells[c + 9] as string);
      r.appendVarchar(cells[c + 10] as string);
      r.appendVarchar(cells[c + 11] as string);
      r.appendInteger(cells[c + 12] as number);
      r.endRow();
      if ((first + i + 1) % 1000 === 0) this.#onProgress?.({ runs: first + i + 1, historyValues: this.#historyValues });
    }
    const h = this.#history;
    const hc = b.history;
    for (let c = 0; c < hc.length; c += HISTORY_WIDTH) {
      h.appendInteger(first + (hc[c] as number));
      h.appendInteger(hc[c + 1] as number);
      double(h, hc[c + 2]!);
      h.appendVarchar(hc[c + 3] as string);
      double(h, hc[c + 4]!);
      h.appendVarchar(hc[c + 5] as string);
      h.endRow();
    }
    const a = this.#artifacts;
    const ac = b.artifacts;
    for (let c = 0; c < ac.length; c += ARTIFACT_WIDTH) {
      a.appendInteger(first + (ac[c] as number));
      a.appendVarchar(ac[c + 1] as string);
      a.appendInteger(ac[c + 2] as number);
      a.appendVarchar(ac[c + 3] as string);
      a.appendDouble(ac[c + 4] as number);
      varchar(a, ac[c + 5]!);
      a.endRow();
    }
    for (const u of b.users) if (!this.#users.has(u[0])) this.#users.set(u[0], u);
    this.#schema.addCounts(b.schema);
    this.#ord += b.runCount;
    this.#historyValues += hc.length / HISTORY_WIDTH;
  }

  /** Closes the appenders, writes the users, the schema and `project`, and looks for names held twice. */
  async finish(project: unknown): Promise<ImportResult> {
    for (const a of [this.#runs, this.#history, this.#artifacts]) a.closeSync();
    const conn = this.#conn;
    const userApp = await conn.createAppender("users");
    for (const [username, name, email] of this.#users.values()) {
      userApp.appendVarchar(username);
      varchar(userApp, name);
      varchar(userApp, email);
      userApp.endRow();
    }
    userApp.closeSync();
    const meta = await conn.prepare(`INSERT INTO qel_meta VALUES ($1, $2)`);
    for (const [k, v] of [["format", FORMAT_VERSION], ["schema", schemaToJson(this.#schema.result())], ["project", project ?? null]] as const) {
      meta.bindVarchar(1, k);
      meta.bindVarchar(2, JSON.stringify(v));
      await meta.run();
    }
    const done = { runs: this.#ord, historyValues: this.#historyValues };
    this.#onProgress?.(done);
    const duplicates = (await conn.runAndReadAll(`SELECT "name" FROM runs GROUP BY "name" HAVING count(*) > 1 ORDER BY min("_ord") LIMIT 5`)).getRowObjectsJS();
    return { ...done, duplicateNames: duplicates.map((r) => String(r.name)) };
  }
}
