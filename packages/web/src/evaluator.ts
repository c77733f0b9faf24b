/**
 * The page's side of the evaluation worker: queues panel evaluations, delivers each answer to its panel, and
 * cancels one by ending the worker and starting a fresh one over the same runs (the other queued panels are sent
 * again). A panel evaluated again before its answer came drops the older request.
 */
import evalWorkerUrl from "virtual:qel-eval-worker-url";
import type { ErrorModel, FromWorker, LoadedInfo, ResultModel, RunsSource, ToWorker } from "./worker/model.js";

export type Outcome = { readonly ok: true; readonly result: ResultModel; readonly ms: number } | { readonly ok: false; readonly error: ErrorModel; readonly ms: number };

interface Job {
  readonly id: number;
  readonly panel: string;
  readonly expr: string;
  readonly done: (o: Outcome) => void;
}

export interface EvaluatorEvents {
  loaded(info: LoadedInfo): void;
  loadFailed(message: string): void;
  schema(schema: unknown): void;
}

export class Evaluator {
  #worker: Worker | null = null;
  #source: RunsSource | null = null;
  #nextId = 1;
  /** A restarted worker loads the runs again; only the first "loaded" after load() is reported. */
  #reported = false;
  /** Whether the editors want the runs' schema (sent after each load once asked for). */
  #schemaWanted = false;
  /** Sent and unanswered, in order. */
  readonly #pending = new Map<number, Job>();

  /** Events that came before a listener was set (the page's UI loads while the worker already works). */
  readonly #early: (() => void)[] = [];
  #events: EvaluatorEvents | null = null;

  /** Where events go; events that arrived before are delivered now. */
  set events(e: EvaluatorEvents) {
    this.#events = e;
    for (const f of this.#early.splice(0)) f();
  }

  #emit(f: (e: EvaluatorEvents) => void): void {
    if (this.#events !== null) f(this.#events);
    else this.#early.push(() => f(this.#events!));
  }

  /**
   * Loads runs (replacing any loaded before); evaluations sent after this see them. `starters`: the page will show
   * the starter panels (nothing was saved for these runs), so the worker evaluates them before it is asked.
   */
  load(source: RunsSource, starters: boolean): void {
    this.#source = source;
    this.#reported = false;
    this.#restart(starters);
    if (this.#schemaWanted) this.#send({ type: "schema" });
  }

  /** Asks for the runs' schema (for the editors), after the evaluations already asked for; again after each load. */
  wantSchema(): void {
    this.#schemaWanted = true;
    this.#send({ type: "schema" });
  }

  /** Evaluates `expr` for `panel`; an earlier unanswered request of the same panel is dropped. */
  evaluate(panel: string, expr: string, done: (o: Outcome) => void): void {
    this.#forget(panel);
    const job: Job = { id: this.#nextId++, panel, expr, done };
    this.#pending.set(job.id, job);
    this.#send({ type: "eval", id: job.id, expr });
  }

  /** Whether the panel has an evaluation waiting or running. */
  busy(panel: string): boolean {
    return [...this.#pending.values()].some((j) => j.panel === panel);
  }

  /** Stops the panel's evaluation: a fresh worker takes over the other panels' requests. */
  cancel(panel: string): boolean {
    if (!this.#forget(panel)) return false;
    const rest = [...this.#pending.values()];
    this.#restart(false);
    for (const j of rest) this.#send({ type: "eval", id: j.id, expr: j.expr });
    return true;
  }

  #forget(panel: string): boolean {
    let found = false;
    for (const [id, j] of this.#pending) if (j.panel === panel) {
      this.#pending.delete(id);
      found = true;
    }
    return found;
  }

  /** A fresh worker over the runs; `starters` when the page may show the starter panels for them. */
  #restart(starters = false): void {
    this.#worker?.terminate();
    const w = new Worker(evalWorkerUrl, { type: "module", name: "qel-eval" });
    w.onmessage = (e: MessageEvent<FromWorker>) => this.#receive(e.data);
    w.onerror = (e) => this.#emit((ev) => ev.loadFailed(`the evaluation worker failed: ${e.message}`));
    this.#worker = w;
    if (this.#source !== null) this.#send({ type: "load", source: this.#source, starters });
  }

  #send(m: ToWorker): void {
    if (this.#worker === null) this.#restart();
    this.#worker!.postMessage(m);
  }

  #receive(m: FromWorker): void {
    performance.mark(`qel-worker-${m.type}`);
    switch (m.type) {
      case "loaded":
        if (this.#reported) return;
        this.#reported = true;
        return this.#emit((ev) => ev.loaded(m.info));
      case "load-failed": return this.#emit((ev) => ev.loadFailed(m.message));
      case "schema": return this.#emit((ev) => ev.schema(m.schema));
      case "result":
      case "error": {
        const job = this.#pending.get(m.id);
        if (job === undefined) return;
        this.#pending.delete(m.id);
        job.done(m.type === "result" ? { ok: true, result: m.result, ms: m.ms } : { ok: false, error: m.error, ms: m.ms });
      }
    }
  }
}
