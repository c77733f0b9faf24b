/**
 * Worker threads that read parts of a JSON Lines file into rows (import-worker.ts). Parts are handed out in turn;
 * each comes back through the promise `run` gave for it, so the caller takes them in file order whatever order
 * they finish in. Node only.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ChunkJob, ChunkRows } from "./import-chunk.js";

type Reply = ChunkRows | { readonly seq: number; readonly error: { readonly name: string; readonly message: string } };

/**
 * A worker running import-worker in the form this module has: the bundled command's chunk (`.mjs`, next to it in
 * the bundle), the compiled package (`.js`), or the TypeScript source (tests, benchmarks), which the worker
 * loads through tsx with the `@qel/source` condition, as the process that started it does.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  const ext = here.slice(here.lastIndexOf("."));
  if (ext !== ".ts") return new Worker(new URL(`./import-worker${ext}`, here));
  const tsx = createRequire(here).resolve("tsx/package.json").replace(/package\.json$/, "dist/esm/api/index.mjs");
  const script = new URL("./import-worker.ts", here).href;
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { eval: true, execArgv: ["--conditions=@qel/source"] });
}

export class ChunkPool {
  readonly #workers: Worker[] = [];
  readonly #exited = new Set<Worker>();
  readonly #waiting = new Map<number, { resolve: (r: ChunkRows) => void; reject: (e: unknown) => void }>();
  #turn = 0;
  #closing = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = startWorker();
      w.on("message", (m: Reply) => this.#settle(m));
      w.on("error", (e) => this.#failAll(e));
      w.on("exit", (code) => {
        this.#exited.add(w);
        if (!this.#closing) this.#failAll(new Error(`an import worker stopped (exit code ${code})`));
      });
      this.#workers.push(w);
    }
  }

  /** Reads `job` on the next worker; `job.bytes`' buffer is handed over (it must not be used afterwards). */
  run(job: ChunkJob): Promise<ChunkRows> {
    const w = this.#workers[this.#turn++ % this.#workers.length]!;
    return new Promise((resolve, reject) => {
      this.#waiting.set(job.seq, { resolve, reject });
      w.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
    });
  }

  /** Ends the workers: after the parts sent, or at once when `now` (a part failed, so the rest is not wanted). */
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

  #settle(m: Reply): void {
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
    for (const w of this.#waiting.values()) w.reject(e);
    this.#waiting.clear();
  }
}
