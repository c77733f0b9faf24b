/**
 * The first pass of a streamed `qel eval` (stream-eval.ts) over a big JSON Lines file, on worker threads: this
 * thread reads the file and cuts it into parts at line ends; each worker (and this thread, for its share) loads a
 * part's runs and pushes them through every expression's pipeline (stream-part.ts); the parts come back in file
 * order and are merged here:
 * each pipeline's partial absorbed by a fold of this thread (StreamFold.absorb), the issues renumbered by the
 * parts before, the schema counts added up, the run names checked for duplicates once all are in (part-names.ts).
 *
 * What comes out is what reading the file on this thread gives (the same folds, issues and schema); where that
 * is in doubt (an expression's error or limit in a part, a step or time limit near, values kept that do not
 * cross threads, an expression numbering its elements) this gives up and the file is read on one thread.
 */
import { availableParallelism } from "node:os";
import { analyze, portableRunOptions, streamProgram, type Analysis, type RunOptions, type StreamFold } from "@qel/lang";
import { concatBytes, inferSchema, SchemaBuilder, type LoadIssue, type Run, type SchemaParts } from "@qel/ops";
import { lineParts, loadPart, moduleWorker, PartIssues, WorkerPool } from "@qel/duckdb/parallel";
import type { Io } from "../cli/io.js";
import { progressLine } from "../cli/load-line.js";
import { describeProgress } from "../loaders/runs-file.js";
import { BARE, watched, type Expression, type FirstPass } from "./stream-first.js";
import { PartNames } from "./part-names.js";
import { PartQueue } from "./part-queue.js";
import { evaluatePart, setUpParts, type PartJob, type PartReply, type PartSetup } from "./stream-part.js";

export interface Threads {
  /**
   * Worker threads besides this one, which evaluates a part whenever it is free while the workers have two each
   * waiting, between reading and merging (part-queue.ts); 0 evaluates every part on this thread (for tests);
   * below 0 reads on one thread.
   */
  readonly workers: number;
  /** JSON Lines files smaller than this are read on one thread: starting workers would cost more than they save. */
  readonly minBytes: number;
  /** Bytes read at a time: a part is the whole lines they hold. */
  readonly partBytes: number;
}

/**
 * This thread and a worker for each other core, for files of 32 MB and more, in parts of 1 MB; none on a single
 * core. A worker per core besides this thread, busy reading and merging, took more CPU time for the same wall time
 * on a shared 2-core machine (three busy threads on two cores).
 */
export const THREADS: Threads = { workers: availableParallelism() > 1 ? availableParallelism() - 1 : -1, minBytes: 32 << 20, partBytes: 1 << 20 };

/** The bytes read before the first pass on one thread infers its first schema. */
const GUESS_BYTES = 1 << 16;

/** The lines of `bytes` up to the first line break after GUESS_BYTES. */
function firstLines(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(10, GUESS_BYTES);
  return end < 0 ? bytes : bytes.subarray(0, end + 1);
}

/** The first pass over the JSON Lines file at `path` on `threads.workers` threads, or undefined when it gives up. */
export async function firstPassInParts(path: string, exprs: readonly Expression[], options: RunOptions, io: Io, threads: Threads): Promise<FirstPass | undefined> {
  let portable: RunOptions | undefined;
  try {
    portable = portableRunOptions(options);
  } catch {
    // invalid options: the pass on one thread reports them as evaluating does
    return undefined;
  }
  if (portable === undefined) return undefined;
  const timeoutMs = portable.timeoutMs!;
  const line = progressLine(path, io);
  const started = Date.now();
  let bytesRead = 0;
  let totalBytes = 0;
  // the parts' buffers come back with their replies and are read into again
  const spare: ArrayBuffer[] = [];
  const pieces = lineParts(path, threads.partBytes, (b, t) => ((bytesRead = b), (totalBytes = t)), spare)[Symbol.asyncIterator]();
  let workers: WorkerPool<PartJob, PartReply> | undefined;
  let exact = false;
  try {
    // the workers load their module while this thread reads the first lines and checks the expressions
    if (threads.workers > 0) workers = new WorkerPool<PartJob, PartReply>(threads.workers, () => moduleWorker("stream-worker", import.meta.url));
    // the expressions are checked against the schema of the first lines holding a run (about as many as the
    // first piece read on one thread), as each worker checks them
    const heads: Uint8Array[] = [];
    let first = new Uint8Array(0);
    let firstRuns: Run[] = [];
    while (firstRuns.length === 0) {
      const next = await pieces.next();
      if (next.done === true) return undefined;
      heads.push(next.value);
      const all = concatBytes(heads);
      first = firstLines(all).slice();
      firstRuns = loadPart(first, true, path).runs;
      if (firstRuns.length === 0 && first.length < all.length) firstRuns = loadPart((first = all.slice()), true, path).runs;
    }
    let parts: SchemaParts = { config: false, summary: false, history: false };
    const guess = watched(inferSchema(firstRuns), (p) => (parts = { ...parts, [p]: true }));
    const guessed: Analysis[] = exprs.map((e) => analyze(e.ast, e.schema ? { ...BARE, schema: guess } : BARE));
    const programs = guessed.map((a) => (a.ok ? streamProgram(a) : undefined));
    if (programs.some((p) => p === undefined || p.indexed)) return undefined;
    const folds: StreamFold[] = programs.map((p) => p!.start(portable));
    const builder = exprs.some((e) => e.schema) ? new SchemaBuilder(parts) : undefined;
    const setup: PartSetup = { fileName: path, sources: exprs.map((e) => e.source), schema: exprs.map((e) => e.schema), first, parts: builder !== undefined ? parts : null, options: portable };
    workers?.setUp(setup);
    const here = setUpParts(setup);
    const queue = new PartQueue<PartJob, PartReply>(workers, threads.workers, 2, (job) => evaluatePart(job, here).reply, (job) => [job.bytes.buffer as ArrayBuffer]);

    const issues = new PartIssues();
    const names = new PartNames();
    let runs = 0;
    let ms = 0;
    /** Merges the next part; false when the merge may not give what one thread would. */
    const take = (r: PartReply): boolean => {
      spare.push(r.spare);
      issues.take(r);
      if (builder !== undefined) builder.addCounts(r.schema!);
      names.add(r.names, r.nameLengths);
      runs += r.runs;
      for (let k = 0; k < folds.length; k++) {
        const f = r.folds[k]!;
        ms += f.ms;
        if (f.kept === null || !folds[k]!.absorb({ ...f, kept: f.kept })) return false;
      }
      if (io.stderr.isTTY === true) line.progress(runs, undefined, describeProgress({ runs, bytes: bytesRead, totalBytes, ms: Date.now() - started }));
      // the time limit counts the time spent evaluating, here the parts' in all: past it, the file is read on one
      // thread, which stops at the node where it trips. (Half the limit gave up on 1 000 000 runs on a busy 2-core
      // machine, where each part's time stretches, and read the file twice.)
      return ms <= timeoutMs;
    };
    // parts sent and not yet merged, in file order; each is caught at once, so one failing while an earlier one is
    // awaited is not an unhandled rejection (it is thrown when its turn comes)
    const sent: Promise<PartReply>[] = [];
    let seq = 0;
    const send = (bytes: Uint8Array): void => {
      const reply = queue.evaluate({ seq, bytes, atFileStart: seq === 0 });
      seq++;
      reply.catch(() => undefined);
      sent.push(reply);
    };
    for (const h of heads) send(h);
    // enough parts ahead that a thread slowed down by other work on the machine does not leave the others waiting
    const inFlight = 4 * (threads.workers + 1);
    for (let next = await pieces.next(); next.done !== true; next = await pieces.next()) {
      send(next.value);
      if (sent.length >= inFlight && !take(await sent.shift()!)) return undefined;
    }
    while (sent.length > 0) if (!take(await sent.shift()!)) return undefined;
    exact = true;
    const duplicates: LoadIssue[] = [];
    names.report({ file: path, issues: duplicates });
    return { file: { runs, project: null, issues: [...issues.issues, ...duplicates], differs: false }, guessed, folds, builder, parts };
  } catch {
    // a worker that failed or stopped: the pass on one thread reads the file
    return undefined;
  } finally {
    line.close();
    await pieces.return?.(undefined);
    await workers?.close(!exact);
  }
}
