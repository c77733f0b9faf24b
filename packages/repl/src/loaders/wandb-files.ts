/**
 * Readers for the files of one W&B run folder: `config.yaml`, `wandb-summary.json`, `wandb-metadata.json` and
 * `wandb-history.jsonl`. Each reports its problems as LoadIssues naming
 * the file and never throws.
 */
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { createLoadIssue, parseJsonLenient, type LoadIssue } from "@qel/ops";
import { isObject, newObject, type JsonObject } from "./wandb-replay.js";

/** At most this many issues about lines of one history file; the rest are counted in one more. */
const MAX_LINE_ISSUES = 5;

/**
 * The bytes of a file, or null when it does not exist (no issue) or cannot be read (an error issue naming it).
 */
export async function readBytes(path: string, display: string, issues: LoadIssue[]): Promise<Uint8Array | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return null;
    issues.push(createLoadIssue("error", display, "", `cannot read the file (${errorText(e)}); skipped`));
    return null;
  }
}

/** Like readBytes, as UTF-8 text. */
export async function readText(path: string, display: string, issues: LoadIssue[]): Promise<string | null> {
  const bytes = await readBytes(path, display, issues);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** True for a Node file-system error with the given code (`ENOENT`, …). */
export function isErrno(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}

/** A short description of a thrown error for messages: the errno code when there is one (`EACCES`). */
export function errorText(e: unknown): string {
  if (typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string") return (e as { code: string }).code;
  return e instanceof Error ? e.message : String(e);
}

/** A parsed `config.yaml`. */
export interface ConfigFile {
  /** User config entries, each still in its `{value}` wrapper so that loading unwraps exactly once. */
  readonly config: JsonObject;
  /** `_wandb.value` (W&B internals: `start_time`, `cli_version`, …), or null. */
  readonly internals: JsonObject | null;
}

/**
 * A YAML document's data (YAML 1.2 core schema), or undefined after an error issue with the line and column of
 * its first error (later ones are mostly its consequences); `skipped` says what is left out because of it.
 */
export function parseYaml(text: string, display: string, issues: LoadIssue[], skipped: string): unknown {
  const doc = parseDocument(text);
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = err.linePos?.[0];
    const why = err.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    const at = pos === undefined ? "" : ` at column ${pos.col}`;
    issues.push(createLoadIssue("error", display, "", `invalid YAML${at}: ${why}; ${skipped}`, pos?.line));
    return undefined;
  }
  return doc.toJS({ maxAliasCount: 1000 }) ?? null;
}

/**
 * Parses `config.yaml` (either dialect, §2) with the YAML 1.2 core schema, so `.nan`/`.inf` are numbers. Integers
 * beyond 2^53 become the nearest double. `wandb_version` is dropped; an entry that is not a `{value, desc}`
 * wrapper is reported and left out. Returns null (after an error) when the file is not a YAML mapping.
 */
export function parseConfigYaml(text: string, display: string, issues: LoadIssue[]): ConfigFile | null {
  const data = parseYaml(text, display, issues, "file skipped");
  if (data === undefined) return null;
  if (data === null) return { config: newObject(), internals: null };
  if (!isObject(data)) {
    issues.push(createLoadIssue("error", display, "", "expected a mapping of config keys; file skipped"));
    return null;
  }
  const config = newObject();
  let internals: JsonObject | null = null;
  for (const k of Object.keys(data)) {
    if (k === "wandb_version") continue;
    const entry = data[k];
    if (!isObject(entry) || !Object.hasOwn(entry, "value")) {
      issues.push(createLoadIssue("error", display, k, "expected a {value, desc} entry as W&B writes them; key skipped"));
      continue;
    }
    if (k === "_wandb") internals = isObject(entry.value) ? entry.value : null;
    else config[k] = { value: entry.value };
  }
  return { config, internals };
}

/** Parses a JSON file that must hold one object (summary, metadata); NaN/Infinity literals allowed. */
export function parseJsonObject(text: string, display: string, issues: LoadIssue[]): JsonObject | null {
  const r = parseJsonLenient(text);
  if (!r.ok) {
    issues.push(createLoadIssue("error", display, "", `invalid JSON at column ${r.column}: ${r.message.replace(/^\d+:\d+: /, "")}; file skipped`, r.line));
    return null;
  }
  if (!isObject(r.value)) {
    issues.push(createLoadIssue("error", display, "", "expected a JSON object; file skipped"));
    return null;
  }
  return r.value;
}

/** Parses `wandb-history.jsonl` (0.8–0.9, §5): one row object per line; a bad line is reported and skipped. */
export function parseHistoryJsonl(text: string, display: string, issues: LoadIssue[]): JsonObject[] {
  const rows: JsonObject[] = [];
  let bad = 0;
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() === "") return;
    const r = parseJsonLenient(line);
    if (r.ok && isObject(r.value)) rows.push(r.value);
    else if (++bad <= MAX_LINE_ISSUES) {
      const why = r.ok ? "expected a JSON object" : `invalid JSON at column ${r.column}: ${r.message.replace(/^\d+:\d+: /, "")}`;
      // A cut last line is the usual way this file ends when the run was still writing.
      issues.push(createLoadIssue("warning", display, "", `${why}; line skipped`, i + 1));
    }
  });
  if (bad > MAX_LINE_ISSUES) issues.push(createLoadIssue("warning", display, "", `${bad - MAX_LINE_ISSUES} more bad lines; skipped`));
  return rows;
}
