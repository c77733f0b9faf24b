/**
 * Rebuilds a run's config, summary and history from the records of a `.wandb` log.
 * Objects built here have no prototype, so any key is an own key.
 */
import { createLoadIssue, MAX_DATA_DEPTH, parseJsonLenient, type LoadIssue } from "@qel/ops";
import { readWandbLog } from "./wandb-log.js";
import { decodeRecord, type EnvironmentInfo, type LogItem, type RunInfo } from "./wandb-records.js";

/** A JSON object as the loaders build it (prototype-free, see newObject). */
export type JsonObject = { [key: string]: unknown };

/** What a `.wandb` log says about its run. */
export interface LogRunData {
  /** The first RunRecord, when present. */
  readonly run: RunInfo | null;
  readonly env: EnvironmentInfo | null;
  /** RunRecord config then every ConfigRecord; null when the log holds no config at all. */
  readonly config: JsonObject | null;
  /** Every SummaryRecord replayed; null when they hold no item (then W&B derives the summary from history). */
  readonly summary: JsonObject | null;
  readonly history: JsonObject[];
  readonly exit: { readonly exitCode: number; readonly runtime: number | null } | null;
  readonly logged: { readonly name: string; readonly type: string; readonly aliases: string[]; readonly digest: string }[];
  readonly used: { readonly name: string; readonly type: string }[];
  /** The latest time stamped on a stats or console-output record, or null. */
  readonly lastActivityMs: number | null;
  /** False when the file stops inside a record (the tail is missing). */
  readonly complete: boolean;
  readonly records: number;
}

/** At most this many issues about item values per file; the rest are counted in one more. */
const MAX_VALUE_ISSUES = 5;

/** An empty object without prototype, so that any key, `__proto__` included, is an ordinary own key. */
export function newObject(): JsonObject {
  return Object.create(null) as JsonObject;
}

/** True for a JSON object (not null, not an array). */
export function isObject(x: unknown): x is JsonObject {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Sets `value` at `path`, creating (or replacing non-object) intermediate objects. */
export function setPath(target: JsonObject, path: readonly string[], value: unknown): void {
  let o = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string;
    const next = Object.hasOwn(o, k) ? o[k] : undefined;
    if (isObject(next)) o = next;
    else o = o[k] = newObject();
  }
  o[path[path.length - 1] as string] = value;
}

/**
 * Like setPath, but an object value is merged leaf by leaf into an object already there (wandb-core pathtree).
 * A loop rather than recursion, since the value's depth is the file's to choose.
 */
function mergePath(target: JsonObject, path: readonly string[], value: unknown): void {
  const todo: [readonly string[], unknown][] = [[path, value]];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [p, v] = next;
    // Past the data depth limit the value is cut on loading anyway: set it whole rather than copy ever longer paths.
    if (!isObject(v) || p.length > MAX_DATA_DEPTH) setPath(target, p, v);
    else for (const k of Object.keys(v).reverse()) todo.push([[...p, k], v[k]]);
  }
}

function removePath(target: JsonObject, path: readonly string[]): void {
  let o: unknown = target;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isObject(o)) return;
    const k = path[i] as string;
    o = Object.hasOwn(o, k) ? o[k] : undefined;
  }
  if (isObject(o)) delete o[path[path.length - 1] as string];
}

/**
 * Reads a `.wandb` file's bytes into run data. Never throws: framing damage, undecodable records and unparsable
 * item values are reported as warnings on `file`, and everything readable is kept.
 */
export function replayLog(bytes: Uint8Array, file: string): { data: LogRunData; issues: LoadIssue[] } {
  const issues: LoadIssue[] = [];
  const warn = (text: string): void => void issues.push(createLoadIssue("warning", file, "", text));
  const framing = readWandbLog(bytes);
  for (const p of framing.problems) warn(p.message);

  let run: RunInfo | null = null;
  let env: EnvironmentInfo | null = null;
  let config: JsonObject | null = null;
  const summary = newObject();
  let summaryItems = 0;
  const history: JsonObject[] = [];
  let exit: LogRunData["exit"] = null;
  const logged: LogRunData["logged"] = [];
  const used: LogRunData["used"] = [];
  let badValues = 0;
  let lastActivityMs: number | null = null;

  const value = (it: LogItem, offset: number): { ok: boolean; value: unknown } => {
    const r = parseJsonLenient(it.valueJson);
    if (r.ok) return { ok: true, value: r.value };
    if (++badValues <= MAX_VALUE_ISSUES) warn(`record at byte ${offset}: value of ${JSON.stringify(it.path.join("."))} is not JSON (${r.message}); item skipped`);
    return { ok: false, value: null };
  };
  const apply = (target: JsonObject, items: readonly LogItem[], offset: number, merge: boolean): void => {
    for (const it of items) {
      const v = value(it, offset);
      if (v.ok) (merge ? mergePath : setPath)(target, it.path, v.value);
    }
  };

  for (const { offset, data } of framing.payloads) {
    let rec;
    try {
      rec = decodeRecord(data);
    } catch (e) {
      warn(`record at byte ${offset} is not a valid protobuf message (${e instanceof Error ? e.message : String(e)}); skipped`);
      continue;
    }
    switch (rec.kind) {
      case "run":
        if (run === null) {
          run = rec.run;
          if (rec.run.config.length > 0) apply((config ??= newObject()), rec.run.config, offset, true);
          apply(summary, rec.run.summary, offset, false);
          summaryItems += rec.run.summary.length;
        }
        break;
      case "config":
        apply((config ??= newObject()), rec.update, offset, true);
        for (const it of rec.remove) removePath(config, it.path);
        break;
      case "summary":
        apply(summary, rec.update, offset, false);
        for (const it of rec.remove) removePath(summary, it.path);
        summaryItems += rec.update.length + rec.remove.length;
        break;
      case "history": {
        const row = newObject();
        apply(row, rec.items, offset, false);
        if (!Object.hasOwn(row, "_step") && rec.step !== null) row._step = rec.step;
        history.push(row);
        break;
      }
      case "exit":
        exit = { exitCode: rec.exitCode, runtime: rec.runtime };
        break;
      case "artifact":
        logged.push({ name: rec.name, type: rec.type, aliases: rec.aliases, digest: rec.digest });
        break;
      case "useArtifact":
        used.push({ name: rec.name, type: rec.type });
        break;
      case "environment":
        env ??= rec.env;
        break;
      case "activity":
        if (rec.ms !== null && (lastActivityMs === null || rec.ms > lastActivityMs)) lastActivityMs = rec.ms;
        break;
      case "other":
        break;
    }
  }
  if (badValues > MAX_VALUE_ISSUES) warn(`${badValues - MAX_VALUE_ISSUES} more item values are not JSON; skipped`);
  const data: LogRunData = {
    run, env, config, summary: summaryItems > 0 ? summary : null, history, exit, logged, used, lastActivityMs,
    complete: framing.complete, records: framing.payloads.length,
  };
  return { data, issues };
}

/** The last non-missing value of each history key: W&B's summary when a run recorded none (§7.5). */
export function summaryFromHistory(rows: readonly JsonObject[]): JsonObject {
  const out = newObject();
  for (const row of rows) for (const k of Object.keys(row)) if (row[k] !== null && row[k] !== undefined) out[k] = row[k];
  return out;
}
