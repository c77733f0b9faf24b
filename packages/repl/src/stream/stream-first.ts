/**
 * The first pass of a streamed `qel eval` (stream-eval.ts) on one thread: the file read once, each expression
 * checked against the first chunk's schema and its pipeline pushed every run, while the schema of all runs is
 * inferred. stream-parallel.ts gives the same pass from a big JSON Lines file read on worker threads.
 */
import { analyze, streamProgram, type Analysis, type Expr, type RunOptions, type StreamFold } from "@qel/lang";
import { inferSchema, SchemaBuilder, type Run, type RunSchema, type SchemaParts, type Type } from "@qel/ops";
import { RUNS_TYPE } from "../cli/project.js";
import { progressLine } from "../cli/load-line.js";
import type { Io } from "../cli/io.js";
import { describeProgress } from "../loaders/runs-file.js";
import { streamRunsFile, type StreamedFile } from "./stream-file.js";

export interface Expression {
  readonly source: string;
  readonly ast: Expr;
  /** Whether its check may read the runs' schema (mayUseSchema). */
  readonly schema: boolean;
}

export type Env = { readonly variables: Record<string, Type>; readonly schema?: RunSchema };

export const BARE: Env = { variables: { runs: RUNS_TYPE } };

/** What the first pass read and evaluated. */
export interface FirstPass {
  readonly file: StreamedFile;
  /** Each expression checked against the first chunk's schema, and its fold (undefined when that check failed). */
  readonly guessed: readonly Analysis[];
  readonly folds: readonly (StreamFold | undefined)[];
  /** The schema of all runs, inferred for the parts the checks read (undefined when no expression reads it). */
  readonly builder: SchemaBuilder | undefined;
  readonly parts: SchemaParts;
}

/** The first pass over the runs file at `path` on this thread, or undefined when the file cannot be read. */
export async function firstPass(path: string, exprs: readonly Expression[], options: RunOptions, io: Io): Promise<FirstPass | undefined> {
  let guessed: Analysis[] = [];
  let folds: (StreamFold | undefined)[] = [];
  let builder: SchemaBuilder | undefined;
  let parts: SchemaParts = { config: false, summary: false, history: false };
  const file = await read(path, io, (runs) => {
    if (builder === undefined && guessed.length === 0) {
      const guess = watched(inferSchema(runs), (p) => (parts = { ...parts, [p]: true }));
      guessed = exprs.map((e) => analyze(e.ast, e.schema ? { ...BARE, schema: guess } : BARE));
      folds = guessed.map((a) => (a.ok ? streamProgram(a)?.start(options) : undefined));
      if (exprs.some((e) => e.schema)) builder = new SchemaBuilder(parts);
    }
    if (builder !== undefined) for (let i = 0; i < runs.length; i++) builder.add(runs[i]!);
    for (const f of folds) f?.push(runs);
  });
  return file === undefined ? undefined : { file, guessed, folds, builder, parts };
}

/** Reads the runs file at `path` once, handing its runs to `onRuns`, with a progress line; undefined when it cannot be read. */
export async function read(path: string, io: Io, onRuns: (runs: readonly Run[]) => void): Promise<StreamedFile | undefined> {
  const line = progressLine(path, io);
  try {
    return await streamRunsFile(path, onRuns, (p) => line.progress(p.runs, undefined, describeProgress(p)));
  } catch {
    // the load says why it cannot read the file
    return undefined;
  } finally {
    line.close();
  }
}

/** `schema`, calling `onRead` with each part read. */
export function watched(schema: RunSchema, onRead: (part: keyof SchemaParts) => void): RunSchema {
  const part = (p: keyof SchemaParts): RunSchema[keyof SchemaParts] => {
    onRead(p);
    return schema[p];
  };
  return {
    get config() {
      return part("config");
    },
    get summary() {
      return part("summary");
    },
    get history() {
      return part("history");
    },
  };
}
