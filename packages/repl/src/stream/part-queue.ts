/**
 * Who evaluates each part of a file read in parts (stream-parallel.ts): the worker threads, or this thread, which
 * also reads the file and merges the replies. A part waits in file order until a worker has room (fewer than
 * `perWorker` parts sent to it and not back), or until this thread is free while every worker has that many. The
 * choice is made when a thread is free, not when the part is read: a part promised to this thread while it was
 * busy had left the workers idle (about a sixth of a worker's time on 1 000 000 runs).
 */
import type { Part, WorkerPool } from "@qel/duckdb/parallel";

interface Waiting<Job, Reply> {
  readonly job: Job;
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: unknown) => void;
}

export class PartQueue<Job extends Part, Reply extends Part> {
  readonly #waiting: Waiting<Job, Reply>[] = [];
  #atWorkers = 0;
  #scheduled = false;
  readonly #room: number;

  /**
   * `here` evaluates a part on this thread; `transfer` gives the buffers a part hands over to a worker. With no
   * workers every part is evaluated here.
   */
  constructor(
    private readonly workers: WorkerPool<Job, Reply> | undefined,
    workerCount: number,
    perWorker: number,
    private readonly here: (job: Job) => Reply,
    private readonly transfer: (job: Job) => ArrayBuffer[],
  ) {
    this.#room = workers === undefined ? 0 : workerCount * perWorker;
  }

  /** The reply to `job`, from whichever thread is free first. */
  evaluate(job: Job): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  /** Sends waiting parts to the workers while they have room; if parts still wait, this thread takes one soon. */
  #dispatch(): void {
    while (this.#waiting.length > 0 && this.#atWorkers < this.#room) {
      const { job, resolve, reject } = this.#waiting.shift()!;
      this.#atWorkers++;
      this.workers!.run(job, this.transfer(job)).then(
        (reply) => (this.#back(), resolve(reply)),
        (error: unknown) => (this.#back(), reject(error)),
      );
    }
    if (this.#waiting.length > 0 && !this.#scheduled) {
      this.#scheduled = true;
      // after the reads and the workers' replies already in, so the workers are given parts first
      setImmediate(() => this.#takeOne());
    }
  }

  #back(): void {
    this.#atWorkers--;
    this.#dispatch();
  }

  /** Evaluates the oldest waiting part on this thread (unless a worker has room for it by now). */
  #takeOne(): void {
    this.#scheduled = false;
    this.#dispatch();
    const next = this.#waiting.shift();
    if (next !== undefined) {
      try {
        next.resolve(this.here(next.job));
      } catch (e) {
        next.reject(e);
      }
    }
    this.#dispatch();
  }
}
