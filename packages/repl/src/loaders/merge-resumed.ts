/**
 * Joining resumed runs: W&B gives every resumption of a run a new folder with the same run ID, but it is one run.
 */
import { createLoadIssue, type LoadIssue } from "@qel/ops";
import { newObject, type JsonObject } from "./wandb-replay.js";
import type { FolderRun } from "./wandb-run-folder.js";

/** One run to load and the folders it came from. */
export interface RunGroup {
  readonly json: JsonObject | null;
  readonly folders: FolderRun[];
}

/**
 * Groups folder results by run name, in order of first appearance. A group of several folders becomes one RUN
 * object: fields of later segments (by createdAt) replace earlier ones, createdAt is the earliest, heartbeatAt
 * the latest, and history rows of all segments are concatenated (loading sorts them by `_step`). Each merge is
 * reported as a warning. Folders that gave no run stay groups of their own.
 */
export function mergeResumed(results: readonly FolderRun[], issues: LoadIssue[]): RunGroup[] {
  const groups: RunGroup[] = [];
  const byName = new Map<string, RunGroup>();
  for (const r of results) {
    const name = r.json?.name;
    if (typeof name !== "string") {
      groups.push({ json: r.json, folders: [r] });
      continue;
    }
    const g = byName.get(name);
    if (g === undefined) {
      const fresh: RunGroup = { json: r.json, folders: [r] };
      byName.set(name, fresh);
      groups.push(fresh);
    } else g.folders.push(r);
  }
  return groups.map((g) => (g.folders.length < 2 ? g : { json: merge(g.folders, issues), folders: g.folders }));
}

const text = (o: JsonObject, k: string): string => (typeof o[k] === "string" ? (o[k] as string) : "");

function merge(folders: readonly FolderRun[], issues: LoadIssue[]): JsonObject {
  const segments = folders
    .map((f) => f.json)
    .filter((j): j is JsonObject => j !== null)
    .sort((a, b) => (text(a, "createdAt") < text(b, "createdAt") ? -1 : text(a, "createdAt") > text(b, "createdAt") ? 1 : 0));
  const out = newObject();
  const history: unknown[] = [];
  let heartbeat = "";
  for (const s of segments) {
    for (const k of Object.keys(s)) if (k !== "history") out[k] = s[k];
    // A loop, not push(...rows): a spread passes every row as an argument, and long histories overflow the stack.
    if (Array.isArray(s.history)) for (const row of s.history as unknown[]) history.push(row);
    const hb = text(s, "heartbeatAt") || text(s, "createdAt");
    if (hb > heartbeat) heartbeat = hb;
  }
  const first = segments[0];
  if (first !== undefined) out.createdAt = first.createdAt;
  if (heartbeat !== "") out.heartbeatAt = heartbeat;
  if (history.length > 0) out.history = history;
  const last = folders[folders.length - 1] as FolderRun;
  const names = folders.map((f) => f.ref.display).join(", ");
  issues.push(createLoadIssue("warning", last.ref.display, "", `run ${JSON.stringify(out.name)} was resumed: ${folders.length} folders merged into one run (${names})`));
  return out;
}
