/**
 * The canonical runs format, `qel-runs/1` (docs/runs-format.md): loading here, writing in runs-export.ts,
 * both re-exported from this module. Browser-safe: no Node built-ins.
 */
import { StringSet } from "./string-set.js";
import { findDuplicateKeys, scanJsonText } from "./json-duplicates.js";
import { findOutOfRangeNumbers, lineColumn, outOfRangeText, parseJsonLenient } from "./runs-json.js";
import { createLoadIssue, describeValue, isJsonObject, own, report, type IssueContext, type LoadIssue } from "./runs-issues.js";
import { readRun } from "./runs-read.js";
import { isWandbExport } from "./runs-wandb-export.js";
import type { Run } from "./values.js";

export { createLoadIssue, type LoadIssue } from "./runs-issues.js";
export { parseJsonLenient, stringifyJsonLenient, type JsonParseResult } from "./runs-json.js";
export { parseIsoDate, formatIsoDate, unixSecondsToMs } from "./runs-dates.js";
export { exportRuns, serializeRunsDocument, serializeRunsPieces, toJson, type RunsDocument, type SerializeOptions, type JsonOut } from "./runs-export.js";

/** The `format` tag of the canonical document. */
export const RUNS_FORMAT = "qel-runs/1";

/** The project a document describes (`project` of a `qel-runs/1` document). */
export interface RunsProject {
  readonly entity?: string;
  readonly name?: string;
}

export interface LoadRunsOptions {
  /** Named in every issue (`runs.json`). Also picks JSON Lines when it ends in `.jsonl` or `.ndjson`. */
  readonly fileName: string;
  /** Overrides the guess from `fileName` and content. Only used when the input is text. */
  readonly format?: "json" | "jsonl";
  /** The issue path of the i-th run; `runs[i]` by default. A loader of one run per folder passes `() => ""`. */
  readonly runPath?: (index: number) => string;
}

export interface LoadedRuns {
  /** The runs that could be built, in input order. */
  readonly runs: Run[];
  readonly project: RunsProject | null;
  /** Every problem found, in input order; empty when the input was clean. */
  readonly issues: LoadIssue[];
}

/**
 * Loads runs from a `qel-runs/1` document, a bare JSON array of RUN objects, or JSON Lines (one RUN per line).
 * `input` is either text (parsed with parseJsonLenient, so `NaN`/`Infinity`/`-Infinity` literals are numbers) or
 * an already parsed value such as the result of `JSON.parse` or `exportRuns`.
 *
 * Text is read as JSON Lines when `format` is "jsonl", when `fileName` ends in `.jsonl`/`.ndjson`, or when it is
 * not one JSON value but its first line is a JSON object.
 *
 * Dates must be ISO-8601 (see parseIsoDate): a date-time without zone means UTC, as in W&B's metadata, and a
 * date alone means midnight UTC; anything else, such as `"yesterday"`, is an error naming file, run and field.
 *
 * Never throws and never drops anything silently: a run that cannot be built (see readRun) is left out with an
 * error naming file, run and field; an invalid optional field is left out with an error and its run kept;
 * unknown fields are kept in `Run.extra` / `ArtifactVersion.extra`. Two runs with the same name are both kept,
 * with a warning. A document that is none of the accepted shapes gives no runs and one error.
 */
export function loadRunsDocument(input: unknown, opts: LoadRunsOptions): LoadedRuns {
  const issues: LoadIssue[] = [];
  const file = opts.fileName;
  const runPath = opts.runPath ?? ((i: number) => `runs[${i}]`);
  const runs: Run[] = [];
  let project: RunsProject | null = null;

  // JSON parsed here is shared with no one: config and summary may stay JSON until read (see readRun)
  const owned = typeof input === "string";
  let text: string | undefined;
  if (typeof input === "string") {
    const parsed = parseText(input, opts, issues);
    if (parsed.kind === "lines") {
      readLines(input, file, issues, runPath, (value, i, line) => {
        const run = readRun(value, runPath(i), { file, line, issues }, {}, true);
        if (run !== null) runs.push(run);
      });
      warnDuplicates(runs, { file, issues });
      return { runs, project, issues };
    }
    if (parsed.kind === "failed") return { runs, project, issues };
    text = input;
    input = parsed.value;
  }

  // issues of the text (keys written twice, numbers out of range) come first, then the document's, then the runs'
  const docIssues: LoadIssue[] = [];
  const doc = readDocument(input, { file, issues: docIssues });
  // a lone run is one line of JSON Lines: its issues name the line it starts on, as they would in a .jsonl file
  const line = text !== undefined && doc?.single === true ? lineColumn(text, text.length - text.trimStart().length).line : undefined;
  if (text !== undefined) documentTextIssues(text, doc?.single === true ? runPath(0) : Array.isArray(input) ? "runs" : "", file, issues);
  for (const i of docIssues) issues.push(i);
  if (doc === null) return { runs, project, issues };
  project = doc.project;
  const ctx: IssueContext = line === undefined ? { file, issues } : { file, line, issues };
  const list = doc.runs;
  list.forEach((raw, i) => {
    const run = readRun(raw, runPath(i), ctx, project ?? {}, owned);
    if (run !== null) runs.push(run);
  });
  warnDuplicates(runs, ctx);
  return { runs, project, issues };
}

/**
 * The parts of a parsed input around its runs: a bare list, or a `qel-runs/1` document whose format, project and
 * other fields are checked into `ctx`, or a lone run (`single`: an object with a run's `name` and `createdAt`, or
 * W&B's `id` and `created_at`, and neither `format` nor `runs`), which is read as JSON Lines of one line. Null
 * (after an error) when it is none of these, or a document's runs are missing or not a list.
 */
export function readDocument(input: unknown, ctx: IssueContext): { project: RunsProject | null; runs: unknown[]; single?: true } | null {
  if (Array.isArray(input)) return { project: null, runs: input };
  if (isJsonObject(input) && (Object.hasOwn(input, "runs") || Object.hasOwn(input, "format"))) {
    const fmt = own(input, "format");
    if (fmt === undefined) report(ctx, "warning", "format", `missing; read as "${RUNS_FORMAT}"`);
    else if (fmt !== RUNS_FORMAT) {
      report(ctx, "error", "format", `unsupported format ${describeValue(fmt)} (expected "${RUNS_FORMAT}"); nothing loaded`);
      return null;
    }
    const project = readProject(own(input, "project"), ctx);
    for (const k of Object.keys(input)) {
      if (k !== "format" && k !== "project" && k !== "runs") report(ctx, "warning", k, "unknown top-level field; ignored");
    }
    const r = own(input, "runs");
    if (!Array.isArray(r)) {
      const found = r === undefined ? "missing: expected a list of runs" : `expected a list of runs, found ${describeValue(r)}`;
      report(ctx, "error", "runs", `${found}; nothing loaded`);
      return null;
    }
    return { project, runs: r };
  }
  if (isJsonObject(input) && isLoneRun(input)) return { project: null, runs: [input], single: true };
  const what = isJsonObject(input) ? `an object with neither "runs" nor a run's "name" and "createdAt"` : describeValue(input);
  report(ctx, "error", "", `expected a "${RUNS_FORMAT}" document, a list of runs or JSON Lines, found ${what}; nothing loaded`);
  return null;
}

/** Whether an object without `format` and `runs` is a run: it names one and says when it began (see readRun). */
function isLoneRun(o: Record<string, unknown>): boolean {
  if (isWandbExport(o)) return Object.hasOwn(o, "id") || Object.hasOwn(o, "name");
  return Object.hasOwn(o, "name") && Object.hasOwn(o, "createdAt");
}

/** A warning about valid JSON text, at `offset` in it: a key written twice, or a number out of range. */
export interface TextIssue {
  readonly path: string;
  readonly offset: number;
  readonly text: string;
}

/**
 * The warnings about valid JSON `text` (NaN/Infinity tokens allowed), in text order: at most `max` keys written
 * twice and `max` numbers out of range (see findOutOfRangeNumbers), paths prefixed with `base`. `check`: what a
 * scan of the text's bytes already found may be there (a JsonShape); without it the text is scanned here.
 */
export function jsonTextIssues(text: string, base: string, check?: { readonly repeatedKeys: boolean; readonly numbers: boolean }, max = 5): TextIssue[] {
  let keys: readonly { path: string; offset: number }[];
  let numbers: boolean;
  if (check === undefined) {
    const scan = scanJsonText(text, base, max);
    keys = scan.duplicates;
    numbers = scan.numbers;
  } else {
    keys = check.repeatedKeys ? findDuplicateKeys(text, base, max) : [];
    numbers = check.numbers;
  }
  if (keys.length === 0 && !numbers) return [];
  const out: TextIssue[] = keys.map((d) => ({ path: d.path, offset: d.offset, text: REPEATED_KEY }));
  if (numbers) for (const n of findOutOfRangeNumbers(text, base, max)) out.push({ path: n.path, offset: n.offset, text: outOfRangeText(n) });
  return out.sort((a, b) => a.offset - b.offset);
}

const REPEATED_KEY = "key written more than once; the last value kept";

/**
 * The text issues of a whole document or list (see jsonTextIssues) as reading it in pieces gives them (see
 * RunsStreamLoader): those outside its runs first, then each run's, at most five of a kind for each.
 */
function documentTextIssues(text: string, base: string, file: string, issues: LoadIssue[]): void {
  const all = jsonTextIssues(text, base, undefined, Infinity);
  if (all.length === 0) return;
  const inRun = /^runs\[\d+\]/;
  const kept: TextIssue[] = [];
  const counts = new Map<string, number>();
  let group = "";
  // the runs' pieces are consecutive in the text: a new run path starts a new count
  for (const t of [...all.filter((t) => !inRun.test(t.path)), ...all.filter((t) => inRun.test(t.path))]) {
    const g = base.startsWith("runs[") ? base : (inRun.exec(t.path)?.[0] ?? "");
    if (g !== group) {
      group = g;
      counts.clear();
    }
    const kind = t.text === REPEATED_KEY ? "key" : "number";
    const n = counts.get(kind) ?? 0;
    counts.set(kind, n + 1);
    if (n < 5) kept.push(t);
  }
  for (const t of kept) issues.push(createLoadIssue("warning", file, t.path, t.text, lineColumn(text, t.offset).line));
}

type ParsedText = { kind: "value"; value: unknown } | { kind: "lines" } | { kind: "failed" };

function parseText(text: string, opts: LoadRunsOptions, issues: LoadIssue[]): ParsedText {
  const byName = /\.(jsonl|ndjson)$/i.test(opts.fileName);
  const format = opts.format ?? (byName ? "jsonl" : "json");
  if (format === "json") {
    const r = parseJsonLenient(text);
    if (r.ok) return { kind: "value", value: r.value };
    const firstLine = /^[^\r\n]*/.exec(text.trimStart())?.[0] ?? "";
    const first = parseJsonLenient(firstLine);
    if (opts.format === undefined && first.ok && isJsonObject(first.value)) return { kind: "lines" };
    issues.push(createLoadIssue("error", opts.fileName, "", `${jsonError(r)}; nothing loaded`, r.line));
    return { kind: "failed" };
  }
  return { kind: "lines" };
}

/**
 * Calls `each` for every non-blank line that parses, after the warnings about its text (see jsonTextIssues); the
 * i-th non-blank line is run `i`, at `runPath(i)`.
 */
function readLines(text: string, file: string, issues: LoadIssue[], runPath: (i: number) => string, each: (value: unknown, i: number, line: number) => void): void {
  let index = 0;
  text.split(/\r\n|\n|\r/).forEach((src, n) => {
    if (src.trim() === "") return;
    const r = parseJsonLenient(src);
    if (r.ok) {
      reportTextIssues(jsonTextIssues(src, runPath(index)), file, issues, n + 1);
      each(r.value, index, n + 1);
    } else issues.push(createLoadIssue("error", file, "", `${jsonError(r)}; line skipped`, n + 1));
    index++;
  });
}

/** Adds the text issues of one line or piece as warnings; `line` is the line its text starts on. */
export function reportTextIssues(found: readonly TextIssue[], file: string, issues: LoadIssue[], line: number, text?: string): void {
  for (const t of found) {
    const at = text === undefined ? line : line + lineColumn(text, t.offset).line - 1;
    issues.push(createLoadIssue("warning", file, t.path, t.text, at));
  }
}

export function jsonError(r: { message: string; column: number }): string {
  return `invalid JSON at column ${r.column}: ${r.message.replace(/^\d+:\d+: /, "")}`;
}

function readProject(v: unknown, ctx: IssueContext): RunsProject | null {
  if (v === undefined || v === null) return null;
  if (!isJsonObject(v)) {
    report(ctx, "error", "project", `expected an object, found ${describeValue(v)}; ignored`);
    return null;
  }
  const out: { entity?: string; name?: string } = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (k !== "entity" && k !== "name") report(ctx, "warning", `project.${k}`, "unknown project field; ignored");
    else if (typeof x === "string") out[k] = x;
    else if (x !== null) report(ctx, "error", `project.${k}`, `expected a string, found ${describeValue(x)}; ignored`);
  }
  return out;
}

export function warnDuplicates(runs: readonly Run[], ctx: IssueContext): void {
  // The runs hold their names, so a Set of them holds nothing more, and is quicker than DuplicateNames (which keeps
  // the names of runs that are not kept). The same warnings: once per name, at its second run.
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const r of runs) {
    const before = seen.size;
    if (seen.add(r.name).size === before && !reported.has(r.name)) {
      reported.add(r.name);
      reportDuplicateName(r.name, ctx);
    }
  }
}

const duplicateMessage = (name: string): string => `run name ${JSON.stringify(name)} appears more than once; all kept`;

/** The warning that the run name `name` appears more than once (given once per name, at its second run). */
function reportDuplicateName(name: string, ctx: IssueContext): void {
  report({ file: ctx.file, issues: ctx.issues }, "warning", "", duplicateMessage(name));
}

/**
 * Run names seen so far, for the warning that a name appears more than once (once per name, at its second run);
 * runs fed one at a time give the warnings warnDuplicates gives for the whole list.
 */
export class DuplicateNames {
  readonly #seen = new StringSet();
  readonly #reported = new Set<string>();

  add(name: string, ctx: IssueContext): void {
    if (!this.#seen.add(name)) this.#repeated(name, ctx);
  }

  #repeated(name: string, ctx: IssueContext): void {
    if (this.#reported.has(name)) return;
    this.#reported.add(name);
    reportDuplicateName(name, ctx);
  }
}
