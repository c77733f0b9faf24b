/**
 * The evaluation worker: holds the runs, evaluates panel expressions one at a time, and answers with a
 * ResultModel or an error with its position. The page cancels an evaluation by ending this worker and starting
 * another, so a slow expression never blocks the page or the other panels for long.
 *
 * Right after loading runs it evaluates the panels the page is about to show (the starter panels, or the saved
 * ones the page names) without waiting to be asked, and sends each answer as soon as it has it: the page draws
 * the first while this works on the next.
 */
import { compile, lineColAt, printType, QelError } from "@qel/lang";
import { inferSchema, loadRunsDocument, type Run } from "@qel/ops";
import { sampleRuns, SAMPLE_NOW } from "@qel/repl/sample";
import { starterPanels } from "../dashboard/panels.js";
import { shapeResult } from "./shape.js";
import type { Answer, ErrorModel, FromWorker, LoadedInfo, RunsText, ToWorker } from "./model.js";

/** Wall-clock time now, comparable with the page's (performance.timeOrigin differs between page and worker). */
const wallNow = (): number => performance.timeOrigin + performance.now();
/** The language modules are evaluated (imports run before this module's body). */
const languageReady = wallNow();

let runs: readonly Run[] = [];
let now: number | undefined;
/** Evaluations and schema requests, answered in the order they came. */
const queue: ({ id: number; expr: string } | "schema")[] = [];
let loaded = false;

const post = (m: FromWorker): void => postMessage(m);

/** Limits of a panel's evaluation: higher than the library's defaults, since every panel can be cancelled. */
const PAGE_LIMITS = { maxSteps: 2_000_000_000, timeoutMs: 300_000 } as const;

/** The key held as a number by most runs' summaries (or history rows), skipping `_` bookkeeping keys. */
function commonKey(dicts: Iterable<ReadonlyMap<string, unknown>>): string | null {
  const counts = new Map<string, number>();
  for (const d of dicts) for (const [k, v] of d) if (!k.startsWith("_") && typeof v === "number") counts.set(k, (counts.get(k) ?? 0) + 1);
  let best: string | null = null;
  for (const [k, n] of counts) if (best === null || n > counts.get(best)!) best = k;
  return best;
}

/** Reads the runs of `source`; null (after saying why) when there are none to show. */
function read(source: RunsText): { project: string; issues: string[] } | null {
  if (source.kind === "sample") {
    runs = sampleRuns();
    now = SAMPLE_NOW;
    return { project: "vision-2026 (sample)", issues: [] };
  }
  const r = loadRunsDocument(source.text, { fileName: source.fileName });
  runs = r.runs;
  now = undefined;
  const issues = r.issues.map((i) => `${i.severity}: ${i.message}`);
  if (runs.length === 0 && r.issues.some((i) => i.severity === "error")) {
    post({ type: "load-failed", message: issues.slice(0, 5).join("\n") });
    return null;
  }
  return { project: r.project?.name ?? source.fileName, issues };
}

/**
 * Loads runs, says so, then evaluates the expressions the page will ask for first (the starter panels when
 * `starters`, and `early`), sending each answer as it comes.
 */
function load(source: RunsText, starters: boolean, early: readonly string[]): void {
  const started = performance.now();
  const got = read(source);
  if (got === null) return;
  const keys = {
    summaryKey: commonKey(runs.map((r) => r.summary)),
    historyKey: commonKey(runs.slice(0, 50).flatMap((r) => r.history.slice(0, 5))),
  };
  const first = [...new Set([...(starters ? starterPanels(keys).map((p) => p.expr) : []), ...early])];
  const info: LoadedInfo = {
    runs: runs.length,
    ...got,
    ...keys,
    early: first,
    ms: performance.now() - started,
    timeline: { workerStart: performance.timeOrigin, languageReady, runsReady: wallNow() },
  };
  loaded = true;
  post({ type: "loaded", info });
  for (const expr of first) post({ type: "early", expr, answer: evaluate(expr) });
}

function errorModel(expr: string, e: unknown): ErrorModel {
  if (e instanceof QelError) {
    const d = e.diagnostic;
    const { line, column } = lineColAt(expr, d.span.start);
    return { code: d.code, message: d.hint !== undefined ? `${d.message} (${d.hint})` : d.message, from: d.span.start, to: d.span.end, line, column };
  }
  return { code: "internal_error", message: e instanceof Error ? e.message : String(e), from: 0, to: expr.length, line: 1, column: 1 };
}

function evaluate(expr: string): Answer {
  const started = performance.now();
  try {
    const compiled = compile(expr, {});
    const value = compiled.run({ runs }, now !== undefined ? { ...PAGE_LIMITS, now } : PAGE_LIMITS);
    return { ok: true, result: shapeResult(value, printType(compiled.type)), ms: performance.now() - started };
  } catch (e) {
    return { ok: false, error: errorModel(expr, e), ms: performance.now() - started };
  }
}

/** Answers what is queued, in order. */
function drain(): void {
  while (queue.length > 0) {
    const job = queue.shift()!;
    if (job === "schema") {
      if (loaded) post({ type: "schema", schema: inferSchema(runs) });
    } else post({ type: "answer", id: job.id, answer: evaluate(job.expr) });
  }
}

let scheduled = false;
onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === "load") {
    loaded = false;
    load(m.source, m.starters, m.early);
  } else queue.push(m.type === "schema" ? "schema" : { id: m.id, expr: m.expr });
  // Messages that arrived together are all queued before the first evaluation starts.
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      drain();
    }, 0);
  }
};
