/**
 * One run's rows, written with DuckDB's appender: one row for the runs table, one per history value, one per
 * artifact version. Values keep their meaning: numbers stay doubles (NaN and ±Infinity as W&B writes them, -0 as
 * `-0.0`, which DuckDB reads as a double), config and summary are JSON objects with case-sensitive keys.
 *
 * The run's `doc` (what the reader rebuilds the run from, read-rows.ts) leaves out what columns hold: the scalar
 * fields, config, summary and history. Two kinds of run keep their whole document instead:
 * - a config entry that is itself a dict with a `value` key, which the document writes wrapped as W&B's
 *   `{value, desc}` (the config column holds it unwrapped);
 * - a string holding a lone UTF-16 surrogate, which is not Unicode: the columns SQL reads hold U+FFFD in its place
 *   (Node hands such strings to DuckDB so, and DuckDB's JSON functions refuse the escape), the document the string
 *   as written.
 */
import type { DuckDBAppender } from "@duckdb/node-api";
import { exportRuns, stringifyJsonLenient, toJson, type Run, type Value } from "@qel/ops";

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

export function varcharOrNull(a: DuckDBAppender, s: string | null): void {
  if (s === null) a.appendNull();
  else a.appendVarchar(s);
}

function dictObject(d: ReadonlyMap<string, Value>): Record<string, unknown> {
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of d) o[k] = toJson(v);
  return o;
}

const wrapsLike = (config: ReadonlyMap<string, Value>): boolean => {
  for (const v of config.values()) if (v instanceof Map && v.has("value")) return true;
  return false;
};

/** A history value as the table holds it. */
interface HistoryCell {
  readonly row: number;
  readonly step: number | null;
  readonly key: string;
  readonly num: number | null;
  readonly val: string;
}

export interface Appenders {
  readonly runs: DuckDBAppender;
  readonly history: DuckDBAppender;
  readonly artifacts: DuckDBAppender;
}

/** Appends `run` with `_ord` `ord`; the number of history values appended. */
export function appendRun(a: Appenders, run: Run, ord: number): number {
  const doc = exportRuns([run]).runs[0] as Record<string, unknown>;
  const wrapped = wrapsLike(run.config);
  const config = jsonText(wrapped ? dictObject(run.config) : doc.config);
  const summary = jsonText(doc.summary);
  const cells: HistoryCell[] = [];
  let wellFormed = !escapesLoneSurrogate(config) && !escapesLoneSurrogate(summary);
  run.history.forEach((row, i) => {
    const step = row.get("_step");
    for (const [key, v] of row) {
      const val = jsonText(toJson(v));
      if (!isWellFormed(key) || escapesLoneSurrogate(val)) wellFormed = false;
      cells.push({ row: i, step: typeof step === "number" ? step : null, key, num: typeof v === "number" ? v : null, val });
    }
  });
  for (const s of [run.name, run.displayName, run.jobType, run.state, run.group, run.sweep, run.user?.username ?? null]) if (s !== null && !isWellFormed(s)) wellFormed = false;
  if (wellFormed) for (const k of IN_COLUMNS) if (k !== "config" || !wrapped) delete doc[k];

  const r = a.runs;
  r.appendInteger(ord);
  r.appendVarchar(run.name);
  varcharOrNull(r, run.displayName);
  varcharOrNull(r, run.jobType);
  varcharOrNull(r, run.state);
  r.appendDouble(run.createdAt.ms);
  r.appendDouble(run.heartbeatAt.ms);
  varcharOrNull(r, run.user?.username ?? null);
  varcharOrNull(r, run.group);
  varcharOrNull(r, run.sweep);
  r.appendVarchar(wellFormedJson(config));
  r.appendVarchar(wellFormedJson(summary));
  r.appendVarchar(jsonText(doc));
  r.appendInteger(run.history.length);
  r.endRow();

  const h = a.history;
  for (const c of cells) {
    h.appendInteger(ord);
    h.appendInteger(c.row);
    if (c.step === null) h.appendNull();
    else h.appendDouble(c.step);
    h.appendVarchar(c.key);
    if (c.num === null) h.appendNull();
    else h.appendDouble(c.num);
    h.appendVarchar(wellFormedJson(c.val));
    h.endRow();
  }

  for (const [direction, list] of [["logged", run.loggedArtifacts], ["used", run.usedArtifacts]] as const) {
    list.forEach((art, i) => {
      const t = a.artifacts;
      t.appendInteger(ord);
      t.appendVarchar(direction);
      t.appendInteger(i);
      t.appendVarchar(art.name);
      t.appendDouble(art.version);
      varcharOrNull(t, art.type);
      t.endRow();
    });
  }
  return cells.length;
}
