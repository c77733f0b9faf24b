/**
 * Runs as W&B's public API gives them when exported from Python (`{"id", "name", "created_at", "summary_metrics",
 * …}` per run, snake_case), mapped onto the canonical RUN fields (docs/host.md, "W&B public-API exports"):
 * `id` becomes the unique `name`, W&B's `name` (the display name) and `display_name` become `displayName`,
 * `created_at` → `createdAt`, `heartbeat_at` → `heartbeatAt`, `job_type` → `jobType`, `summary` or
 * `summary_metrics` → `summary`, a `user` given as a username string → `{username}`, a `sweep` given as an object →
 * its id. Every other field is kept under its own name, as for any run.
 */
import { isJsonObject, own } from "./runs-issues.js";

/** Keys only the public API's snake_case shape has. */
const SNAKE_KEYS = ["created_at", "heartbeat_at", "job_type", "display_name", "summary_metrics"] as const;

/** Whether a run object is in the public API's shape: it has one of its snake_case keys and no `createdAt`. */
export function isWandbExport(raw: Record<string, unknown>): boolean {
  return !Object.hasOwn(raw, "createdAt") && SNAKE_KEYS.some((k) => Object.hasOwn(raw, k));
}

/** The canonical RUN object for a public-API run object (a new object; the input is not changed). */
export function fromWandbExport(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const taken = new Set<string>(["id", "name", "display_name", "created_at", "heartbeat_at", "job_type", "user", "sweep"]);
  const id = own(raw, "id");
  const wbName = own(raw, "name");
  const display = own(raw, "display_name") ?? wbName;
  if (id !== undefined) {
    out.name = id;
    if (display !== undefined) out.displayName = display;
  } else {
    // no id: W&B's name is all there is to tell the run apart
    if (wbName !== undefined) out.name = wbName;
    if (own(raw, "display_name") !== undefined) out.displayName = own(raw, "display_name");
  }
  const rename = (from: string, to: string): void => {
    const v = own(raw, from);
    if (v !== undefined) out[to] = v;
  };
  rename("created_at", "createdAt");
  rename("heartbeat_at", "heartbeatAt");
  rename("job_type", "jobType");
  // `summary` when given, else `summary_metrics`; the other one, when both are given, is kept under its own name
  if (!Object.hasOwn(raw, "summary") && Object.hasOwn(raw, "summary_metrics")) {
    out.summary = own(raw, "summary_metrics");
    taken.add("summary_metrics");
  }
  const user = own(raw, "user");
  if (user !== undefined) out.user = typeof user === "string" ? { username: user } : user;
  const sweep = own(raw, "sweep");
  if (sweep !== undefined) out.sweep = isJsonObject(sweep) && typeof own(sweep, "id") === "string" ? own(sweep, "id") : sweep;
  for (const k of Object.keys(raw)) if (!taken.has(k)) out[k] = raw[k];
  return out;
}
