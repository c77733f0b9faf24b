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
import { EMPTY_DICT, exportRuns, History, JsonDict, Run, SchemaBuilder, stringifyJsonLenient, toJson, type Dict, type SchemaCounts, type Value } from "@qel/ops";

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

/** Whether a string holds no lone UTF-16 surrogate (String.prototype.isWellFormed, ES2024, in Node 20). */
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** JSON text with each lone surrogate replaced by U+FFFD. */
const wellFormedJson = (text: string): string => (escapesLoneSurrogate(text) ? text.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, "$1\\ufffd") : text);

/** The fields of a run's document that the runs table holds in columns. */
const IN_COLUMNS = ["name", "displayName", "jobType", "state", "createdAt", "heartbeatAt", "group", "sweep", "config", "summary", "history"];

/** Whether a config entry is a dict with a `value` key, which the document writes wrapped (see exportRuns). */
function wrapsLike(config: Dict | JsonDict): boolean {
  let found = false;
  if (config instanceof JsonDict) config.forEachEntry((_, x) => (found ||= typeof x === "object" && x !== null && !Array.isArray(x) && Object.hasOwn(x, "value")));
  else for (const v of config.values()) if (v instanceof Map && v.has("value")) found = true;
  return found;
}

/** The rows of `runs`. */
export function runRows(runs: readonly Run[]): RowBatch {
  const batch: RowBatch = { runCount: runs.length, runs: [], history: [], artifacts: [], users: [], schema: { config: { keys: [], dicts: 0 }, summary: { keys: [], dicts: 0 }, history: { keys: [], dicts: 0 } } };
  const schema = new SchemaBuilder();
  const users = new Set<string>();
  runs.forEach((run, i) => {
    schema.add(addRun(batch, run, i));
    const u = run.user;
    if (u !== null && !users.has(u.username)) {
      users.add(u.username);
      batch.users.push([u.username, u.name, u.email]);
    }
  });
  return { ...batch, schema: schema.counts() };
}

/**
 * A dict kept as the bytes it was read from, parsed once here (reading a JsonDict of bytes parses them each time,
 * and its text and the schema each read it).
 */
const parsedOnce = (d: Dict | JsonDict): Dict | JsonDict => (d instanceof JsonDict ? new JsonDict(d.json, d.entries) : d);

/** The dict's entries as a JSON object: values as exportRuns writes them, a config's `{value, desc}` unwrapped. */
function entriesObject(d: Dict | JsonDict): Record<string, unknown> {
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  // JSON a JsonDict keeps is what its dict's values give back through toJson (it nests too little to be cut)
  if (d instanceof JsonDict) d.forEachEntry((k, x) => (o[k] = x));
  else for (const [k, v] of d) o[k] = toJson(v);
  return o;
}

/** A history value's JSON text; a finite number other than -0 is written as JSON.stringify writes it. */
const valueText = (v: Value): string => (typeof v === "number" && Number.isFinite(v) && !Object.is(v, -0) ? String(v) : jsonText(toJson(v)));

/**
 * Adds the rows of `run`, the `index`-th of the batch; gives the run with its config and summary parsed (for the
 * schema, which reads them again).
 */
function addRun(batch: RowBatch, run: Run, index: number): Run {
  const configSource = parsedOnce(run.configSource);
  const summarySource = parsedOnce(run.summarySource);
  const config = jsonText(entriesObject(configSource));
  const summary = jsonText(entriesObject(summarySource));
  let wellFormed = !escapesLoneSurrogate(config) && !escapesLoneSurrogate(summary);
  const h = batch.history;
  const history = run.historyTable;
  if (history.length > 0) {
    run.history.forEach((row, i) => {
      const step = row.get("_step");
      for (const [key, v] of row) {
        const val = valueText(v);
        if (!isWellFormed(key) || escapesLoneSurrogate(val)) wellFormed = false;
        h.push(index, i, typeof step === "number" ? step : null, key, typeof v === "number" ? v : null, wellFormedJson(val));
      }
    });
  }
  if (!isWellFormed(run.name) || !wellFormedOrNull(run.displayName) || !wellFormedOrNull(run.jobType) || !wellFormedOrNull(run.state) ||
    !wellFormedOrNull(run.group) || !wellFormedOrNull(run.sweep) || !wellFormedOrNull(run.user?.username ?? null)) wellFormed = false;
  const parsed = new Run(run.name, run.displayName, run.jobType, run.state, run.createdAt, run.heartbeatAt, run.user, configSource, summarySource, history,
    run.loggedArtifacts, run.usedArtifacts, run.tags, run.group, run.sweep, run.extra, run.details);
  // the document without what columns hold; whole when a column cannot hold it as written (see the module comment)
  const whole = !wellFormed || wrapsLike(configSource);
  const doc = whole ? exportRuns([parsed]).runs[0]! : outsideColumns(parsed);

  batch.runs.push(
    run.name, run.displayName, run.jobType, run.state, run.createdAt.ms, run.heartbeatAt.ms, run.user?.username ?? null, run.group, run.sweep,
    wellFormedJson(config), wellFormedJson(summary), jsonText(doc), history.length,
  );
  for (const [direction, list] of [["logged", run.loggedArtifacts], ["used", run.usedArtifacts]] as const) {
    list.forEach((art, i) => batch.artifacts.push(index, direction, i, art.name, art.version, art.type));
  }
  return parsed;
}

const wellFormedOrNull = (s: string | null): boolean => s === null || isWellFormed(s);

/**
 * What exportRuns writes of `run` besides what columns hold. A run with nothing but a user there (most runs) is
 * written here as exportRuns writes it, sparing the dates it formats and the columns it builds only to drop.
 */
function outsideColumns(run: Run): Record<string, unknown> {
  const d = run.details;
  if (run.loggedArtifacts.length === 0 && run.usedArtifacts.length === 0 && run.tags.length === 0 && run.extra.size === 0 &&
    d.id === null && d.project === null && d.entity === null && d.notes === null && d.metadata.size === 0) {
    const u = run.user;
    return u === null ? {} : { user: { username: u.username, name: u.name, email: u.email } };
  }
  const empty = new Run(run.name, run.displayName, run.jobType, run.state, run.createdAt, run.heartbeatAt, run.user, EMPTY_DICT, EMPTY_DICT, History.EMPTY,
    run.loggedArtifacts, run.usedArtifacts, run.tags, run.group, run.sweep, run.extra, run.details);
  const doc = exportRuns([empty]).runs[0] as Record<string, unknown>;
  for (const k of IN_COLUMNS) delete doc[k];
  return doc;
}
