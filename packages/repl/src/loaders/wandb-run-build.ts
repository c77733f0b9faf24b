/**
 * The field-by-field mapping of a W&B run folder onto a canonical RUN object (shared/spec/wandb-run-format.md §6):
 * which file wins for each field, and the fallbacks when it is missing.
 */
import { createLoadIssue, formatIsoDate, parseIsoDate, unixSecondsToMs, type LoadIssue, type RunsProject } from "@qel/ops";
import type { ConfigFile } from "./wandb-files.js";
import { isObject, newObject, summaryFromHistory, type JsonObject, type LogRunData } from "./wandb-replay.js";
import type { RunFolderRef } from "./wandb-run-folder.js";

/** Everything read from one run folder; null where the file was missing or unusable. */
export interface FolderParts {
  readonly ref: RunFolderRef;
  /** 0.8–0.9 layout (no `files/`): metadata `state`, `heartbeatAt` and `jobType` are meaningful only then. */
  readonly flat: boolean;
  readonly config: ConfigFile | null;
  readonly summary: JsonObject | null;
  readonly metadata: JsonObject | null;
  readonly history: JsonObject[] | null;
  log: LogRunData | null;
  readonly sweep: string | null;
  readonly newestMtime: () => Promise<number | null>;
}

const str = (o: JsonObject | null | undefined, k: string): string | null => {
  const v = o != null && Object.hasOwn(o, k) ? o[k] : undefined;
  return typeof v === "string" && v !== "" ? v : null;
};
const num = (o: JsonObject | null | undefined, k: string): number | null => {
  const v = o != null && Object.hasOwn(o, k) ? o[k] : undefined;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
};

/**
 * Builds the RUN object. Sources, best first:
 * - name: the log's run ID, else the folder's.
 * - createdAt: metadata `startedAt` (zone-less means UTC), the log's run start, its environment start,
 *   `_wandb.start_time` of config.yaml, and last the folder-name timestamp (local time, read as UTC, warned).
 * - heartbeatAt: 0.8–0.9 metadata `heartbeatAt`; summary `_timestamp`; the last history `_timestamp`; createdAt +
 *   summary `_runtime`; createdAt + the exit record's runtime; the last stats or console record of the log; and
 *   last, with a warning, the newest file modification time. Never before createdAt; absent when none applies.
 * - state: 0.8–0.9 metadata `state`; else the exit record (code 0 finished, other failed); else unset, since a
 *   log without exit record may be running or crashed.
 * - config: config.yaml, else the log's config. summary: wandb-summary.json unless it is `{}`, else the log's
 *   summary records, else the last history value of each key. history: wandb-history.jsonl, else the log.
 * - user: metadata `username` (else the log's environment, else the e-mail's local part) and `email`.
 */
export async function buildRun(
  p: FolderParts,
  issues: LoadIssue[],
): Promise<{ json: JsonObject | null; project: RunsProject | null; historyFrom: "wandb-history.jsonl" | ".wandb" | null }> {
  const { ref, metadata: meta, log } = p;
  const run = log?.run ?? null;
  const warn = (text: string): void => void issues.push(createLoadIssue("warning", ref.display, "", text));

  const historyFrom = p.history !== null && p.history.length > 0 ? "wandb-history.jsonl" : log !== null && log.history.length > 0 ? ".wandb" : null;
  const history = historyFrom === "wandb-history.jsonl" ? p.history : historyFrom === ".wandb" ? (log?.history ?? null) : null;
  let summary = p.summary !== null && Object.keys(p.summary).length > 0 ? p.summary : (log?.summary ?? null);
  if (summary === null && history !== null && history.length > 0) summary = summaryFromHistory(history);
  summary ??= p.summary;

  let createdMs: number | null = null;
  const started = str(meta, "startedAt");
  if (started !== null) {
    createdMs = parseIsoDate(started);
    if (createdMs === null) warn(`wandb-metadata.json startedAt ${JSON.stringify(started)} is not an ISO-8601 date; ignored`);
  }
  createdMs ??= run?.startMs ?? log?.env?.startMs ?? unixSecondsToMs(p.config?.internals?.start_time) ?? null;
  if (createdMs === null && ref.stamp !== null) {
    const s = ref.stamp;
    createdMs = parseIsoDate(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}`);
    if (createdMs !== null) warn("no recorded start time; createdAt taken from the folder name, which is the machine's local time (read as UTC)");
  }
  if (createdMs === null) {
    issues.push(createLoadIssue("error", ref.display, "", "no start time in any file or the folder name; run skipped"));
    return { json: null, project: null, historyFrom };
  }

  const o = newObject();
  o.name = run?.runId || ref.id;
  o.createdAt = formatIsoDate(createdMs);
  const hb = await heartbeat(p, createdMs, summary, history, warn);
  if (hb !== null) o.heartbeatAt = formatIsoDate(hb);
  const optional: [string, string | null | undefined][] = [
    ["displayName", run?.displayName],
    ["jobType", run?.jobType || (p.flat ? str(meta, "jobType") : null)],
    ["state", p.flat ? str(meta, "state") : log?.exit != null ? (log.exit.exitCode === 0 ? "finished" : "failed") : null],
    ["group", run?.group],
    ["sweep", run?.sweepId || p.sweep],
    ["notes", run?.notes],
  ];
  for (const [k, v] of optional) if (v !== null && v !== undefined && v !== "") o[k] = v;
  const email = str(meta, "email") ?? (log?.env?.email || null);
  const username = str(meta, "username") ?? (log?.env?.username || null) ?? (email === null ? null : email.split("@")[0] || null);
  if (username !== null) o.user = { username, name: null, email };
  if (run !== null && run.tags.length > 0) o.tags = run.tags;

  if (p.config !== null) o.config = p.config.config;
  else if (log?.config != null) {
    const wrapped = newObject();
    for (const k of Object.keys(log.config)) wrapped[k] = { value: log.config[k] };
    o.config = wrapped;
  }
  if (summary !== null) o.summary = summary;
  if (history !== null && history.length > 0) o.history = history;
  if (log !== null) artifacts(o, log, warn);

  const entity = run?.entity || null;
  const name = run?.project || (p.flat ? str(meta, "project") : null);
  const project: { entity?: string; name?: string } | null = entity === null && name === null ? null : {};
  if (project !== null && entity !== null) project.entity = entity;
  if (project !== null && name !== null) project.name = name;
  return { json: o, project, historyFrom };
}

async function heartbeat(
  p: FolderParts,
  created: number,
  summary: JsonObject | null,
  history: JsonObject[] | null,
  warn: (text: string) => void,
): Promise<number | null> {
  const candidates: (() => number | null)[] = [
    () => (p.flat ? parseIsoDate(str(p.metadata, "heartbeatAt") ?? "") : null),
    () => unixSecondsToMs(num(summary, "_timestamp")),
    () => {
      for (let i = (history?.length ?? 0) - 1; i >= 0; i--) {
        const t = unixSecondsToMs(num(history?.[i], "_timestamp"));
        if (t !== null) return t;
      }
      return null;
    },
    () => plusSeconds(created, num(summary, "_runtime")),
    () => plusSeconds(created, p.log?.exit?.runtime ?? num(isObject(summary?._wandb) ? summary._wandb : null, "runtime")),
    () => p.log?.lastActivityMs ?? null,
  ];
  for (const c of candidates) {
    const t = c();
    if (t !== null && t >= created) return t;
  }
  const t = await p.newestMtime();
  if (t === null || t < created) return null;
  warn("no recorded end time; heartbeatAt taken from the files' modification time, which is wrong for copied folders");
  return t;
}

function plusSeconds(ms: number, seconds: number | null): number | null {
  return seconds === null ? null : ms + Math.round(seconds * 1000);
}

/**
 * Used artifacts carry their version (`name:vN`). Logged ones do not: the server assigns the version index, so
 * they cannot become ArtifactVersions and are reported instead (§6, `loggedArtifacts`).
 */
function artifacts(o: JsonObject, log: LogRunData, warn: (text: string) => void): void {
  if (log.logged.length > 0) {
    const names = [...new Set(log.logged.map((a) => a.name))].join(", ");
    warn(`${log.logged.length} logged artifact version(s) not loaded (${names}): their version index is assigned by the server and is not in local files`);
  }
  const used: JsonObject[] = [];
  for (const a of log.used) {
    const m = /^(.*):v(\d+)$/.exec(a.name);
    if (m === null) warn(`used artifact ${JSON.stringify(a.name)} has no :vN version; not loaded`);
    else used.push({ name: m[1] ?? "", version: Number(m[2]), ...(a.type === "" ? {} : { type: a.type }) });
  }
  if (used.length > 0) o.usedArtifacts = used;
}
