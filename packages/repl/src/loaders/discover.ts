/**
 * Finding W&B run folders in a folder tree: `wandb/` directories may sit
 * anywhere, `latest-run` duplicates the newest run, and `sweep-<id>/config-<runid>.yaml` names a run's sweep.
 */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { createLoadIssue, type LoadIssue } from "@qel/ops";
import { errorText } from "./wandb-files.js";
import type { RunFolderRef } from "./wandb-run-folder.js";

/** `run-YYYYMMDD_HHMMSS-<id>`, `offline-run-…` (0.10+) and `dryrun-…` (0.8–0.9). */
export const RUN_FOLDER = /^(?:run|offline-run|dryrun)-(\d{8}_\d{6})-(.+)$/;
const LATEST_RUN = /^latest-run(?:-(.+))?$/;
const SWEEP_FOLDER = /^sweep-(.+)$/;
const SWEEP_CONFIG = /^config-(.+)\.yaml$/;
/** Directories never searched: tool caches and dependencies hold no runs and can be huge. */
export const SKIP = new Set(["node_modules", "__pycache__", "site-packages"]);
/** How deep below the path given the search for runs goes. */
export const MAX_DEPTH = 24;
/** Files that make a folder a run folder even when its name does not say so. */
const RUN_FILES = ["files", "config.yaml", "wandb-metadata.json", "wandb-summary.json"];

export interface Discovery {
  readonly folders: RunFolderRef[];
  /** Run ID → sweep ID, from `sweep-*` folders. */
  readonly sweepOf: Map<string, string>;
  readonly issues: LoadIssue[];
}

/**
 * Finds every run folder under `root` (or `root` itself), sorted by path. Symbolic links are not followed, so
 * the usual `latest-run` link is skipped; a `latest-run` that is a real copy is used only when no `run-*` folder
 * has the same run ID. Unreadable directories are reported and skipped. Never throws.
 */
export async function discoverRunFolders(root: string, display: string): Promise<Discovery> {
  const folders: RunFolderRef[] = [];
  const latest: RunFolderRef[] = [];
  const sweepOf = new Map<string, string>();
  const issues: LoadIssue[] = [];

  const own = RUN_FOLDER.exec(basename(root));
  if (own !== null) {
    folders.push({ dir: root, display, id: own[2] ?? "", stamp: own[1] ?? null });
    return { folders, sweepOf, issues };
  }
  const list = (dir: string, shown: string) => listFolder(dir, shown, issues);
  const walk = async (dir: string, shown: string, depth: number): Promise<void> => {
    for (const e of await list(dir, shown)) {
      if (!e.isDirectory() || e.name.startsWith(".") || SKIP.has(e.name)) continue;
      const path = join(dir, e.name);
      const show = join(shown, e.name);
      const run = RUN_FOLDER.exec(e.name);
      const last = LATEST_RUN.exec(e.name);
      const sweep = SWEEP_FOLDER.exec(e.name);
      if (run !== null) folders.push({ dir: path, display: show, id: run[2] ?? "", stamp: run[1] ?? null });
      else if (last !== null) {
        const id = last[1] ?? (await logId(path));
        if (id === null) issues.push(createLoadIssue("warning", show, "", "a latest-run copy without a run-<id>.wandb log: its run ID is unknown; skipped"));
        else latest.push({ dir: path, display: show, id, stamp: null });
      } else if (sweep !== null) {
        for (const f of await list(path, show)) {
          const m = SWEEP_CONFIG.exec(f.name);
          if (m !== null && m[1] !== undefined && sweep[1] !== undefined) sweepOf.set(m[1], sweep[1]);
        }
      } else if (depth < MAX_DEPTH) await walk(path, show, depth + 1);
    }
  };
  await walk(root, display, 0);

  const ids = new Set(folders.map((f) => f.id));
  for (const l of latest) if (!ids.has(l.id)) folders.push(l);
  if (folders.length === 0) {
    // A run folder under another name (a renamed copy): recognise it by its files.
    const names = (await list(root, display)).map((e) => e.name);
    if (RUN_FILES.some((n) => names.includes(n)) || names.some((n) => n.endsWith(".wandb"))) {
      const id = (await logId(root)) ?? basename(root);
      folders.push({ dir: root, display, id, stamp: null });
    }
  }
  folders.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { folders, sweepOf, issues };
}

/** A folder's entries; none, after an error issue, when it cannot be listed. */
export async function listFolder(dir: string, shown: string, issues: LoadIssue[]): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (e) {
    issues.push(createLoadIssue("error", shown, "", `cannot list the folder (${errorText(e)}); skipped`));
    return [];
  }
}

/** The run ID from a `run-<id>.wandb` file in `dir`, or null. */
async function logId(dir: string): Promise<string | null> {
  try {
    for (const n of await readdir(dir)) {
      const m = /^run-(.+)\.wandb$/.exec(n);
      if (m !== null && m[1] !== undefined) return m[1];
    }
  } catch {
    // An unreadable folder is reported when it is read as a run folder.
  }
  return null;
}
