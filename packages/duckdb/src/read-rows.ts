/**
 * Query results back to qel values: runs rebuilt from their canonical documents and long-form history by the
 * same reader that loads runs files (so a run out of the database is the run that went in), counts as numbers,
 * and one value per row for mapped results (DOUBLE as numbers with NaN and ±Infinity, dates from milliseconds,
 * JSON through the NaN-tolerant parser).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { DateValue, formatIsoDate, fromJson, loadRunsDocument, parseJsonLenient, type Run, type Value } from "@qel/ops";
import type { PushedQuery } from "./plan/plan.js";
import type { SqlKind } from "./plan/lower-scalar.js";

function jsonValue(text: unknown): Value {
  if (text === null || text === undefined) return null;
  const parsed = parseJsonLenient(String(text));
  return parsed.ok ? fromJson(parsed.value) : null;
}

function cell(v: unknown, kind: SqlKind): Value {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case "number":
      return typeof v === "bigint" ? Number(v) : (v as number);
    case "string":
      return String(v);
    case "boolean":
      return v as boolean;
    case "date":
      return new DateValue(Number(v));
    case "json":
      return jsonValue(v);
    default:
      return null;
  }
}

/** A JSON member of a stored row, parsed as the runs-file loader parses it. */
function jsonOf(text: unknown, what: string): unknown {
  const parsed = parseJsonLenient(String(text));
  if (!parsed.ok) throw new Error(`${what} does not parse: ${parsed.message}`);
  return parsed.value;
}

/** The fields of the run's document that columns hold (import-rows.ts), put back where the document lacks them. */
function restoreColumns(doc: Record<string, unknown>, row: Record<string, unknown>): void {
  const fields: readonly [string, unknown][] = [
    ["name", row.name], ["displayName", row.display_name], ["jobType", row.job_type], ["state", row.state], ["group", row.group], ["sweep", row.sweep],
  ];
  for (const [k, v] of fields) if (!Object.hasOwn(doc, k) && v !== null && v !== undefined) doc[k] = String(v);
  if (!Object.hasOwn(doc, "createdAt")) doc.createdAt = formatIsoDate(Number(row.created_ms));
  if (!Object.hasOwn(doc, "heartbeatAt")) doc.heartbeatAt = formatIsoDate(Number(row.heartbeat_ms));
  if (!Object.hasOwn(doc, "config")) doc.config = jsonOf(row.config, `run ${String(row._ord)}: its config`);
  if (!Object.hasOwn(doc, "summary")) doc.summary = jsonOf(row.summary, `run ${String(row._ord)}: its summary`);
}

export class RunReader {
  /** Runs are immutable: each is rebuilt once. */
  readonly #cache = new Map<number, Run>();
  constructor(readonly connection: DuckDBConnection) {}

  /** The runs whose `_ord`s `ordQuery` selects, in its order. */
  async runs(ordQuery: string): Promise<readonly Run[]> {
    const ords = (await this.connection.runAndReadAll(ordQuery)).getRowObjectsJS().map((r) => Number(r._ord));
    const missing = ords.filter((o) => !this.#cache.has(o));
    if (missing.length > 0) await this.#load(missing);
    return Object.freeze(ords.map((o) => this.#cache.get(o)!));
  }

  async #load(ords: readonly number[]): Promise<void> {
    const list = `(${ords.join(", ")})`;
    const docs = (await this.connection.runAndReadAll(
      `SELECT "_ord", "doc", "history_rows", "name", "display_name", "job_type", "state", "created_ms", "heartbeat_ms", "group", "sweep", CAST("config" AS VARCHAR) AS config, CAST("summary" AS VARCHAR) AS summary FROM runs WHERE "_ord" IN ${list}`,
    )).getRowObjectsJS();
    const rows = (await this.connection.runAndReadAll(
      `SELECT "run_ord", "row", "key", CAST("val" AS VARCHAR) AS val FROM history WHERE "run_ord" IN ${list} ORDER BY "run_ord", "row"`,
    )).getRowObjectsJS();
    const history = new Map<number, Record<string, unknown>[]>();
    for (const r of rows) {
      const ord = Number(r.run_ord), i = Number(r.row);
      let h = history.get(ord);
      if (h === undefined) history.set(ord, (h = []));
      while (h.length <= i) h.push(Object.create(null) as Record<string, unknown>);
      const parsed = parseJsonLenient(String(r.val));
      h[i]![String(r.key)] = parsed.ok ? parsed.value : null;
    }
    for (const d of docs) {
      const ord = Number(d._ord);
      const parsed = parseJsonLenient(String(d.doc));
      if (!parsed.ok) throw new Error(`run ${ord}: its stored document does not parse: ${parsed.message}`);
      const doc = parsed.value as Record<string, unknown>;
      restoreColumns(doc, d);
      const h = history.get(ord) ?? [];
      // rows without any value have no row in the history table
      while (h.length < Number(d.history_rows)) h.push(Object.create(null) as Record<string, unknown>);
      // a document written whole (import-append.ts) holds its history as it was
      if (h.length > 0 && !Object.hasOwn(doc, "history")) doc.history = h;
      const loaded = loadRunsDocument([doc], { fileName: "database" });
      const run = loaded.runs[0];
      if (run === undefined) throw new Error(`run ${ord}: its stored document does not read back: ${loaded.issues.map((i) => i.message).join("; ")}`);
      this.#cache.set(ord, run);
    }
  }

  /** The value a pushed query gives. */
  async result(q: PushedQuery): Promise<Value> {
    const shape = q.shape;
    switch (shape.kind) {
      case "runs":
        return this.runs(q.sql);
      case "count": {
        const row = (await this.connection.runAndReadAll(q.sql)).getRowObjectsJS()[0];
        return Number(row?.n ?? 0);
      }
      case "values": {
        const rows = (await this.connection.runAndReadAll(q.sql)).getRowObjectsJS();
        const out: Value[] = [];
        for (const r of rows) {
          if (shape.dictKeys === undefined) out.push(cell(r.c0, shape.columns[0]!.kind));
          else out.push(new Map(shape.dictKeys.map((k, i) => [k, cell(r[shape.columns[i]!.alias], shape.columns[i]!.kind)])));
        }
        return Object.freeze(out);
      }
    }
  }
}
