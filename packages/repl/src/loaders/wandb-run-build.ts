/**
 * The field-by-field mapping of a W&B run folder onto a canonical RUN object:
 * which file wins for each field, and the fallbacks when it is missing.
 */
import { createLoadIssue, formatIsoDate, parseIsoDate, unixSecondsToMs, type LoadIssue, type RunsProject } from "@qel/ops";
import type { ConfigFile } from "./wandb-files.js";
import { newObject, summaryFromHistory, type JsonObject, type LogRunData } from "./wandb-replay.js";
import { lastHeartbeat, runState, type RunEndSources } from "./wandb-run-end.js";
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
  /** When the folder was read: a run silent for longer than W&B's heartbeat timeout before it has crashed. */
  readonly nowMs: number;
}

const str = (o: JsonObject | null | undefined, k: string): string | null => {
  const v = o != null && Object.hasOwn(o, k) ? o[k] : undefined;
  return typeof v === "string" && v !== "" ? v : null;
};

/**
 * Builds the RUN object. Sources, best first:
 * - name: the log's run ID, else the folder's.
 * - createdAt: metadata `startedAt` (zone-less means UTC), the log's run start, its environment start,
 *   `_wandb.start_time` of config.yaml, and last the folder-name timestamp (local time, read as UTC, warned).
 * - heartbeatAt and state: see lastHeartbeat and runState; never from file times.
 * - project, entity, notes: the log's run record (0.8–0.9: metadata `project`). metadata: wandb-metadata.json,
 *   else the log's environment record, without the fields kept elsewhere (see runMetadata).
 * - config: config.yaml, else the log's config. summary: wandb-summary.json unless it is `{}`, else the log's
 *   summary records, else the last history value of each key. history: wandb-history.jsonl, else the log.
 * - user: metadata `username` (else the log's environment, else the e-mail's local part) and `email`.
 */
export function buildRun(
  p: FolderParts,
  issues: LoadIssue[],
): { json: JsonObject | null; project: RunsProject | null; historyFrom: "wandb-history.jsonl" | ".wandb" | null } {
  const { ref, metadata: meta, log } = p;
  const run = log?.run ?? null;
  const warn = (text: string): void => void issues.push(createLoadIssue("warning", ref.display, "", text));

  const historyFrom = p.history !== null && p.history.length > 0 ? "wandb-history.jsonl" : log !== null && log.history.length > 0 ? ".wandb" : null;
  const history = historyFrom === "wandb-history.jsonl" ? p.history : historyFrom === ".wandb" ? (log?.history ?? null) : null;
  let summary = p.summary !== null && Object.keys(p.summary).length > 0 ? p.summary : (log?.summary ?? null);
  if (summary === null && history !== null && history.length > 0) summary = summaryFromHistory(history);
  summary ??= p.summary;

  // a time that is there but not a date is reported, whatever its type (a string, a number, …)
  for (const k of ["startedAt", "heartbeatAt"]) {
    const v = meta !== null && Object.hasOwn(meta, k) ? meta[k] : undefined;
    if (v !== undefined && v !== null && (typeof v !== "string" || parseIsoDate(v) === null)) {
      warn(`wandb-metadata.json ${k} ${JSON.stringify(v) ?? String(v)} is not an ISO-8601 date; ignored`);
    }
  }
  let createdMs: number | null = null;
  const started = str(meta, "startedAt");
  if (started !== null) createdMs = parseIsoDate(started);
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
  const cli = p.config?.internals?.cli_version;
  const end: RunEndSources = { flat: p.flat, metadata: meta, summary, history, log, cliVersion: typeof cli === "string" ? cli : null };
  const hb = lastHeartbeat(end, createdMs);
  o.heartbeatAt = formatIsoDate(hb);
  const entity = run?.entity || null;
  const name = run?.project || (p.flat ? str(meta, "project") : null);
  const optional: [string, string | null | undefined][] = [
    ["displayName", run?.displayName],
    ["jobType", run?.jobType || (p.flat ? str(meta, "jobType") : null)],
    ["state", runState(end, hb, p.nowMs)],
    ["group", run?.group],
    ["sweep", run?.sweepId || p.sweep],
    ["notes", run?.notes],
    ["project", name],
    ["entity", entity],
  ];
  for (const [k, v] of optional) if (v !== null && v !== undefined && v !== "") o[k] = v;
  const email = str(meta, "email") ?? (log?.env?.email || null);
  const username = str(meta, "username") ?? (log?.env?.username || null) ?? (email === null ? null : email.split("@")[0] || null);
  if (username !== null) o.user = { username, name: null, email };
  if (run !== null && run.tags.length > 0) o.tags = run.tags;
  const metadata = runMetadata(meta, log);
  if (metadata !== null) o.metadata = metadata;

  if (p.config !== null) o.config = p.config.config;
  else if (log?.config != null) {
    const wrapped = newObject();
    for (const k of Object.keys(log.config)) wrapped[k] = { value: log.config[k] };
    o.config = wrapped;
  }
  if (summary !== null) o.summary = summary;
  if (history !== null && history.length > 0) o.history = history;
  if (log !== null) artifacts(o, log, warn);

  const project: { entity?: string; name?: string } | null = entity === null && name === null ? null : {};
  if (project !== null && entity !== null) project.entity = entity;
  if (project !== null && name !== null) project.name = name;
  return { json: o, project, historyFrom };
}

/** Fields of `wandb-metadata.json` that are run fields of their own (createdAt, heartbeatAt, state, user). */
const NOT_METADATA = new Set(["startedAt", "heartbeatAt", "state", "exitcode", "username", "email"]);

/** The run's environment: wandb-metadata.json without NOT_METADATA, else the log's environment record. */
function runMetadata(meta: JsonObject | null, log: LogRunData | null): JsonObject | null {
  const out = newObject();
  if (meta !== null) {
    for (const k of Object.keys(meta)) if (!NOT_METADATA.has(k)) out[k] = meta[k];
  } else if (log?.env != null) {
    const env = log.env;
    const fields: [string, unknown][] = [
      ["os", env.os], ["python", env.python], ["host", env.host], ["program", env.program], ["args", env.args],
      ["executable", env.executable], ["gpu", env.gpu], ["gpu_count", env.gpuCount], ["cpu_count", env.cpuCount],
    ];
    for (const [k, v] of fields) if (v !== "" && v !== null && !(Array.isArray(v) && v.length === 0)) out[k] = v;
    if (env.gitCommit !== "" || env.gitRemote !== "") out.git = { remote: env.gitRemote, commit: env.gitCommit };
  }
  if (!Object.hasOwn(out, "git") && log?.run != null && (log.run.gitCommit !== "" || log.run.gitRemote !== "")) {
    out.git = { remote: log.run.gitRemote, commit: log.run.gitCommit };
  }
  if (!Object.hasOwn(out, "host") && log?.run != null && log.run.host !== "") out.host = log.run.host;
  return Object.keys(out).length === 0 ? null : out;
}

/**
 * Logged artifacts get their version in logging order per artifact name, from v0: the server assigns the real
 * index, which local files lack (docs/wandb-folders.md, "Logged artifacts"). `latest` goes to the last version of
 * each name. Used artifacts carry their version (`name:vN`).
 */
function artifacts(o: JsonObject, log: LogRunData, warn: (text: string) => void): void {
  const count = new Map<string, number>();
  const logged: JsonObject[] = [];
  for (const a of log.logged) {
    if (a.name === "") {
      warn("a logged artifact record has no name; not loaded");
      continue;
    }
    const version = count.get(a.name) ?? 0;
    count.set(a.name, version + 1);
    logged.push({ name: a.name, version, aliases: a.aliases.filter((x) => x !== "latest"), ...(a.type === "" ? {} : { type: a.type }), ...(a.digest === "" ? {} : { digest: a.digest }) });
  }
  const seen = new Set<string>();
  for (let i = logged.length - 1; i >= 0; i--) {
    const a = logged[i] as JsonObject & { name: string; aliases: string[] };
    if (!seen.has(a.name)) a.aliases.push("latest");
    seen.add(a.name);
  }
  if (logged.length > 0) o.loggedArtifacts = logged;
  const used: JsonObject[] = [];
  for (const a of log.used) {
    const m = /^(.*):v(\d+)$/.exec(a.name);
    if (m === null) warn(`used artifact ${JSON.stringify(a.name)} has no :vN version; not loaded`);
    else used.push({ name: m[1] ?? "", version: Number(m[2]), ...(a.type === "" ? {} : { type: a.type }) });
  }
  if (used.length > 0) o.usedArtifacts = used;
}
