/**
 * One part of a JSON Lines file evaluated on its own (on a worker thread, stream-worker.ts): its runs loaded as
 * the runs-file loader loads them, each expression's pipeline pushed those runs, and what the main thread needs
 * to merge the parts in file order (stream-parallel.ts) sent back in plain data: each pipeline's partial
 * (StreamFold.partial), the part's issues and lines, its schema counts and its run names.
 */
import { analyze, streamProgram, type RunOptions, type StreamProgram, type Value } from "@qel/lang";
import { inferSchema, SchemaBuilder, T, type LoadIssue, type SchemaCounts, type SchemaParts } from "@qel/ops";
import { loadPart, streamPart } from "@qel/duckdb/parallel";

/** What every part is evaluated with: sent to each worker once. */
export interface PartSetup {
  readonly fileName: string;
  readonly sources: readonly string[];
  /** For each source, whether it is checked against the schema (the first part's, as on the main thread). */
  readonly schema: readonly boolean[];
  /** The file's first part: its runs' schema is the one each expression is first checked against. */
  readonly first: Uint8Array;
  /** The schema parts to count in each part's runs; null when no expression reads the schema. */
  readonly parts: SchemaParts | null;
  /** The limits, with `now` fixed (RunOptions without a signal, which cannot cross threads). */
  readonly options: RunOptions;
}

export interface PartJob {
  readonly seq: number;
  readonly bytes: Uint8Array;
  readonly atFileStart: boolean;
}

/** A pipeline's partial in plain data; `kept` null when the values kept cannot cross threads (lists, dates, runs…). */
export interface FoldPart {
  readonly steps: readonly number[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly count: number;
  readonly kept: Float64Array | readonly (string | boolean | number | null)[] | null;
  readonly failed: boolean;
  /** Milliseconds spent evaluating (the time limit counts these). */
  readonly ms: number;
}

export interface PartReply {
  readonly seq: number;
  readonly runs: number;
  readonly issues: readonly LoadIssue[];
  readonly lines: number;
  readonly entries: number;
  readonly schema: SchemaCounts | null;
  /** The runs' names, one after another, and each one's length. */
  readonly names: string;
  readonly nameLengths: Uint32Array;
  readonly folds: readonly FoldPart[];
  /** The part's buffer, handed back to be read into again (see lineParts). */
  readonly spare: ArrayBuffer;
}

/** What a worker compiles once from its setup. */
export interface PartState {
  readonly setup: PartSetup;
  readonly programs: readonly StreamProgram[];
}

/** The programs of `setup`'s sources, checked against the first part's schema; throws when one does not stream. */
export function setUpParts(setup: PartSetup): PartState {
  const guess = inferSchema(loadPart(setup.first, true, setup.fileName).runs);
  const runs = { runs: T.List(T.Run) };
  const programs = setup.sources.map((source, i) => {
    const a = analyze(source, setup.schema[i] ? { variables: runs, schema: guess } : { variables: runs });
    const program = a.ok ? streamProgram(a) : undefined;
    if (program === undefined) throw new Error(`the expression does not stream: ${source}`);
    return program;
  });
  return { setup, programs };
}

export function evaluatePart(job: PartJob, { setup, programs }: PartState): { reply: PartReply; transfer: ArrayBuffer[] } {
  const builder = setup.parts !== null ? new SchemaBuilder(setup.parts) : undefined;
  const folds = programs.map((p) => p.start(setup.options));
  const ms = folds.map(() => 0);
  const lengths: number[] = [];
  let names = "";
  const part = streamPart(job.bytes, job.atFileStart, setup.fileName, (runs) => {
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i]!;
      builder?.add(r);
      names += r.name;
      lengths.push(r.name.length);
    }
    for (let k = 0; k < folds.length; k++) {
      const started = performance.now();
      folds[k]!.push(runs);
      ms[k]! += performance.now() - started;
    }
  });
  const nameLengths = Uint32Array.from(lengths);
  const spare = job.bytes.buffer as ArrayBuffer;
  const transfer: ArrayBuffer[] = [nameLengths.buffer, spare];
  const parts = folds.map((fold, k): FoldPart => {
    const p = fold.partial();
    const kept = crossing(p.kept);
    if (kept instanceof Float64Array) transfer.push(kept.buffer as ArrayBuffer);
    return { steps: p.steps, inputs: p.inputs, outputs: p.outputs, count: p.count, kept, failed: p.failed, ms: ms[k]! };
  });
  const reply: PartReply = {
    seq: job.seq, runs: lengths.length, issues: part.issues, lines: part.lines, entries: part.entries,
    schema: builder?.counts() ?? null, names, nameLengths, folds: parts, spare,
  };
  return { reply, transfer };
}

/** Kept values as they cross threads unchanged: all numbers in a Float64Array, else strings, booleans, numbers and nulls; else null. */
function crossing(kept: ArrayLike<Value>): FoldPart["kept"] {
  let numbers = true;
  for (let i = 0; i < kept.length; i++) {
    const v = kept[i]!;
    if (typeof v === "number") continue;
    numbers = false;
    if (v !== null && typeof v === "object") return null;
  }
  if (numbers) return Float64Array.from(kept as ArrayLike<number>);
  return Array.from(kept as ArrayLike<string | boolean | number | null>);
}
