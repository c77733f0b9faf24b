/**
 * The evaluation worker: holds the runs, evaluates panel expressions one at a time, and answers with a
 * ResultModel or an error with its position. The page cancels an evaluation by ending this worker and starting
 * another, so a slow expression never blocks the page or the other panels for long.
 */
import { compile, lineColAt, printType, QelError } from "@qel/lang";
import { inferSchema, loadRunsDocument, type Run } from "@qel/ops";
import { sampleRuns, SAMPLE_NOW } from "@qel/repl/sample";
import { starterPanels } from "../dashboard/panels.js";
import { shapeResult } from "./shape.js";
import type { ErrorModel, FromWorker, LoadedInfo, ResultModel, RunsSource, ToWorker } from "./model.js";

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

type Answer = { readonly ok: true; readonly result: ResultModel; readonly ms: number } | { readonly ok: false; readonly error: ErrorModel; readonly ms: number };

/**
 * Answers worked out before they were asked for: the starter panels of freshly loaded runs, evaluated while the
 * page builds those panels (it asks for them once they exist). Each is given out once.
 */
const early = new Map<string, Answer>();

async function load(source: RunsSource, starters: boolean): Promise<void> {
  early.clear();
  const started = performance.now();
  if (source.kind === "url") {
    const res = await fetch(source.url);
    if (!res.ok) return post({ type: "load-failed", message: `${source.url}: HTTP ${res.status}` });
    source = { kind: "text", text: await res.text(), fileName: source.url };
  }
  let project = "sample";
  let issues: string[] = [];
  if (source.kind === "sample") {
    runs = sampleRuns();
    now = SAMPLE_NOW;
    project = "vision-2026 (sample)";
  } else {
    const r = loadRunsDocument(source.text, { fileName: source.fileName });
    runs = r.runs;
    now = undefined;
    project = r.project?.name ?? source.fileName;
    issues = r.issues.map((i) => `${i.severity}: ${i.message}`);
    if (runs.length === 0 && r.issues.some((i) => i.severity === "error")) {
      post({ type: "load-failed", message: issues.slice(0, 5).join("\n") });
      return;
    }
  }
  const info: LoadedInfo = {
    runs: runs.length,
    project,
    issues,
    summaryKey: commonKey(runs.map((r) => r.summary)),
    historyKey: commonKey(runs.slice(0, 50).flatMap((r) => r.history.slice(0, 5))),
    ms: performance.now() - started,
  };
  loaded = true;
  post({ type: "loaded", info });
  if (starters) for (const p of starterPanels(info)) early.set(p.expr, evaluate(p.expr));
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

function evaluateOne(id: number, expr: string): void {
  const a = early.get(expr) ?? evaluate(expr);
  early.delete(expr);
  post(a.ok ? { type: "result", id, result: a.result, ms: a.ms } : { type: "error", id, error: a.error, ms: a.ms });
}

/** Answers what is queued, in order. */
function drain(): void {
  while (queue.length > 0) {
    const job = queue.shift()!;
    if (job === "schema") {
      if (loaded) post({ type: "schema", schema: inferSchema(runs) });
    } else evaluateOne(job.id, job.expr);
  }
}

let scheduled = false;
let loading: Promise<void> = Promise.resolve();
onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === "load") {
    loaded = false;
    loading = load(m.source, m.starters);
  } else queue.push(m.type === "schema" ? "schema" : { id: m.id, expr: m.expr });
  // Messages that arrived together are all queued before the first evaluation starts.
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => {
      void loading.then(() => {
        scheduled = false;
        drain();
      });
    }, 0);
  }
};
