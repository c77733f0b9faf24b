/**
 * Worker threads that each take parts of a job in turn (a JSON Lines file cut at line ends, line-parts.ts): each
 * part's reply comes back through the promise `run` gave for it, so the caller takes them in file order whatever
 * order they finish in. The worker side is `serveParts`. Node only; nothing here loads DuckDB, so the command's
 * other work on worker threads (qel eval over a big file) uses it too.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parentPort, Worker } from "node:worker_threads";

/** What a part's job and its reply carry: the part's number in file order. */
export interface Part {
  readonly seq: number;
}

type Failure = { readonly seq: number; readonly error: { readonly name: string; readonly message: string } };

/**
 * A worker running the module `name` (without extension) next to the module at URL `here`, in the form that
 * module has: a bundled chunk (`.mjs`, the bundle builds the worker beside it), a compiled package (`.js`), or
 * TypeScript source (tests, benchmarks), which the worker loads through tsx with the `@qel/source` condition, as
 * the process that started it does.
 */
export function moduleWorker(name: string, here: string): Worker {
  const ext = here.slice(here.lastIndexOf("."));
  if (ext !== ".ts") return new Worker(new URL(`./${name}${ext}`, here));
  const tsx = createRequire(here).resolve("tsx/package.json").replace(/package\.json$/, "dist/esm/api/index.mjs");
  const script = new URL(`./${name}.ts`, here).href;
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { eval: true, execArgv: ["--conditions=@qel/source"] });
}

export class WorkerPool<Job extends Part, Reply extends Part> {
  readonly #workers: Worker[] = [];
  readonly #exited = new Set<Worker>();
  readonly #waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();
  #turn = 0;
  #closing = false;
  #failure: { readonly error: unknown } | undefined;

  /** `size` workers from `start` (a pool whose workers need a setup first is sent it with `setUp`). */
  constructor(size: number, start: () => Worker) {
    for (let i = 0; i < size; i++) {
      const w = start();
      w.on("message", (m: Reply | Failure) => this.#settle(m));
      w.on("error", (e) => this.#failAll(e));
      w.on("exit", (code) => {
        this.#exited.add(w);
        if (!this.#closing) this.#failAll(new Error(`a worker thread stopped (exit code ${code})`));
      });
      this.#workers.push(w);
    }
  }

  /**
   * Sends each worker its setup, the first message it is sent (see serveParts): a pool may be started before its
   * setup is known, each worker loading its module meanwhile.
   */
  setUp(setup: unknown): void {
    for (const w of this.#workers) w.postMessage(setup);
  }

  /** Sends `job` to the next worker; the buffers in `transfer` are handed over (they must not be used afterwards). */
  run(job: Job, transfer: readonly ArrayBuffer[] = []): Promise<Reply> {
    const w = this.#workers[this.#turn++ % this.#workers.length]!;
    // a worker that failed (its setup threw, or it stopped) would never answer
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    return new Promise((resolve, reject) => {
      this.#waiting.set(job.seq, { resolve, reject });
      w.postMessage(job, [...transfer]);
    });
  }

  /** Ends the workers: after the parts sent, or at once when `now` (a part failed, or the rest is not wanted). */
  async close(now = false): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((w) => {
      if (this.#exited.has(w)) return undefined;
      if (now) return w.terminate();
      const exited = new Promise((resolve) => w.once("exit", resolve));
      w.postMessage(null);
      return exited;
    }));
  }

  #settle(m: Reply | Failure): void {
    const w = this.#waiting.get(m.seq);
    if (w === undefined) return;
    this.#waiting.delete(m.seq);
    if ("error" in m) {
      const e = new Error(m.error.message);
      e.name = m.error.name;
      w.reject(e);
    } else w.resolve(m);
  }

  #failAll(e: unknown): void {
    this.#failure ??= { error: e };
    for (const w of this.#waiting.values()) w.reject(e);
    this.#waiting.clear();
  }
}

/**
 * The worker side of a WorkerPool: with `setup`, the first message is handed to it and its result to `handle`
 * with each part; each part's reply is posted back (a part that throws posts the error instead), with the buffers
 * `handle` names handed over; null ends the thread.
 */
export function serveParts<Job extends Part, Reply extends Part, S = undefined>(
  handle: (job: Job, state: S) => { readonly reply: Reply; readonly transfer?: readonly ArrayBuffer[] },
  setup?: (message: unknown) => S,
): void {
  const port = parentPort!;
  let state: { value: S } | undefined = setup === undefined ? { value: undefined as S } : undefined;
  port.on("message", (m: Job | null) => {
    // null: no more parts; the thread ends once its port is closed
    if (m === null) return port.close();
    if (state === undefined) {
      state = { value: setup!(m) };
      return;
    }
    try {
      const { reply, transfer = [] } = handle(m, state.value);
      port.postMessage(reply, [...transfer]);
    } catch (e) {
      port.postMessage({ seq: m.seq, error: e instanceof Error ? { name: e.name, message: e.message } : { name: "Error", message: String(e) } });
    }
  });
}
