/**
 * One W&B run folder (`run-YYYYMMDD_HHMMSS-<id>/`, `offline-run-…`, `dryrun-…`) mapped onto a canonical RUN object.
 * Validation is left to loadRunsDocument.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createLoadIssue, type LoadIssue, type RunsProject } from "@qel/ops";
import { errorText, parseConfigYaml, parseHistoryJsonl, parseJsonObject, readBytes, readText } from "./wandb-files.js";
import { buildRun, type FolderParts } from "./wandb-run-build.js";
import { replayLog, type JsonObject } from "./wandb-replay.js";

/** A run folder found on disk. */
export interface RunFolderRef {
  /** File-system path of the folder. */
  readonly dir: string;
  /** The same path as shown in issues (relative to what the user named). */
  readonly display: string;
  /** Run ID from the folder name (`…-<id>`). */
  readonly id: string;
  /** `YYYYMMDD_HHMMSS` from the folder name: the machine's local time, zone unknown. */
  readonly stamp: string | null;
}

/** What a folder gave: the RUN object (null when nothing usable was found) and how it was read. */
export interface FolderRun {
  readonly ref: RunFolderRef;
  readonly json: JsonObject | null;
  readonly issues: LoadIssue[];
  readonly project: RunsProject | null;
  /** Where history rows came from, when there were any. */
  readonly historyFrom: "wandb-history.jsonl" | ".wandb" | null;
  /** Records read from the `.wandb` log, or null without one. */
  readonly logRecords: number | null;
  /** The file each part of the run (`config`, `summary`, `metadata`, `history`) was read from, as shown in issues. */
  readonly partFiles?: Readonly<Record<string, string>>;
}

/**
 * Reads one run folder: `config.yaml`, `wandb-summary.json`, `wandb-metadata.json`, `wandb-history.jsonl` (in
 * `files/` from W&B 0.10 on, at the top in 0.8–0.9) and the `.wandb` log. Any of them may be missing. Unreadable or
 * malformed files are reported and the rest used. Never throws.
 */
export async function readRunFolder(ref: RunFolderRef, sweepOf: ReadonlyMap<string, string>, nowMs: number = Date.now()): Promise<FolderRun> {
  const issues: LoadIssue[] = [];
  let names: string[];
  try {
    names = await readdir(ref.dir);
  } catch (e) {
    issues.push(createLoadIssue("error", ref.display, "", `cannot list the folder (${errorText(e)}); skipped`));
    return { ref, json: null, issues, project: null, historyFrom: null, logRecords: null };
  }
  const flat = !names.includes("files");
  const base = flat ? ref.dir : join(ref.dir, "files");
  const shown = (f: string): string => join(ref.display, flat ? f : join("files", f));
  const read = (f: string): Promise<string | null> => readText(join(base, f), shown(f), issues);

  const [configText, summaryText, metaText, historyText] = await Promise.all([
    read("config.yaml"), read("wandb-summary.json"), read("wandb-metadata.json"), read("wandb-history.jsonl"),
  ]);
  const parts: FolderParts = {
    ref,
    flat,
    config: configText === null ? null : parseConfigYaml(configText, shown("config.yaml"), issues),
    summary: summaryText === null ? null : parseJsonObject(summaryText, shown("wandb-summary.json"), issues),
    metadata: metaText === null ? null : parseJsonObject(metaText, shown("wandb-metadata.json"), issues),
    history: historyText === null ? null : parseHistoryJsonl(historyText, shown("wandb-history.jsonl"), issues),
    log: null,
    sweep: sweepOf.get(ref.id) ?? null,
    nowMs,
  };
  const logName = names.includes(`run-${ref.id}.wandb`) ? `run-${ref.id}.wandb` : names.find((n) => n.endsWith(".wandb"));
  if (logName !== undefined) {
    const display = join(ref.display, logName);
    const bytes = await readBytes(join(ref.dir, logName), display, issues);
    if (bytes !== null) {
      const { data, issues: logIssues } = replayLog(bytes, display);
      for (const i of logIssues) issues.push(i);
      parts.log = data;
    }
  }
  const hasAny = parts.config !== null || parts.summary !== null || parts.metadata !== null || parts.history !== null || parts.log !== null;
  if (!hasAny) {
    issues.push(createLoadIssue("error", ref.display, "", "no readable W&B files (config.yaml, wandb-summary.json, wandb-metadata.json, .wandb); skipped"));
    return { ref, json: null, issues, project: null, historyFrom: null, logRecords: null };
  }
  const built = buildRun(parts, issues);
  const logFile = logName !== undefined && parts.log !== null ? join(ref.display, logName) : undefined;
  const partFiles: Record<string, string> = {};
  const from = (part: string, file: string, text: string | null): void => {
    const shownFile = text !== null ? shown(file) : logFile;
    if (shownFile !== undefined) partFiles[part] = shownFile;
  };
  from("config", "config.yaml", configText);
  from("summary", "wandb-summary.json", summaryText);
  from("metadata", "wandb-metadata.json", metaText);
  from("history", "wandb-history.jsonl", historyText);
  return { ref, issues, logRecords: parts.log?.records ?? null, partFiles, ...built };
}
