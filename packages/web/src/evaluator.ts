/**
 * The page's side of the evaluation worker: queues panel evaluations, delivers each answer to its panel, and
 * cancels one by ending the worker and starting a fresh one over the same runs (the other queued panels are sent
 * again). A panel evaluated again before its answer came drops the older request.
 *
 * The worker answers the first panels unasked (see eval-worker.ts): a panel asking for one of those expressions
 * takes the answer already sent, or waits for it, instead of asking again. Runs served at a URL are fetched here,
 * while the worker starts and loads its language, and given to it as text.
 */
import evalWorkerUrl from "virtual:qel-eval-worker-url";
import type { Answer, FromWorker, LoadedInfo, RunsSource, RunsText, ToWorker } from "./worker/model.js";

export type Outcome = Answer;

interface Job {
  readonly id: number;
  readonly panel: string;
  readonly expr: string;
  readonly done: (o: Outcome) => void;
  /** Asked of the worker (else waiting for an answer the worker sends unasked). */
  sent: boolean;
}

export interface EvaluatorEvents {
  loaded(info: LoadedInfo): void;
  loadFailed(message: string): void;
  schema(schema: unknown): void;
}

/** What the worker evaluates unasked after loading runs: the starter panels, and these expressions. */
export interface FirstPanels {
  readonly starters: boolean;
  readonly early: readonly string[];
}

const NONE: FirstPanels = { starters: false, early: [] };

export class Evaluator {
  #worker: Worker | null = null;
  /** The runs loaded (what a restarted worker loads again); null while the page fetches them. */
  #source: RunsText | null = null;
  #first: FirstPanels = NONE;
  /** Messages for the worker held until the runs being fetched are here. */
  #held: ToWorker[] | null = null;
  /** Counts load() calls, so a fetch that finishes after another load() is dropped. */
  #loads = 0;
  #nextId = 1;
  /** A restarted worker loads the runs again; only the first "loaded" after load() is reported. */
  #reported = false;
  /** Whether the editors want the runs' schema (sent after each load once asked for). */
  #schemaWanted = false;
  /** Asked and unanswered, in order. */
  readonly #pending = new Map<number, Job>();
  /** Answers the worker sent unasked that no panel has taken yet, by expression. */
  readonly #early = new Map<string, Outcome>();
  /** Expressions the worker will answer unasked and has not yet. */
  #expected = new Set<string>();

  /** Events that came before a listener was set (the page's UI loads while the worker already works). */
  readonly #unheard: (() => void)[] = [];
  #events: EvaluatorEvents | null = null;

  /** Where events go; events that arrived before are delivered now. */
  set events(e: EvaluatorEvents) {
    this.#events = e;
    for (const f of this.#unheard.splice(0)) f();
  }

  #emit(f: (e: EvaluatorEvents) => void): void {
    if (this.#events !== null) f(this.#events);
    else this.#unheard.push(() => f(this.#events!));
  }

  /**
   * Loads runs (replacing any loaded before); evaluations asked after this see them. `first`: the panels the page
   * will show first (the starter panels when nothing was saved for these runs, or the saved expressions), which
   * the worker evaluates before it is asked.
   */
  load(source: RunsSource, first: FirstPanels = NONE): void {
    const load = ++this.#loads;
    this.#reported = false;
    this.#early.clear();
    this.#expected = new Set(first.early);
    this.#first = first;
    if (source.kind === "url") {
      this.#source = null;
      this.#held = [];
      void fetchRuns(source.url).then((text) => {
        if (load !== this.#loads) return;
        if (text instanceof Error) return this.#emit((ev) => ev.loadFailed(text.message));
        this.#source = { kind: "text", text, fileName: source.url };
        const held = this.#held ?? [];
        this.#held = null;
        this.#worker?.postMessage({ type: "load", source: this.#source, ...this.#first } satisfies ToWorker);
        for (const m of held) this.#worker?.postMessage(m);
      });
    } else {
      this.#source = source;
      this.#held = null;
    }
    this.#restart();
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
    const job: Job = { id: this.#nextId++, panel, expr, done, sent: false };
    this.#pending.set(job.id, job);
    const ready = this.#early.get(expr);
    if (ready !== undefined) {
      this.#early.delete(expr);
      queueMicrotask(() => this.#answer(job.id, ready));
    } else if (!this.#expected.has(expr)) this.#ask(job);
  }

  /** Whether the panel has an evaluation waiting or running. */
  busy(panel: string): boolean {
    return [...this.#pending.values()].some((j) => j.panel === panel);
  }

  /** Stops the panel's evaluation: a fresh worker takes over the other panels' requests. */
  cancel(panel: string): boolean {
    if (!this.#forget(panel)) return false;
    // The fresh worker answers nothing unasked: what waited for such an answer is asked of it.
    this.#first = NONE;
    this.#expected.clear();
    this.#restart();
    for (const j of this.#pending.values()) this.#ask(j);
    return true;
  }

  #ask(job: Job): void {
    job.sent = true;
    this.#send({ type: "eval", id: job.id, expr: job.expr });
  }

  #forget(panel: string): boolean {
    let found = false;
    for (const [id, j] of this.#pending) if (j.panel === panel) {
      this.#pending.delete(id);
      found = true;
    }
    return found;
  }

  /** A fresh worker over the runs (those being fetched are given to it when they come). */
  #restart(): void {
    this.#worker?.terminate();
    const w = takeStartedWorker() ?? new Worker(evalWorkerUrl, { type: "module", name: "qel-eval" });
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      if (this.#worker === w) this.#receive(e.data);
    };
    w.onerror = (e) => this.#emit((ev) => ev.loadFailed(`the evaluation worker failed: ${e.message}`));
    this.#worker = w;
    if (this.#source !== null) w.postMessage({ type: "load", source: this.#source, ...this.#first } satisfies ToWorker);
  }

  #send(m: ToWorker): void {
    if (this.#worker === null) this.#restart();
    if (this.#held !== null) this.#held.push(m);
    else this.#worker!.postMessage(m);
  }

  #answer(id: number, answer: Outcome): void {
    const job = this.#pending.get(id);
    if (job === undefined) return;
    this.#pending.delete(id);
    job.done(answer);
  }

  #receive(m: FromWorker): void {
    performance.mark(`qel-worker-${m.type}`);
    switch (m.type) {
      case "loaded":
        if (this.#reported) return;
        this.#reported = true;
        for (const expr of m.info.early) this.#expected.add(expr);
        return this.#emit((ev) => ev.loaded(m.info));
      case "load-failed": return this.#emit((ev) => ev.loadFailed(m.message));
      case "schema": return this.#emit((ev) => ev.schema(m.schema));
      case "answer": return this.#answer(m.id, m.answer);
      case "early": {
        this.#expected.delete(m.expr);
        const waiting = [...this.#pending.values()].filter((j) => !j.sent && j.expr === m.expr);
        if (waiting.length === 0) this.#early.set(m.expr, m.answer);
        for (const j of waiting) this.#answer(j.id, m.answer);
      }
    }
  }
}

/** The worker the built page's HTML started before its modules loaded (see vite.config.ts), once; else null. */
function takeStartedWorker(): Worker | null {
  const page = window as { qelWorker?: Worker };
  const w = page.qelWorker ?? null;
  delete page.qelWorker;
  return w;
}

/** The text of the runs served at `url`, or an Error saying why there is none. */
async function fetchRuns(url: string): Promise<string | Error> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.text() : new Error(`${url}: HTTP ${res.status}`);
  } catch (e) {
    return new Error(`${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
