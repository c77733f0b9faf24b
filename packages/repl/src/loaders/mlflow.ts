/**
 * MLflow runs from a local `mlruns/` folder (MLflow's file store) mapped onto
 * canonical RUN objects. Validation is left to loadRunsDocument, as for W&B run folders.
 *
 * Layout: `mlruns/<experiment_id>/meta.yaml` describes an experiment; `mlruns/<experiment_id>/<run_id>/` holds a
 * run: `meta.yaml`, and the folders `params/`, `metrics/` and `tags/` with one file per key. A key containing `/`
 * is a path of folders below them (`metrics/train/loss`). Deleted experiments sit in `mlruns/.trash/`, which is
 * never searched; a run marked deleted in place (`lifecycle_stage: deleted`) is loaded with the label `deleted`.
 */
import { access, readdir } from "node:fs/promises";
import type { Dirent } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createLoadIssue, formatIsoDate, type LoadIssue, type RunsProject } from "@qel/ops";
import { listFolder, MAX_DEPTH, RUN_FOLDER, SKIP } from "./discover.js";
import { errorText, isErrno, parseYaml, readText } from "./wandb-files.js";
import { isObject, newObject, type JsonObject } from "./wandb-replay.js";

/** An experiment, from its `meta.yaml`. */
export interface MlflowExperiment {
  readonly name: string | null;
  readonly deleted: boolean;
}

/** A run folder found on disk. */
export interface MlflowRunRef {
  /** File-system path of the run folder. */
  readonly dir: string;
  /** The same path as shown in issues (relative to what the user named). */
  readonly display: string;
  /** The experiment folder's `meta.yaml`, or null when there is none. */
  readonly experiment: MlflowExperiment | null;
}

export interface MlflowDiscovery {
  /** Sorted by path. */
  readonly runs: MlflowRunRef[];
  readonly issues: LoadIssue[];
}

/** What one run folder gave: the RUN object (null when the run could not be read) and its experiment's name as project. */
export interface MlflowRun {
  readonly ref: MlflowRunRef;
  readonly json: JsonObject | null;
  readonly project: RunsProject | null;
  readonly issues: LoadIssue[];
}

/** MLflow run IDs: 32 hex digits (uuid4 without dashes). */
const RUN_ID = /^[0-9a-f]{32}$/;
/** At most this many issues about lines of one metric file; the rest are counted in one more. */
const MAX_LINE_ISSUES = 5;
/** `RunStatus` in MLflow's enum order. SCHEDULED becomes W&B's word for a run that has not started. */
const STATES: Readonly<Record<string, string>> = { 1: "running", 2: "pending", 3: "finished", 4: "failed", 5: "killed" };
const STATE_NAMES: Readonly<Record<string, string>> = { RUNNING: "running", SCHEDULED: "pending", FINISHED: "finished", FAILED: "failed", KILLED: "killed" };
/** History row keys the loader sets itself; a metric of the same name cannot go into the rows. */
const ROW_KEYS = new Set(["_step", "_timestamp"]);

// ---------------------------------------------------------------------------------------------------------------
// Finding runs

/**
 * Finds every MLflow run under `root`, which may be a run folder, an experiment folder, an `mlruns` folder (under
 * any name) or any tree holding them. A folder is recognised by its `meta.yaml` (see metaKind). Dot folders
 * (`.trash`, `.git`) and W&B run folders are not searched, nor are symbolic links followed. Unreadable folders are
 * reported and skipped. Never throws.
 */
export async function discoverMlflowRuns(root: string, display: string): Promise<MlflowDiscovery> {
  const runs: MlflowRunRef[] = [];
  const issues: LoadIssue[] = [];
  const list = (dir: string, shown: string) => listFolder(dir, shown, issues);
  const walk = async (dir: string, shown: string, depth: number): Promise<void> => {
    const entries = await list(dir, shown);
    if (entries.some((e) => e.isFile() && e.name === "meta.yaml")) {
      const meta = await quietMeta(join(dir, "meta.yaml"));
      const kind = metaKind(meta, dir);
      if (kind === "run") {
        runs.push({ dir, display: shown, experiment: await experimentAt(dirname(dir)) });
        return;
      }
      if (kind === "experiment" && meta !== null) {
        for (const r of await experimentRuns(dir, shown, entries, experimentOf(meta), issues)) runs.push(r);
        return;
      }
    }
    if (depth >= MAX_DEPTH) return;
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith(".") || SKIP.has(e.name) || RUN_FOLDER.test(e.name)) continue;
      await walk(join(dir, e.name), join(shown, e.name), depth + 1);
    }
  };
  await walk(root, display, 0);
  runs.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { runs, issues };
}

/**
 * What a folder's `meta.yaml` describes. A run's names its experiment and `run_id` (`run_uuid` in old files); an
 * experiment's names `experiment_id` alone. Model-registry versions (`run_id` without `experiment_id`) and logged
 * models (`model_id`) are neither. An unreadable meta.yaml in a folder named like a run ID counts as a run's, so
 * that the damage is reported when the run is read.
 */
function metaKind(meta: JsonObject | null, dir: string): "run" | "experiment" | null {
  if (meta === null) return RUN_ID.test(basename(dir)) ? "run" : null;
  const has = (k: string): boolean => Object.hasOwn(meta, k);
  if (!has("experiment_id") || has("model_id")) return null;
  return has("run_id") || has("run_uuid") ? "run" : "experiment";
}

/**
 * The runs of an experiment folder: its sub-folders holding `meta.yaml`. A folder named like a run ID without one
 * is reported (MLflow calls it malformed); other folders (`models/`, `traces/` of newer MLflow) are not runs.
 */
async function experimentRuns(
  dir: string,
  shown: string,
  entries: readonly Dirent[],
  experiment: MlflowExperiment,
  issues: LoadIssue[],
): Promise<MlflowRunRef[]> {
  const runs: MlflowRunRef[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    const ref = { dir: join(dir, e.name), display: join(shown, e.name), experiment };
    if (await exists(join(ref.dir, "meta.yaml"))) runs.push(ref);
    else if (RUN_ID.test(e.name)) issues.push(createLoadIssue("warning", ref.display, "", "an MLflow run folder without meta.yaml; skipped"));
  }
  return runs;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The experiment whose folder is `dir`, when its `meta.yaml` is an experiment's; else null. */
async function experimentAt(dir: string): Promise<MlflowExperiment | null> {
  const meta = await quietMeta(join(dir, "meta.yaml"));
  return meta !== null && metaKind(meta, dir) === "experiment" ? experimentOf(meta) : null;
}

function experimentOf(meta: JsonObject): MlflowExperiment {
  return { name: text(meta.name), deleted: meta.lifecycle_stage === "deleted" };
}

/** A `meta.yaml` read only to recognise a folder: null when missing, unreadable or not a YAML mapping. */
async function quietMeta(path: string): Promise<JsonObject | null> {
  const t = await readText(path, path, []);
  if (t === null) return null;
  const data = parseYaml(t, path, [], "");
  return isObject(data) ? data : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading one run

/** One line of a metric file: `<timestamp_ms> <value> [<step>]`. */
interface MetricPoint {
  readonly timestampMs: number;
  readonly value: number;
  readonly step: number;
}

/**
 * Reads one run folder: `meta.yaml`, then every file of `params/`, `metrics/` and `tags/`. Any of the folders may be
 * missing. A run without a readable meta.yaml or start time is reported and skipped; a bad metric line is
 * reported (file and line) and the metric's other points kept. Never throws.
 */
export async function readMlflowRun(ref: MlflowRunRef): Promise<MlflowRun> {
  const issues: LoadIssue[] = [];
  const fail = (text: string | null): MlflowRun => {
    if (text !== null) issues.push(createLoadIssue("error", ref.display, "", text));
    return { ref, json: null, project: null, issues };
  };
  const metaShown = join(ref.display, "meta.yaml");
  const metaText = await readText(join(ref.dir, "meta.yaml"), metaShown, issues);
  if (metaText === null) return fail(issues.length > 0 ? null : "no meta.yaml; run skipped");
  const meta = parseMeta(metaText, metaShown, issues);
  if (meta === null) return fail(null);

  const read = (f: string): Promise<Map<string, string>> => readKeyFiles(join(ref.dir, f), join(ref.display, f), issues);
  const [params, metricTexts, tags] = await Promise.all([read("params"), read("metrics"), read("tags")]);
  const metrics = new Map<string, MetricPoint[]>();
  for (const [key, t] of metricTexts) {
    const shown = join(ref.display, "metrics", key);
    const points = parseMetricLines(t, shown, issues);
    if (points.length > 0) metrics.set(key, points);
    else if (t.trim() === "") issues.push(createLoadIssue("warning", shown, "", "an empty metric file; metric left out"));
  }
  const json = buildRun(ref, meta, { params, metrics, tags }, issues);
  if (json === null) return fail(null);
  const name = ref.experiment?.name ?? null;
  if (name !== null) json.project = name;
  return { ref, json, project: name === null ? null : { name }, issues };
}

/** Parses a `meta.yaml` that must be a YAML mapping; null after an error issue otherwise. */
function parseMeta(t: string, display: string, issues: LoadIssue[]): JsonObject | null {
  const data = parseYaml(t, display, issues, "run skipped");
  if (data === undefined) return null;
  if (isObject(data)) return data;
  issues.push(createLoadIssue("error", display, "", "expected a mapping of run fields; run skipped"));
  return null;
}

/**
 * The files below `dir` as key → text, sorted by key. A key is the file's path below `dir` joined with `/`: MLflow
 * stores the metric `train/loss` as the file `loss` in the folder `metrics/train/`. A missing folder gives no keys.
 */
async function readKeyFiles(dir: string, display: string, issues: LoadIssue[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (sub: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(dir, sub), { withFileTypes: true });
    } catch (e) {
      if (!(sub === "" && isErrno(e, "ENOENT"))) {
        issues.push(createLoadIssue("error", join(display, sub), "", `cannot list the folder (${errorText(e)}); skipped`));
      }
      return;
    }
    await Promise.all(entries.map(async (e) => {
      const rel = sub === "" ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory() && depth < MAX_DEPTH) await walk(rel, depth + 1);
      else if (e.isFile()) {
        const t = await readText(join(dir, rel), join(display, rel), issues);
        if (t !== null) out.set(rel, t);
      }
    }));
  };
  await walk("", 0);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Parses a metric file: one point per line, `<timestamp_ms> <value> <step>` (the step missing in old files, then
 * 0). Values are Python floats, so `nan`, `inf` and `-inf` become NaN and ±Infinity. Blank lines are skipped; a
 * malformed line is reported with its number and skipped.
 */
export function parseMetricLines(t: string, display: string, issues: LoadIssue[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  let bad = 0;
  t.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() === "") return;
    const p = parseMetricLine(line);
    if (typeof p !== "string") points.push(p);
    else if (++bad <= MAX_LINE_ISSUES) issues.push(createLoadIssue("error", display, "", `${p}; point skipped`, i + 1));
  });
  if (bad > MAX_LINE_ISSUES) issues.push(createLoadIssue("error", display, "", `${bad - MAX_LINE_ISSUES} more bad lines; skipped`));
  return points;
}

/** One metric line as a point, or why it is not one. */
function parseMetricLine(line: string): MetricPoint | string {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2 && parts.length !== 3) return `expected "<timestamp> <value> <step>", found ${JSON.stringify(clip(line))}`;
  const [ts, v, step = "0"] = parts as [string, string, string?];
  if (!/^[+-]?\d+$/.test(ts)) return `timestamp ${JSON.stringify(clip(ts))} is not an integer (milliseconds)`;
  const value = parsePythonFloat(v);
  if (value === null) return `value ${JSON.stringify(clip(v))} is not a number`;
  if (!/^[+-]?\d+$/.test(step)) return `step ${JSON.stringify(clip(step))} is not an integer`;
  return { timestampMs: Number(ts), value, step: Number(step) };
}

/** A number as Python's `str(float)` writes it (`0.5`, `1e-05`, `nan`, `inf`, `-inf`), or null. */
export function parsePythonFloat(s: string): number | null {
  const special = /^([+-]?)(nan|inf|infinity)$/i.exec(s);
  if (special !== null) return special[2]?.toLowerCase() === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(s) ? Number(s) : null;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

// ---------------------------------------------------------------------------------------------------------------
// The run object

interface RunFiles {
  readonly params: Map<string, string>;
  readonly metrics: Map<string, MetricPoint[]>;
  readonly tags: Map<string, string>;
}

/**
 * Builds the RUN object (§8). Sources:
 * - name: `run_id` (`run_uuid` in old files), else the folder name. displayName: `run_name`, else the tag
 *   `mlflow.runName`.
 * - state: `status` (1 running, 2 scheduled as "pending", 3 finished, 4 failed, 5 killed).
 * - createdAt: `start_time` (ms), else with a warning the earliest metric timestamp; without either the run is
 *   skipped. heartbeatAt: `end_time`, else the newest metric timestamp, else absent (= createdAt) with a warning.
 * - user: the tag `mlflow.user`, else `user_id`. group: the parent run's ID (`mlflow.parentRunId`) of a nested run,
 *   so a parent's children group together. MLflow has no job type or sweep.
 * - config: params, every value the string MLflow stored. summary: each metric's last point by step, then time.
 *   history: one row per step (see historyRows).
 * - tags: MLflow tags are key/value pairs; each tag the user set (all but `mlflow.*`) becomes `key=value` (`key`
 *   alone when the value is empty), and `deleted` marks a deleted run (or one of a deleted experiment).
 *   notes: the run's note (`mlflow.note.content`), as for W&B runs.
 * - metadata: `program` (`mlflow.source.name`), `source_type`, `git.commit` (`mlflow.source.git.commit`) and
 *   every tag as written under `mlflow_tags`, so none is lost.
 */
function buildRun(ref: MlflowRunRef, meta: JsonObject, files: RunFiles, issues: LoadIssue[]): JsonObject | null {
  const warn = (t: string): void => void issues.push(createLoadIssue("warning", ref.display, "", t));
  const times = runTimes(meta, files.metrics, warn);
  if (times === null) {
    issues.push(createLoadIssue("error", ref.display, "", `${startTimeProblem(meta.start_time)} and there are no metrics; run skipped`));
    return null;
  }
  const o = newObject();
  o.name = text(meta.run_id) ?? text(meta.run_uuid) ?? basename(ref.dir);
  const displayName = text(meta.run_name) ?? nonEmpty(files.tags.get("mlflow.runName"));
  if (displayName !== null) o.displayName = displayName;
  const state = stateOf(meta.status, warn);
  if (state !== null) o.state = state;
  o.createdAt = formatIsoDate(times.created);
  if (times.heartbeat !== null) o.heartbeatAt = formatIsoDate(times.heartbeat);
  const username = nonEmpty(files.tags.get("mlflow.user")) ?? text(meta.user_id);
  if (username !== null) o.user = { username, name: null, email: null };
  if (files.params.size > 0) o.config = objectOf(files.params);
  if (files.metrics.size > 0) {
    o.summary = summaryOf(files.metrics);
    o.history = historyRows(files.metrics, warn);
  }
  const parent = nonEmpty(files.tags.get("mlflow.parentRunId"));
  if (parent !== null) o.group = parent;
  const tags = [...files.tags].filter(([k]) => !k.startsWith("mlflow.")).map(([k, v]) => (v === "" ? k : `${k}=${v}`));
  if (meta.lifecycle_stage === "deleted" || ref.experiment?.deleted === true) tags.push("deleted");
  if (tags.length > 0) o.tags = tags;
  const notes = nonEmpty(files.tags.get("mlflow.note.content"));
  if (notes !== null) o.notes = notes;
  if (files.tags.size > 0) o.metadata = metadataOf(files.tags);
  return o;
}

/**
 * createdAt and heartbeatAt in ms: `start_time`, else (warned) the earliest metric point; `end_time`, else the
 * newest metric point, else null (warned). Null when there is no start at all.
 */
function runTimes(
  meta: JsonObject,
  metrics: ReadonlyMap<string, readonly MetricPoint[]>,
  warn: (t: string) => void,
): { created: number; heartbeat: number | null } | null {
  let first: number | null = null;
  let last: number | null = null;
  for (const points of metrics.values()) {
    for (const p of points) {
      if (first === null || p.timestampMs < first) first = p.timestampMs;
      if (last === null || p.timestampMs > last) last = p.timestampMs;
    }
  }
  let created = millis(meta.start_time);
  if (created === null && first !== null) {
    created = first;
    warn(`${startTimeProblem(meta.start_time)}; createdAt taken from the earliest metric point`);
  }
  if (created === null) return null;
  const end = millis(meta.end_time);
  // MLflow writes null for a run that has not ended; anything else that is not a time is reported
  if (end === null && meta.end_time !== undefined && meta.end_time !== null) {
    warn(`meta.yaml end_time ${JSON.stringify(meta.end_time)} is not a time in milliseconds since 1970; ignored`);
  }
  const heartbeat = end ?? last;
  if (heartbeat === null) warn("no end_time and no metric points; heartbeatAt is the start time");
  return { created, heartbeat };
}

/** The state for an MLflow `status`: the enum number (what the file store writes) or its name. */
function stateOf(status: unknown, warn: (t: string) => void): string | null {
  if (status === undefined || status === null) return null;
  const state = typeof status === "number" ? STATES[String(status)] : typeof status === "string" ? (STATE_NAMES[status.toUpperCase()] ?? STATES[status]) : undefined;
  if (state === undefined) warn(`meta.yaml status ${JSON.stringify(status)} is not an MLflow run status; state left unset`);
  return state ?? null;
}

/** Each metric's last point: the highest step, and at equal steps the latest time, then the last line. */
function summaryOf(metrics: ReadonlyMap<string, readonly MetricPoint[]>): JsonObject {
  const out = newObject();
  for (const [k, points] of metrics) out[k] = (inOrder(points).at(-1) as MetricPoint).value;
  return out;
}

/**
 * History rows: one per step, holding `_step`, `_timestamp` (Unix seconds of the row's newest point, as in W&B
 * rows) and the value of each metric logged at that step. A metric logged several times at one step (MLflow's
 * default step is 0) fills as many rows with that `_step`, in time order, so no point is lost. Rows come in step
 * order. A metric named `_step` or `_timestamp` stays out of the rows (it is in the summary).
 */
function historyRows(metrics: ReadonlyMap<string, readonly MetricPoint[]>, warn: (t: string) => void): JsonObject[] {
  const byStep = new Map<number, JsonObject[]>();
  for (const [k, points] of metrics) {
    if (ROW_KEYS.has(k)) {
      warn(`metric ${JSON.stringify(k)} has the name of a history row field; left out of the history`);
      continue;
    }
    const count = new Map<number, number>();
    for (const p of inOrder(points)) {
      const i = count.get(p.step) ?? 0;
      count.set(p.step, i + 1);
      const rows = byStep.get(p.step) ?? [];
      byStep.set(p.step, rows);
      const row = (rows[i] ??= rowAt(p.step));
      row[k] = p.value;
      row._timestamp = Math.max(row._timestamp as number, p.timestampMs / 1000);
    }
  }
  return [...byStep.keys()].sort((a, b) => a - b).flatMap((s) => byStep.get(s) ?? []);
}

function rowAt(step: number): JsonObject {
  const row = newObject();
  row._step = step;
  row._timestamp = -Infinity;
  return row;
}

/** Points by step, then time; points equal in both keep their file order. */
function inOrder(points: readonly MetricPoint[]): MetricPoint[] {
  return [...points].sort((a, b) => a.step - b.step || a.timestampMs - b.timestampMs);
}

/** The run's environment as MLflow's `mlflow.source.*` tags record it, and every tag as written. */
function metadataOf(tags: ReadonlyMap<string, string>): JsonObject {
  const m = newObject();
  const program = nonEmpty(tags.get("mlflow.source.name"));
  if (program !== null) m.program = program;
  const type = nonEmpty(tags.get("mlflow.source.type"));
  if (type !== null) m.source_type = type;
  const commit = nonEmpty(tags.get("mlflow.source.git.commit"));
  if (commit !== null) m.git = { commit };
  m.mlflow_tags = objectOf(tags);
  return m;
}

function objectOf(entries: Iterable<readonly [string, string]>): JsonObject {
  const o = newObject();
  for (const [k, v] of entries) o[k] = v;
  return o;
}

/** What is wrong with a `start_time` that gave no time: absent, or not a time. */
function startTimeProblem(v: unknown): string {
  return v === undefined || v === null ? "meta.yaml has no start_time" : `meta.yaml start_time ${JSON.stringify(v)} is not a time in milliseconds since 1970`;
}

/** Milliseconds from a meta.yaml time (an integer; MLflow writes null for a run that has not ended). */
function millis(v: unknown): number | null {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && formatIsoDate(n) !== null ? n : null;
}

/** A meta.yaml value as a non-empty string; a number becomes its digits (a name or ID YAML read as a number). */
function text(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return nonEmpty(typeof v === "string" ? v : undefined);
}

function nonEmpty(s: string | undefined): string | null {
  return s === undefined || s === "" ? null : s;
}
