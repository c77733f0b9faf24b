/**
 * How a W&B run folder ended: its last heartbeat and its state, from what its files record and never from the
 * file system (docs/wandb-folders.md, "Heartbeat and runtime" and "State").
 */
import { parseIsoDate, unixSecondsToMs } from "@qel/ops";
import { isObject, type JsonObject, type LogRunData } from "./wandb-replay.js";

/** What the end of a run is read from. */
export interface RunEndSources {
  /** 0.8–0.9 layout: its metadata `heartbeatAt` is refreshed until exit and its `state` is final. */
  readonly flat: boolean;
  readonly metadata: JsonObject | null;
  readonly summary: JsonObject | null;
  readonly history: readonly JsonObject[] | null;
  readonly log: LogRunData | null;
  /** `_wandb.cli_version` of config.yaml, when recorded. */
  readonly cliVersion: string | null;
}

/** W&B's server calls a run crashed when it stops sending heartbeats without an exit; a run silent longer is one. */
export const HEARTBEAT_TIMEOUT_MS = 5 * 60 * 1000;

const STATES_0_8 = new Set(["finished", "failed", "killed", "crashed"]);

const num = (o: JsonObject | null | undefined, k: string): number | null => {
  const v = o != null && Object.hasOwn(o, k) ? o[k] : undefined;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
};
const str = (o: JsonObject | null | undefined, k: string): string | null => {
  const v = o != null && Object.hasOwn(o, k) ? o[k] : undefined;
  return typeof v === "string" && v !== "" ? v : null;
};

/**
 * The run's last heartbeat (ms), never before `createdMs`:
 * 1. the latest wall-clock time recorded while the run was alive: `_timestamp` of the summary and of every history
 *    row, the time of the `.wandb` log's stats and console records, and `heartbeatAt` of 0.8–0.9 metadata (which
 *    those clients refresh every 15 s and at exit);
 * 2. when there is none, the start plus the longest recorded runtime (the exit record's, summary `_wandb.runtime`,
 *    summary `_runtime`), or 0.10–0.16 metadata `heartbeatAt` (written once at start-up) if that is later;
 * 3. otherwise `createdMs`, so the runtime is 0.
 * Durations come second because a resumed run's `_runtime` includes earlier segments while its start is the
 * latest resume, so start + `_runtime` can lie beyond anything the run recorded.
 */
export function lastHeartbeat(s: RunEndSources, createdMs: number): number {
  let stamp: number | null = null;
  const see = (t: number | null): void => {
    if (t !== null && t >= createdMs && (stamp === null || t > stamp)) stamp = t;
  };
  see(unixSecondsToMs(num(s.summary, "_timestamp")));
  for (const row of s.history ?? []) see(unixSecondsToMs(num(row, "_timestamp")));
  see(s.log?.lastActivityMs ?? null);
  const metaHeartbeat = parseIsoDate(str(s.metadata, "heartbeatAt") ?? "");
  if (s.flat) see(metaHeartbeat);
  if (stamp !== null) return stamp;

  const wandb = isObject(s.summary?._wandb) ? s.summary._wandb : null;
  const durations = [s.log?.exit?.runtime ?? null, num(wandb, "runtime"), num(s.summary, "_runtime")];
  for (const d of durations) if (d !== null && d >= 0) see(createdMs + Math.round(d * 1000));
  see(metaHeartbeat);
  return stamp ?? createdMs;
}

/**
 * The run's state as W&B reports it, or null when the files cannot tell:
 * - the `.wandb` log's exit record: exit code 0 is "finished", any other "failed";
 * - 0.8–0.9 metadata `state` ("finished", "failed", "killed"), else its `exitcode` (0 finished, other failed);
 * - a run that recorded no exit although its client would have (a `.wandb` log without exit record, or 0.8–0.9
 *   metadata still saying "running"): "running" when its last heartbeat is within HEARTBEAT_TIMEOUT_MS of
 *   `nowMs`, else "crashed", as W&B's server decides when heartbeats stop;
 * - a 0.11–0.16 client (Python) adds `_wandb.runtime` to `wandb-summary.json` only when it handles the exit, so
 *   a summary file without it means the run never exited: "running" or "crashed" as above;
 * - otherwise null: the run ended but its exit code is only in the `.wandb` log (absent), or the files cannot
 *   tell at all (0.10+ metadata `state` is always "running", wandb-core rewrites `_wandb.runtime` during the run).
 */
export function runState(s: RunEndSources, heartbeatMs: number, nowMs: number): string | null {
  const exit = s.log?.exit;
  if (exit != null) return exit.exitCode === 0 ? "finished" : "failed";
  const silent = (): string => (nowMs - heartbeatMs <= HEARTBEAT_TIMEOUT_MS ? "running" : "crashed");
  if (s.flat && s.metadata !== null) {
    const state = str(s.metadata, "state");
    if (state !== null && STATES_0_8.has(state)) return state;
    const code = num(s.metadata, "exitcode");
    if (code !== null) return code === 0 ? "finished" : "failed";
    if (state === "running") return silent();
  }
  if (s.log !== null && s.log.records > 0) return silent();
  if (s.log === null && s.summary !== null && exitAddsRuntime(s.cliVersion)) {
    const wandb = isObject(s.summary._wandb) ? s.summary._wandb : null;
    if (num(wandb, "runtime") === null) return silent();
  }
  return null;
}

/** Whether this client version writes `_wandb.runtime` to the summary at exit only (Python clients 0.11–0.16). */
function exitAddsRuntime(version: string | null): boolean {
  const m = version === null ? null : /^0\.(\d+)\./.exec(version);
  const minor = m === null ? NaN : Number(m[1]);
  return minor >= 11 && minor <= 16;
}
