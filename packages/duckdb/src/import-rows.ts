/**
 * Runs as the rows of the database's tables (tables.ts), built without DuckDB so that it can happen on another
 * thread (import-worker.ts): a batch of runs becomes flat lists of cells that import-append.ts appends. Values keep
 * their meaning: numbers stay doubles (NaN and ±Infinity as W&B writes them, -0 as `-0.0`, which DuckDB reads as a
 * double), config and summary are JSON objects with case-sensitive keys.
 *
 * The run's `doc` (what the reader rebuilds the run from, read-rows.ts) leaves out what columns hold: the scalar
 * fields, config, summary and history. Two kinds of run keep their whole document instead:
 * - a config entry that is itself a dict with a `value` key, which the document writes wrapped as W&B's
 *   `{value, desc}` (the config column holds it unwrapped);
 * - a string holding a lone UTF-16 surrogate, which is not Unicode: the columns SQL reads hold U+FFFD in its place
 *   (Node hands such strings to DuckDB so, and DuckDB's JSON functions refuse the escape), the document the string
 *   as written.
 */
import { exportRuns, SchemaBuilder, stringifyJsonLenient, toJson, type Run, type SchemaCounts, type Value } from "@qel/ops";

/** A cell of a row: VARCHAR or JSON text, a DOUBLE or INTEGER, or NULL. */
export type Cell = string | number | null;

/** Cells per run in `RowBatch.runs`: the runs table's columns after `_ord`. */
export const RUN_WIDTH = 13;
/** Cells per value in `RowBatch.history`: the run's index in the batch, `row`, `step`, `key`, `num`, `val`. */
export const HISTORY_WIDTH = 6;
/** Cells per version in `RowBatch.artifacts`: the run's index in the batch, `direction`, `idx`, `name`, `version`, `type`. */
export const ARTIFACT_WIDTH = 6;

/** The rows of a batch of runs, in order, without `_ord` (given when appended); plain data that crosses threads. */
export interface RowBatch {
  readonly runCount: number;
  readonly runs: Cell[];
  readonly history: Cell[];
  readonly artifacts: Cell[];
  /** Each user of the batch's runs once, as its first run has it: username, name, email. */
  readonly users: [string, string | null, string | null][];
  /** The batch's config, summary and history keys (SchemaBuilder.counts). */
  readonly schema: SchemaCounts;
}

/** JSON text as DuckDB reads it back: -0 written `-0.0`, since DuckDB reads a bare `-0` as the integer 0. */
const jsonText = (v: unknown): string => stringifyJsonLenient(v, { negativeZero: "-0.0" });

/** Whether JSON text (as JSON.stringify writes it: a backslash of the text as `\\`) escapes a lone surrogate. */
const escapesLoneSurrogate = (text: string): boolean => text.includes("\\ud") && /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/.test(text);

/** A lone surrogate: a high one not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** JSON text with each lone surrogate replaced by U+FFFD. */
const wellFormedJson = (text: string): string => (escapesLoneSurrogate(text) ? text.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, "$1\\ufffd") : text);

/** The fields of a run's document that the runs table holds in columns. */
const IN_COLUMNS = ["name", "displayName", "jobType", "state", "createdAt", "heartbeatAt", "group", "sweep", "config", "summary", "history"];

function dictObject(d: ReadonlyMap<string, Value>): Record<string, unknown> {
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of d) o[k] = toJson(v);
  return o;
}

const wrapsLike = (config: ReadonlyMap<string, Value>): boolean => {
  for (const v of config.values()) if (v instanceof Map && v.has("value")) return true;
  return false;
};

/** The rows of `runs`. */
export function runRows(runs: readonly Run[]): RowBatch {
  const batch: RowBatch = { runCount: runs.length, runs: [], history: [], artifacts: [], users: [], schema: { config: { keys: [], dicts: 0 }, summary: { keys: [], dicts: 0 }, history: { keys: [], dicts: 0 } } };
  const schema = new SchemaBuilder();
  const users = new Set<string>();
  runs.forEach((run, i) => {
    addRun(batch, run, i);
    schema.add(run);
    const u = run.user;
    if (u !== null && !users.has(u.username)) {
      users.add(u.username);
      batch.users.push([u.username, u.name, u.email]);
    }
  });
  return { ...batch, schema: schema.counts() };
}

/** Adds the rows of `run`, the `index`-th of the batch. */
function addRun(batch: RowBatch, run: Run, index: number): void {
  const doc = exportRuns([run]).runs[0] as Record<string, unknown>;
  const wrapped = wrapsLike(run.config);
  const config = jsonText(wrapped ? dictObject(run.config) : doc.config);
  const summary = jsonText(doc.summary);
  let wellFormed = !escapesLoneSurrogate(config) && !escapesLoneSurrogate(summary);
  const h = batch.history;
  run.history.forEach((row, i) => {
    const step = row.get("_step");
    for (const [key, v] of row) {
      const val = jsonText(toJson(v));
      if (!isWellFormed(key) || escapesLoneSurrogate(val)) wellFormed = false;
      h.push(index, i, typeof step === "number" ? step : null, key, typeof v === "number" ? v : null, wellFormedJson(val));
    }
  });
  for (const s of [run.name, run.displayName, run.jobType, run.state, run.group, run.sweep, run.user?.username ?? null]) if (s !== null && !isWellFormed(s)) wellFormed = false;
  if (wellFormed) for (const k of IN_COLUMNS) if (k !== "config" || !wrapped) delete doc[k];

  batch.runs.push(
    run.name, run.displayName, run.jobType, run.state, run.createdAt.ms, run.heartbeatAt.ms, run.user?.username ?? null, run.group, run.sweep,
    wellFormedJson(config), wellFormedJson(summary), jsonText(doc), run.history.length,
  );
  for (const [direction, list] of [["logged", run.loggedArtifacts], ["used", run.usedArtifacts]] as const) {
    list.forEach((art, i) => batch.artifacts.push(index, direction, i, art.name, art.version, art.type));
  }
}
