/**
 * The REPL's evaluation engine: it holds the loaded runs and the values of `:let` variables, compiles and runs
 * expressions, and renders results to text (values stay where they were computed). The REPL talks to it through
 * the `Engine` interface: in a worker thread (worker.ts), so Ctrl-C can interrupt a long evaluation, or in-process
 * (tests).
 */
import { compile, type AbortSignalLike, type CompileEnv, type Diagnostic, type Type } from "@qel/lang";
import type { RunSchema, Value } from "@qel/ops";
import { diagnosticsOf } from "../cli/io.js";
import type { LimitOptions } from "../cli/limits.js";
import { openProject, projectEnv, type LoadProgress, type Project } from "../cli/project.js";
import { isDatabasePath, openDatabase } from "../cli/database.js";
import type { DuckDbProject, Explanation } from "@qel/duckdb";
import { renderValue } from "../render.js";
import { escapeControlsInLines } from "../render-format.js";

/** Thrown by a load stopped with Ctrl-C. */
export class LoadStopped extends Error {
  override readonly name = "LoadStopped";
}

/** The variable holding the last result. */
export const LAST = "_";

/** What a load produced, sent back to the REPL (no runs: they stay in the engine). */
export interface LoadInfo {
  readonly project: string;
  readonly runCount: number;
  readonly schema: RunSchema;
  readonly path: string | null;
  readonly issues: readonly string[];
  readonly ms: number;
}

export interface RenderSettings {
  readonly color: boolean;
  readonly width: number;
  readonly maxRows?: number;
  /** The key path the result was sorted by, so its table shows that column among the first. */
  readonly sortedBy?: readonly string[];
  /** Show the result whole (`:show`). */
  readonly expanded?: boolean;
  /** A line under a table whose cells were cut. */
  readonly cutHint?: string;
}

export interface EvalRequest {
  readonly render: RenderSettings;
  /** Bind the result to this variable (`:let NAME = EXPR`). */
  readonly bind?: string;
  /** Keep the result as `_`, the last result, for the next expressions. */
  readonly keep?: boolean;
  /** Fix now() (ms since the epoch). */
  readonly now?: number;
  /** Evaluation limits (`:set`); without them, no step or time limit (Ctrl-C stops) and the default output limit. */
  readonly limits?: LimitOptions;
  /** Say where the expression would run (`:explain`) instead of evaluating it. */
  readonly explain?: boolean;
}

export type EvalReply =
  | {
      readonly ok: true;
      readonly text: string;
      readonly type: Type;
      readonly warnings: readonly Diagnostic[];
      readonly compileMs: number;
      readonly runMs: number;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** What the REPL needs from an engine, wherever it runs. */
export interface Engine {
  /** Loads runs (the sample project when `path` is undefined), replacing the current ones and forgetting variables. Rejects with a message. */
  load(path: string | undefined, onProgress?: LoadProgress): Promise<LoadInfo>;
  /** Evaluates one expression; never rejects for a failing expression (the reply carries its diagnostics). */
  evaluate(source: string, request: EvalRequest): Promise<EvalReply>;
  /** Asks the running evaluation to stop; resolves to true when it stopped by itself, false when the engine had to restart. */
  interrupt(): Promise<boolean>;
  close(): Promise<void>;
}

/** An engine in the current thread; the `signal` passed to `evaluate` lets its owner stop an evaluation. */
export class LocalEngine {
  #project: Project | null = null;
  /** A DuckDB database loaded instead of runs in memory (docs/duckdb.md). */
  #database: DuckDbProject | null = null;
  readonly #values = new Map<string, Value>();
  readonly #types = new Map<string, Type>();
  /** The checking environment, kept while project and variables stay the same so compiled expressions are reused. */
  #env: CompileEnv | null = null;

  #envFor(project: Project): CompileEnv {
    this.#env ??= projectEnv(project, Object.fromEntries(this.#types));
    return this.#env;
  }

  /**
   * Loads a project; throws UsageError-style errors with a message on failure. When `signal` is aborted the load
   * stops at its next progress step, the runs loaded before stay, and it throws LoadStopped.
   */
  async load(path: string | undefined, onProgress?: LoadProgress, signal?: AbortSignalLike): Promise<LoadInfo> {
    const started = performance.now();
    if (isDatabasePath(path)) return this.#loadDatabase(path, started);
    const stopped = (): LoadStopped => new LoadStopped(`stopped loading ${path ?? "the sample project"}${this.#project !== null ? `; the ${this.#project.runs.length} runs of ${this.#project.name} are still loaded` : ""}`);
    let project: Project;
    try {
      project = await openProject(path, (done, total, detail) => {
        // Thrown through the loader, which stops reading; the catch below names it.
        if (signal?.aborted === true) throw stopped();
        onProgress?.(done, total, detail);
      });
    } catch (e) {
      throw signal?.aborted === true ? stopped() : e;
    }
    if (signal?.aborted === true) throw stopped();
    this.#use(project, null);
    return {
      project: project.name,
      runCount: project.runs.length,
      schema: project.schema,
      path: project.path,
      issues: project.issues.map((i) => `${i.severity}: ${i.message}`),
      ms: performance.now() - started,
    };
  }

  /** Makes the runs in memory or the database what expressions read, closing the database read before. */
  #use(project: Project | null, database: DuckDbProject | null): void {
    this.#database?.close();
    this.#database = database;
    this.#project = project;
    // Variables described the previous runs.
    this.#values.clear();
    this.#types.clear();
    this.#env = null;
  }

  async #loadDatabase(path: string, started: number): Promise<LoadInfo> {
    const db = await openDatabase(path);
    const count = await db.evaluate("runs.count");
    this.#use(null, db);
    return { project: db.project?.name ?? path, runCount: count as number, schema: db.schema, path, issues: [], ms: performance.now() - started };
  }

  /** `evaluate` over a loaded database: the data side as SQL, the rest as closures; never rejects. */
  async #evaluateInDatabase(db: DuckDbProject, source: string, request: EvalRequest, signal?: AbortSignalLike): Promise<EvalReply> {
    try {
      const host = Object.fromEntries([...this.#values].map(([k, value]) => [k, { value, type: this.#types.get(k)! }]));
      const { type } = db.plan(source, host);
      if (request.explain === true) return { ok: true, text: explanationText(db.explain(source, host)), type, warnings: [], compileMs: 0, runMs: 0 };
      const t0 = performance.now();
      const value = await db.evaluate(source, {
        maxSteps: Number.POSITIVE_INFINITY,
        timeoutMs: Number.POSITIVE_INFINITY,
        ...request.limits,
        ...(signal !== undefined ? { signal } : {}),
        ...(request.now !== undefined ? { now: request.now } : {}),
      }, host);
      const t1 = performance.now();
      this.#keep(request, value, type);
      return { ok: true, text: renderValue(value, { ...request.render, now: request.now ?? Date.now() }), type, warnings: [], compileMs: 0, runMs: t1 - t0 };
    } catch (e) {
      return { ok: false, diagnostics: diagnosticsOf(e, source) };
    }
  }

  #keep(request: EvalRequest, value: Value, type: Type): void {
    for (const name of [request.bind, request.keep === true ? LAST : undefined]) {
      if (name === undefined) continue;
      this.#values.set(name, value);
      this.#types.set(name, type);
      this.#env = null;
    }
  }

  /** Compiles and runs `source` against the runs and variables; never throws (a database's reply comes as a promise). */
  evaluate(source: string, request: EvalRequest, signal?: AbortSignalLike): EvalReply | Promise<EvalReply> {
    if (this.#database !== null) return this.#evaluateInDatabase(this.#database, source, request, signal);
    const project = this.#project;
    if (project === null) {
      return { ok: false, diagnostics: [{ code: "internal_error", severity: "error", message: "no runs are loaded", span: { start: 0, end: 0 } }] };
    }
    try {
      const t0 = performance.now();
      const compiled = compile(source, this.#envFor(project));
      if (request.explain === true) {
        return { ok: true, text: "the runs are in memory: all of it runs as qel's closures (:load FILE.duckdb to query a database)", type: compiled.type, warnings: compiled.warnings, compileMs: 0, runMs: 0 };
      }
      const t1 = performance.now();
      const bindings: Record<string, Value> = { runs: project.runs, ...Object.fromEntries(this.#values) };
      // Ctrl-C stops an evaluation here, so the REPL lifts the step and time budgets; memory budgets stay.
      const value = compiled.run(bindings, {
        maxSteps: Number.POSITIVE_INFINITY,
        timeoutMs: Number.POSITIVE_INFINITY,
        ...request.limits,
        ...(signal !== undefined ? { signal } : {}),
        ...(request.now !== undefined ? { now: request.now } : {}),
      });
      const t2 = performance.now();
      this.#keep(request, value, compiled.type);
      const text = renderValue(value, { ...request.render, now: request.now ?? Date.now() });
      return { ok: true, text, type: compiled.type, warnings: compiled.warnings, compileMs: t1 - t0, runMs: t2 - t1 };
    } catch (e) {
      return { ok: false, diagnostics: diagnosticsOf(e, source) };
    }
  }
}

/** `qel explain`'s text for one expression. */
export function explanationText(x: Explanation): string {
  const lines = x.queries.length === 0 ? ["nothing runs as SQL"] : [];
  for (const q of x.queries) lines.push(`as SQL: ${q.expr}`, `  ${q.sql}`);
  for (const l of x.local) lines.push(`local: ${l.expr}: ${l.reason}`);
  // The SQL quotes the data's keys, which may hold control characters.
  return escapeControlsInLines(lines.join("\n"));
}

/** An Engine over a LocalEngine in this thread: nothing can interrupt its evaluations (for tests and embedding). */
export function inProcessEngine(local = new LocalEngine()): Engine {
  return {
    load: (path, onProgress) => local.load(path, onProgress),
    evaluate: async (source, request) => local.evaluate(source, request),
    interrupt: async () => true,
    close: async () => {},
  };
}
