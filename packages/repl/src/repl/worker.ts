/**
 * Runs the REPL's engine in a worker thread. Evaluation is synchronous, so the REPL's thread stays free to read
 * Ctrl-C: it raises a flag in shared memory, which the engine sees through the AbortSignal it hands to the
 * evaluator. If the evaluation does not stop within a grace period, the REPL terminates the worker and starts a
 * fresh one, reloading the runs and replaying the `:let` definitions. A load sees the same flag at each progress
 * step and stops there.
 */
import { parentPort, Worker, workerData } from "node:worker_threads";
import type { AbortSignalLike } from "@qel/lang";
import type { LoadProgress } from "../cli/project.js";
import { LocalEngine, type Engine, type EvalReply, type EvalRequest, type LoadInfo } from "./engine.js";

type Request =
  | { readonly id: number; readonly op: "load"; readonly path: string | undefined }
  | { readonly id: number; readonly op: "evaluate"; readonly source: string; readonly request: EvalRequest };

/** A request before it gets its id. */
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;

type Reply =
  | { readonly id: number; readonly kind: "progress"; readonly done: number; readonly total: number | undefined; readonly detail?: string | undefined }
  | { readonly id: number; readonly kind: "loaded"; readonly info: LoadInfo }
  | { readonly id: number; readonly kind: "evaluated"; readonly reply: EvalReply }
  | { readonly id: number; readonly kind: "failed"; readonly message: string };

/** An abort signal whose `aborted` reads a flag in shared memory, so another thread can set it while this one is busy. */
function sharedSignal(flag: Int32Array): AbortSignalLike {
  return {
    get aborted(): boolean {
      return Atomics.load(flag, 0) === 1;
    },
  };
}

/** The worker side: serves requests from the REPL until the thread is terminated. */
export function serveEngine(): void {
  const port = parentPort;
  if (port === null) return;
  const flag = new Int32Array((workerData as { abort: SharedArrayBuffer }).abort);
  const signal = sharedSignal(flag);
  const engine = new LocalEngine();
  const post = (r: Reply): void => port.postMessage(r);
  const handle = async (req: Request): Promise<void> => {
    if (req.op === "evaluate") {
      post({ id: req.id, kind: "evaluated", reply: await engine.evaluate(req.source, req.request, signal) });
      return;
    }
    const progress: LoadProgress = (done, total, detail) => post({ id: req.id, kind: "progress", done, total, detail });
    try {
      post({ id: req.id, kind: "loaded", info: await engine.load(req.path, progress, signal) });
    } catch (e) {
      post({ id: req.id, kind: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  };
  // One request at a time, in order: an evaluation never sees a half-done load.
  let queue = Promise.resolve();
  port.on("message", (req: Request) => {
    queue = queue.then(() => handle(req));
  });
}

interface Pending {
  readonly resolve: (r: Reply) => void;
  readonly reject: (e: Error) => void;
  readonly onProgress?: LoadProgress | undefined;
}

/**
 * Starts a worker thread running `entry`. The bundle runs as it is; TypeScript sources (running through tsx) need
 * tsx's loader registered inside the new thread first, since Node 20 does not pass loader hooks on to workers.
 */
function startWorker(entry: URL, data: unknown): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData: data });
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** How long a load may take to reach its next progress step after Ctrl-C before the engine is restarted. */
const LOAD_GRACE_MS = 15_000;

/** What a restarted engine must redo to get back to where it was. */
export interface EngineReplay {
  readonly path: string | undefined;
  readonly lets: readonly { readonly name: string; readonly source: string }[];
}

/** Thrown for a request cut short because the engine was restarted. */
export class EngineRestarted extends Error {
  override readonly name = "EngineRestarted";
}

/** The REPL side: an Engine backed by a worker thread started from `entry` (the bundle or src/main.ts). */
export class WorkerEngine implements Engine {
  #worker!: Worker;
  #flag!: Int32Array;
  #next = 1;
  #closed = false;
  /** Loads under way: a load stops at its next chunk or folder, which a busy machine may take seconds to reach. */
  #loads = 0;
  readonly #pending = new Map<number, Pending>();

  constructor(readonly entry: string, readonly replay: () => EngineReplay, readonly graceMs = 1500) {
    this.#spawn();
  }

  #spawn(): void {
    const abort = new SharedArrayBuffer(4);
    this.#flag = new Int32Array(abort);
    this.#worker = startWorker(new URL(this.entry), { qelEngine: true, abort });
    this.#worker.on("message", (r: Reply) => {
      const p = this.#pending.get(r.id);
      if (p === undefined) return;
      if (r.kind === "progress") p.onProgress?.(r.done, r.total, r.detail);
      else {
        this.#pending.delete(r.id);
        p.resolve(r);
      }
    });
    const worker = this.#worker;
    worker.on("error", (e) => this.#failAll(e));
    // An engine that dies on its own (out of memory, a crash) is replaced, so the session goes on.
    worker.on("exit", () => {
      if (this.#closed || worker !== this.#worker) return;
      void this.#restart(new EngineRestarted("the engine stopped unexpectedly and was restarted (runs and variables are restored)"));
    });
  }

  #failAll(e: Error): void {
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
  }

  #send(req: RequestBody, onProgress?: LoadProgress): Promise<Reply> {
    const id = this.#next++;
    // A fresh request starts un-aborted; a Ctrl-C from now on reaches it even before it starts.
    Atomics.store(this.#flag, 0, 0);
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ ...req, id });
    });
  }

  async load(path: string | undefined, onProgress?: LoadProgress): Promise<LoadInfo> {
    this.#loads++;
    let r: Reply;
    try {
      r = await this.#send({ op: "load", path }, onProgress);
    } finally {
      this.#loads--;
    }
    if (r.kind === "loaded") return r.info;
    throw new Error(r.kind === "failed" ? r.message : "unexpected reply");
  }

  async evaluate(source: string, request: EvalRequest): Promise<EvalReply> {
    const r = await this.#send({ op: "evaluate", source, request });
    if (r.kind === "evaluated") return r.reply;
    throw new Error(r.kind === "failed" ? r.message : "unexpected reply");
  }

  async interrupt(): Promise<boolean> {
    if (this.#pending.size === 0) return true;
    Atomics.store(this.#flag, 0, 1);
    const settled = await new Promise<boolean>((resolve) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (this.#pending.size === 0) resolve(true);
        else if (Date.now() - started >= (this.#loads > 0 ? Math.max(this.graceMs, LOAD_GRACE_MS) : this.graceMs)) resolve(false);
        else return;
        clearInterval(poll);
      }, 10);
    });
    if (settled) return true;
    await this.#restart(new EngineRestarted("the evaluation did not stop, so the engine was restarted (runs and variables are restored)"));
    return false;
  }

  async #restart(reason: EngineRestarted): Promise<void> {
    const old = this.#worker;
    this.#failAll(reason);
    void old.terminate();
    this.#spawn();
    const { path, lets } = this.replay();
    try {
      await this.load(path);
      for (const l of lets) await this.evaluate(l.source, { bind: l.name, render: { color: false, width: 80, maxRows: 1 } });
    } catch {
      // The runs may have gone from disk meanwhile; later evaluations report what is missing.
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#failAll(new EngineRestarted("the engine was closed"));
    await this.#worker.terminate();
  }
}
