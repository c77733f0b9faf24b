/**
 * W&B run folders and MLflow runs read for `qel import` a few at a time, in the order `--runs PATH` loads them
 * (load-path.ts): each few runs are handed on and forgotten, so memory holds a handful of runs, not the project.
 * Folders of one W&B run ID (a resumed run) are read together and merged into one run, as in memory; folders of
 * different IDs that happen to share a run name stay two runs here (the import warns of the repeated name).
 */
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { createLoadIssue, type LoadIssue, type Run, type RunsProject } from "@qel/ops";
import { discoverRunFolders } from "../loaders/discover.js";
import { addRun, commonProject } from "../loaders/load-path.js";
import { mergeResumed } from "../loaders/merge-resumed.js";
import { discoverMlflowRuns, readMlflowRun, type MlflowDiscovery } from "../loaders/mlflow.js";
import { readRunFolder, type FolderRun, type RunFolderRef } from "../loaders/wandb-run-folder.js";
import type { JsonObject } from "../loaders/wandb-replay.js";

/** Runs read at the same time, and handed on together. */
const WINDOW = 8;

export interface FolderProgress {
  /** Run folders read, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly path: string;
}

export interface StreamedFolders {
  readonly issues: LoadIssue[];
  /** The project all runs agree on (an MLflow experiment's name), else null. */
  readonly project: RunsProject | null;
  readonly runs: number;
}

/**
 * Reads the W&B and MLflow runs at `path` (a folder, or a `.wandb` log's folder) and hands each few to `onRuns`,
 * awaiting it before reading more. Never rejects for what is on disk: unreadable or malformed files are issues.
 */
export async function streamRunFolders(path: string, onRuns: (runs: readonly Run[]) => Promise<void>, onProgress?: (p: FolderProgress) => void): Promise<StreamedFolders> {
  const issues: LoadIssue[] = [];
  const isDir = (await stat(path)).isDirectory();
  const root = isDir ? path : dirname(path);
  const noMlflow: MlflowDiscovery = { runs: [], issues: [] };
  const [found, mlflow] = await Promise.all([discoverRunFolders(root, root), isDir ? discoverMlflowRuns(root, root) : noMlflow]);
  for (const i of [...found.issues, ...mlflow.issues]) issues.push(i);
  const total = found.folders.length + mlflow.runs.length;
  if (total === 0) {
    issues.push(createLoadIssue("error", path, "", "no W&B run folders (run-*, offline-run-*, dryrun-*) or MLflow runs (mlruns/<experiment>/<run>/meta.yaml) found here or below"));
    return { issues, project: null, runs: 0 };
  }
  let done = 0;
  let count = 0;
  const projects: RunsProject[] = [];
  const progress = (display: string): void => onProgress?.({ done: ++done, total, path: display });
  const hand = async (runs: Run[]): Promise<void> => {
    count += runs.length;
    if (runs.length > 0) await onRuns(runs);
  };

  for (const window of windows(byRunId(found.folders), WINDOW)) {
    const read = await Promise.all(window.flat().map(async (ref) => {
      const r = await readRunFolder(ref, found.sweepOf);
      progress(ref.display);
      return r;
    }));
    const runs: Run[] = [];
    for (const { json, folders } of mergeResumed(read, issues)) {
      for (const f of folders) for (const i of f.issues) issues.push(i);
      const file = (j: JsonObject): string => (folders.length === 1 ? (folders[0] as FolderRun).ref.display : `${j.name as string} (resumed)`);
      const loaded = json === null ? 0 : addRun(json, file(json), runs, issues, folders.length === 1 ? folders[0]?.partFiles : undefined);
      for (const f of folders) if (f.project !== null && loaded > 0) projects.push(f.project);
    }
    await hand(runs);
  }
  for (const window of windows(mlflow.runs, WINDOW)) {
    const read = await Promise.all(window.map(async (ref) => {
      const r = await readMlflowRun(ref);
      progress(ref.display);
      return r;
    }));
    const runs: Run[] = [];
    for (const { ref, json, project, issues: own } of read) {
      for (const i of own) issues.push(i);
      const loaded = json === null ? 0 : addRun(json, ref.display, runs, issues);
      if (project !== null && loaded > 0) projects.push(project);
    }
    await hand(runs);
  }
  if (count === 0 && !issues.some((i) => i.severity === "error")) issues.push(createLoadIssue("error", path, "", "run folders were found but none held a usable run"));
  return { issues, project: commonProject(projects), runs: count };
}

/** Folders grouped by run ID, in order of each ID's first folder (folders come sorted by path). */
function byRunId(folders: readonly RunFolderRef[]): RunFolderRef[][] {
  const groups = new Map<string, RunFolderRef[]>();
  for (const f of folders) {
    const g = groups.get(f.id);
    if (g === undefined) groups.set(f.id, [f]);
    else g.push(f);
  }
  return [...groups.values()];
}

function* windows<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
