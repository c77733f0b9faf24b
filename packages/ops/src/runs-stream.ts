/**
 * Loading a runs file fed in chunks of bytes (docs/runs-format.md): the streaming form of loadRunsDocument, for
 * files too big to hold as one string. Each run's text is cut out (runs-stream-split.ts), parsed and validated
 * on its own, so memory holds the runs and one chunk, never the file. Browser-safe.
 *
 * Gives what loadRunsDocument gives for the same text: the same runs, project and issues (a JSON syntax error
 * names the file's line and column; in a document or array nothing is loaded, in JSON Lines the line is skipped).
 */
import { jsonShape } from "./json-shape.js";
import { ShapeTracker } from "./json-shape-tracker.js";
import { parseJsonLenient } from "./runs-json.js";
import { createLoadIssue, type IssueContext, type LoadIssue } from "./runs-issues.js";
import {
  jsonError, jsonTextIssues, loadRunsDocument, readDocument, reportTextIssues, warnDuplicates, type LoadedRuns, type LoadRunsOptions, type RunsProject,
} from "./runs-format.js";
import { readRun } from "./runs-read.js";
import type { Piece } from "./runs-split-chunks.js";
import { RunsSplitter } from "./runs-stream-split.js";
import { PieceDecoder } from "./runs-stream-decode.js";
import { Run } from "./values.js";

const LINE_BREAK = /\r\n|\r/;

export class RunsStreamLoader {
  readonly #opts: LoadRunsOptions;
  readonly #runPath: (index: number) => string;
  readonly #splitter: RunsSplitter;
  /** Decodes the pieces, and warns once about bytes that are not UTF-8. */
  readonly #text = new PieceDecoder();
  /** Finds the shape of each JSON Lines line (one tracker for all). */
  readonly #shapes = new ShapeTracker();
  readonly #runs: Run[] = [];
  /** For each run of a document in #runs: 1 when it names its project, 2 its entity (else it takes the document's). */
  readonly #named: number[] = [];
  /** Issues of the runs; the document's own issues come first in the result, as in loadRunsDocument. */
  readonly #issues: LoadIssue[] = [];
  /**
   * In a document or list, the warnings about the text of its runs (keys written twice, numbers out of range,
   * bytes that are not UTF-8), which come before the document's own issues, as in loadRunsDocument.
   */
  readonly #textIssues: LoadIssue[] = [];
  /** Runs arrays opened: a document may write `"runs"` more than once, and the last is the one read. */
  #runsArrays = 0;
  /** Runs given out by `drain` were read from a runs array written again later (they are not the result's). */
  #drainedSuperseded = 0;
  #index = 0;
  /** Lines added by lone `\r` line breaks inside a JSON Lines piece (loadRunsDocument counts them as lines). */
  #extraLines = 0;
  /** A JSON syntax error in a document or array: nothing more is parsed, nothing is loaded. */
  #syntaxError: LoadIssue | null = null;
  #bytes = 0;
  /** Runs given out by `drain`. */
  #drained = 0;
  /** The document's project as known when its runs began (it applies to runs naming none; see readRun). */
  #defaults: RunsProject = {};
  #discarded = false;
  #lateProject = false;

  /** Whether `end()` warns about run names read more than once (a caller draining the runs may check them itself). */
  readonly #duplicates: boolean;
  /** Whether a run's config and summary are kept as their bytes (see JsonDict) rather than as the parsed JSON. */
  readonly #keepBytes: boolean;

  /**
   * `duplicates: false` leaves the warning about a run name read twice to the caller; `bytes: false` keeps each
   * run's config and summary as the JSON parsed, which is quicker to read once and larger to hold, for a caller
   * that drops the runs as it reads them.
   */
  constructor(opts: LoadRunsOptions, { duplicates = true, bytes = true }: { readonly duplicates?: boolean; readonly bytes?: boolean } = {}) {
    this.#opts = opts;
    this.#duplicates = duplicates;
    this.#keepBytes = bytes;
    this.#runPath = opts.runPath ?? ((i: number) => `runs[${i}]`);
    const lines = opts.format === "jsonl" || (opts.format === undefined && /\.(jsonl|ndjson)$/i.test(opts.fileName));
    this.#splitter = new RunsSplitter((p) => this.#piece(p), lines, (head) => this.#runsStart(head));
  }

  /** Runs read so far. */
  get runCount(): number {
    return this.#runs.length;
  }

  /**
   * After `end()`: runs given out by `drain` are not all part of the result: the runs read were all given up (a
   * JSON syntax error in a document or array, or a document that is not a runs document), or some were read from
   * a `"runs"` list that the document writes again later (the last is the one kept).
   */
  get discarded(): boolean {
    return this.#discarded || this.#drainedSuperseded > 0;
  }

  /** After `end()`: the document named its project after some runs had been drained (they do not take it). */
  get lateProject(): boolean {
    return this.#lateProject;
  }

  /**
   * JSON Lines read so far: `lines` counted as issues count them (a lone `\r` breaks a line), `entries` the lines
   * that held something (runs and skipped lines alike; the next one is `runPath(entries)`). A file cut at line
   * ends into parts loaded apart gives the same issues once each part's are moved by the parts before it.
   */
  get linesRead(): { readonly lines: number; readonly entries: number } {
    return { lines: this.#splitter.line - 1 + this.#extraLines, entries: this.#index };
  }

  /** Bytes fed so far. */
  get byteCount(): number {
    return this.#bytes;
  }

  /**
   * The runs read since the last drain, which the loader then forgets, so a caller that writes them elsewhere
   * (a streamed import) holds one chunk's runs at a time. Drained runs are not in `end()`'s result and are not
   * checked for duplicate names there.
   */
  drain(): Run[] {
    this.#drained += this.#runs.length;
    this.#named.length = 0;
    return this.#runs.splice(0, this.#runs.length);
  }

  /**
   * Feeds the next bytes. The loader keeps nothing of `chunk` once this returns (what it carries to the next chunk
   * is copied, and so are the bytes a run's config and summary are kept as, see JsonDict), so the caller may fill
   * the same buffer again.
   */
  push(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    this.#text.chunk = this.#splitter.mode === "lines" ? chunk : undefined;
    try {
      this.#splitter.push(chunk);
    } finally {
      this.#text.chunk = undefined;
      this.#text.chunkText = undefined;
    }
  }

  /** Ends the input and gives the result. */
  end(): LoadedRuns {
    const s = this.#splitter;
    s.end();
    const file = this.#opts.fileName;
    const issues: LoadIssue[] = [];
    const none = (): LoadedRuns => {
      this.#discarded = true;
      return { runs: [], project: null, issues };
    };
    if (s.mode === "lines") return this.#finish(null, issues);
    if (s.mode === "start" || s.mode === "other" || (s.mode === "document" && !s.runsFound && s.failure === null)) {
      // not an array or an object, or an object holding no runs array (a lone run, say): small, or not runs at
      // all; the text path says what it is
      return loadRunsDocument(this.#text.decoder.decode(s.head()), { ...this.#opts, format: "json" });
    }
    if (this.#syntaxError !== null) {
      issues.push(this.#syntaxError);
      return none();
    }
    if (s.failure !== null) {
      issues.push(createLoadIssue("error", file, "", `invalid JSON: ${s.failure.message}; nothing loaded`, s.failure.line));
      return none();
    }
    const headText = this.#text.decoder.decode(s.head());
    const head = s.mode === "array" ? null : parseJsonLenient(headText);
    if (head !== null && !head.ok) {
      issues.push(createLoadIssue("error", file, "", `${jsonError(head)}; nothing loaded`, head.line));
      return none();
    }
    // the head keeps the file's line breaks (see RunsSplitter), so its lines are the file's
    reportTextIssues(jsonTextIssues(headText, s.mode === "array" ? "runs" : ""), file, issues, 1, headText);
    for (const i of this.#textIssues) issues.push(i);
    if (head === null) return this.#finish(null, issues);
    const ctx: IssueContext = { file, issues };
    const doc = readDocument(head.value, ctx);
    if (doc === null) return none();
    const project = doc.project ?? {};
    if (project.name !== this.#defaults.name || project.entity !== this.#defaults.entity) {
      // the project came after the runs: the runs naming none take it now
      for (let i = 0; i < this.#runs.length; i++) this.#runs[i] = withProject(this.#runs[i]!, project, this.#named[i]!);
      if (this.#drained > 0) this.#lateProject = true;
      if (this.#drained > 0) issues.push(createLoadIssue("warning", file, "project", `the project is named after the runs; the first ${this.#drained} runs were read before it and do not take it`));
    }
    if (this.#drainedSuperseded > 0) {
      issues.push(createLoadIssue("warning", file, "runs", `written more than once; ${this.#drainedSuperseded} runs of an earlier "runs" were read and handed over before the last was found`));
    }
    return this.#finish(doc.project, issues);
  }

  /**
   * The project of a document's head up to its runs (`{…,"runs":[`), when that much parses. A second runs array
   * replaces the first (JSON keeps a repeated key's last value): the runs read so far and their issues are dropped.
   */
  #runsStart(head: Uint8Array): void {
    if (++this.#runsArrays > 1) {
      this.#drainedSuperseded += this.#drained;
      this.#drained = 0;
      this.#runs.length = 0;
      this.#named.length = 0;
      this.#issues.length = 0;
      this.#index = 0;
    }
    const r = parseJsonLenient(`${this.#text.decoder.decode(head)}]}`);
    if (!r.ok) return;
    const doc = readDocument(r.value, { file: this.#opts.fileName, issues: [] });
    this.#defaults = doc?.project ?? {};
  }

  #finish(project: RunsProject | null, issues: LoadIssue[]): LoadedRuns {
    // A loop, not push(...): a spread of a long list of issues into call arguments overflows the stack.
    for (const i of this.#issues) issues.push(i);
    if (this.#duplicates) warnDuplicates(this.#runs, { file: this.#opts.fileName, issues });
    return { runs: this.#runs, project, issues };
  }


  #piece(p: Piece): void {
    if (this.#syntaxError !== null) return;
    const text = this.#text.sliceOfChunk(p.bytes)
      ?? this.#text.decode(p.bytes, p.line + this.#extraLines, this.#splitter.mode === "lines" ? this.#issues : this.#textIssues, this.#opts.fileName);
    if (this.#splitter.mode === "lines") {
      this.#line(text, p.line + this.#extraLines, p.bytes);
      return;
    }
    const r = parseJsonLenient(text);
    if (!r.ok) {
      const line = p.line + r.line - 1;
      const column = r.line === 1 ? p.column + r.column - 1 : r.column;
      const message = `invalid JSON at column ${column}: ${r.message.replace(/^\d+:\d+: /, "")}; nothing loaded`;
      this.#syntaxError = createLoadIssue("error", this.#opts.fileName, "", message, line);
      return;
    }
    const path = this.#runPath(this.#index++);
    const shape = p.shape ?? jsonShape(p.bytes, this.#shapes);
    if (shape.repeatedKeys || shape.numbers) reportTextIssues(jsonTextIssues(text, path, shape), this.#opts.fileName, this.#textIssues, p.line, text);
    const run = readRun(r.value, path, { file: this.#opts.fileName, issues: this.#issues }, this.#defaults, true, shape.depth, this.#keepBytes ? { bytes: p.bytes, shape } : undefined);
    if (run === null) return;
    this.#runs.push(run);
    const v = r.value as Record<string, unknown>;
    // a run's own project or entity is one that is a string (see readRun)
    this.#named.push((typeof v.project === "string" ? 1 : 0) | (typeof v.entity === "string" ? 2 : 0));
  }

  /** One JSON Lines line (or several, split at lone `\r`, as loadRunsDocument splits them). */
  /** `bytes`: the line's bytes, when they are the text's (not a part of a line split at lone `\r`). */
  #line(text: string, line: number, bytes?: Uint8Array): void {
    if (text.includes("\r") && LINE_BREAK.test(text.replace(/\r$/, ""))) {
      const parts = text.split(/\r\n|\n|\r/);
      if (parts[parts.length - 1] === "") parts.pop();
      parts.forEach((part, k) => this.#line(part, line + k));
      this.#extraLines += parts.length - 1;
      return;
    }
    if (text.trim() === "") return;
    const file = this.#opts.fileName;
    const r = parseJsonLenient(text);
    if (!r.ok) this.#issues.push(createLoadIssue("error", file, "", `${jsonError(r)}; line skipped`, line));
    else {
      const shape = bytes === undefined ? undefined : jsonShape(bytes, this.#shapes);
      if (shape === undefined || shape.repeatedKeys || shape.numbers) reportTextIssues(jsonTextIssues(text, this.#runPath(this.#index), shape), file, this.#issues, line);
      const source = bytes === undefined || shape === undefined || !this.#keepBytes ? undefined : { bytes, shape };
      const run = readRun(r.value, this.#runPath(this.#index), { file, line, issues: this.#issues }, {}, true, shape?.depth, source);
      if (run !== null) this.#runs.push(run);
    }
    this.#index++;
  }
}

/**
 * `run` with the document's project and entity where it names none (`named`: 1 when it names its project, 2 its
 * entity), replacing those it took from the document's project as known when it was read.
 */
function withProject(run: Run, project: RunsProject, named: number): Run {
  const d = run.details;
  const projectName = (named & 1) !== 0 ? d.project : (project.name ?? null);
  const entity = (named & 2) !== 0 ? d.entity : (project.entity ?? null);
  if (projectName === d.project && entity === d.entity) return run;
  const details = { ...d, project: projectName, entity };
  return new Run(run.name, run.displayName, run.jobType, run.state, run.createdAt, run.heartbeatAt, run.user, run.configSource, run.summarySource,
    run.historyTable, run.loggedArtifacts, run.usedArtifacts, run.tags, run.group, run.sweep, run.extra, details);
}

/** Loads runs from bytes given in chunks (see RunsStreamLoader); the same result as loadRunsDocument on their text. */
export function loadRunsChunks(chunks: Iterable<Uint8Array>, opts: LoadRunsOptions): LoadedRuns {
  const loader = new RunsStreamLoader(opts);
  for (const c of chunks) loader.push(c);
  return loader.end();
}
