/**
 * Readers for the files of one W&B run folder: `config.yaml`, `wandb-summary.json`, `wandb-metadata.json` and
 * `wandb-history.jsonl`. Each reports its problems as LoadIssues naming
 * the file and never throws.
 */
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { createLoadIssue, findDuplicateKeys, lineColumn, parseJsonLenient, type LoadIssue } from "@qel/ops";
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

/** Like readBytes, as UTF-8 text (see decodeUtf8). */
export async function readText(path: string, display: string, issues: LoadIssue[]): Promise<string | null> {
  const bytes = await readBytes(path, display, issues);
  return bytes === null ? null : decodeUtf8(bytes, display, issues);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/**
 * UTF-8 bytes as text. A leading byte-order mark is dropped. Bytes that are not UTF-8 become U+FFFD, with a
 * warning naming the line and byte of the first, so replaced text never passes unnoticed.
 */
export function decodeUtf8(bytes: Uint8Array, display: string, issues: LoadIssue[]): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 10) line++;
    issues.push(createLoadIssue("warning", display, "", `bytes that are not UTF-8 (the first at byte ${at}) were replaced with U+FFFD`, line));
    return lenientUtf8.decode(bytes);
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i] as number;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    const next = b[i + 1] as number;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < len; k++) {
      const x = b[i + k];
      if (x === undefined || (k === 1 ? next < lo || next > hi : x < 0x80 || x > 0xbf)) return i;
    }
    i += len;
  }
  return b.length;
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

/** Alias expansions allowed in one YAML document: an anchor reused a few times is common, a thousand is a bomb. */
export const MAX_YAML_ALIASES = 1000;

/**
 * A YAML document's data (YAML 1.2 core schema), or undefined after an error issue with the line and column of
 * its first error (later ones are mostly its consequences); `skipped` says what is left out because of it. Aliases
 * expanding to more than MAX_YAML_ALIASES nodes are such an error. The data may share objects (an alias repeats
 * its anchor's object) and contain itself (an alias inside its own anchor): fromJson converts both safely.
 */
export function parseYaml(text: string, display: string, issues: LoadIssue[], skipped: string): unknown {
  const doc = parseDocument(text);
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = err.linePos?.[0];
    // The parser turns its own stack overflow into an error at the place it happened.
    const why = /call stack/i.test(err.message) ? "nested too deeply to read" : err.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    const at = pos === undefined ? "" : ` at column ${pos.col}`;
    issues.push(createLoadIssue("error", display, "", `invalid YAML${at}: ${why}; ${skipped}`, pos?.line));
    return undefined;
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? null;
  } catch (e) {
    const why = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `aliases expand to more than ${MAX_YAML_ALIASES} nodes`
      : e instanceof RangeError ? "nested too deeply to read" : `unreadable (${errorText(e)})`;
    issues.push(createLoadIssue("error", display, "", `invalid YAML: ${why}; ${skipped}`));
    return undefined;
  }
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
  reportDuplicateKeys(text, display, issues);
  return r.value;
}

/** Reports each key written twice in one object of `text` (valid JSON): JSON keeps only the last value. */
export function reportDuplicateKeys(text: string, display: string, issues: LoadIssue[], line?: number): void {
  for (const d of findDuplicateKeys(text)) {
    const at = line ?? lineColumn(text, d.offset).line;
    issues.push(createLoadIssue("warning", display, d.path, "key written more than once; the last value kept", at));
  }
}

/** Parses `wandb-history.jsonl` (0.8–0.9, §5): one row object per line; a bad line is reported and skipped. */
export function parseHistoryJsonl(text: string, display: string, issues: LoadIssue[]): JsonObject[] {
  const rows: JsonObject[] = [];
  let bad = 0;
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() === "") return;
    const r = parseJsonLenient(line);
    if (r.ok && isObject(r.value)) {
      rows.push(r.value);
      reportDuplicateKeys(line, display, issues, i + 1);
    } else if (++bad <= MAX_LINE_ISSUES) {
      const why = r.ok ? "expected a JSON object" : `invalid JSON at column ${r.column}: ${r.message.replace(/^\d+:\d+: /, "")}`;
      // A cut last line is the usual way this file ends when the run was still writing.
      issues.push(createLoadIssue("warning", display, "", `${why}; line skipped`, i + 1));
    }
  });
  if (bad > MAX_LINE_ISSUES) issues.push(createLoadIssue("warning", display, "", `${bad - MAX_LINE_ISSUES} more bad lines; skipped`));
  return rows;
}
