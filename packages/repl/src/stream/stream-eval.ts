/**
 * `qel eval --runs FILE EXPR…` without holding the runs (README.md, "A first session"): when every
 * expression is a pipeline over `runs` (see streamProgram in @qel/lang), the file is read once and each run goes
 * through every expression as it is read. The answers, errors, warnings and load issues are those of loading the
 * file and evaluating each expression over all its runs; where that cannot be known to hold, the caller loads.
 *
 * The schema: an expression reading config, summary or history keys is checked against the keys of all runs. It
 * is first checked against those of the first chunk's runs, while the schema of all runs is inferred in the same
 * pass; when the two checks differ anywhere (a key's type changed further on), the file is read again with the
 * full schema for that expression.
 */
import { analyze, compile, plansAgree, streamProgram, type Analysis, type StreamFold, type StreamReplay, type Value, type Diagnostic, type Expr } from "@qel/lang";
import { inferSchema, SchemaBuilder, type LoadIssue, type Run, type RunSchema, type SchemaParts, type Type } from "@qel/ops";
import type { RunOptions } from "@qel/lang";
import { describeProgress } from "../loaders/runs-file.js";
import { mayUseSchema, RUNS_TYPE } from "../cli/project.js";
import { progressLine } from "../cli/load-line.js";
import type { Io } from "../cli/io.js";
import { streamRunsFile, type StreamedFile } from "./stream-file.js";

/** One expression's outcome: its value and warnings, or what it threw (a QelError, as `Compiled.run` throws). */
export type Outcome = { readonly ok: true; readonly value: Value; readonly warnings: readonly Diagnostic[] } | { readonly ok: false; readonly error: unknown };

export interface StreamedEval {
  readonly issues: readonly LoadIssue[];
  readonly outcomes: readonly Outcome[];
}

interface Expression {
  readonly source: string;
  readonly ast: Expr;
  readonly schema: boolean;
}

type Env = { readonly variables: Record<string, Type>; readonly schema?: RunSchema };

const BARE: Env = { variables: { runs: RUNS_TYPE } };

/**
 * Evaluates `sources` over the runs file at `path` while reading it, or gives undefined when they must be
 * evaluated over the loaded runs instead: an expression that is not a pipeline, a file whose whole load would
 * differ from its runs read one by one (see StreamedFile), a file without runs, or one that cannot be read.
 */
export async function evaluateStreamed(path: string, sources: readonly string[], options: RunOptions, io: Io): Promise<StreamedEval | undefined> {
  const exprs: Expression[] = [];
  for (const source of sources) {
    const a = analyze(source, BARE);
    if (!a.ok || streamProgram(a) === undefined) return undefined;
    exprs.push({ source, ast: a.ast, schema: mayUseSchema(source) });
  }
  // first pass: checked against the first chunk's schema, the whole file's inferred meanwhile
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
  if (file === undefined || file.differs || file.runs === 0) return undefined;

  let missing = false;
  // reading a part of the schema that was not inferred means the check needs what the first pass did not build
  const schema = builder !== undefined ? watched(builder.result(), (p) => (missing ||= !parts[p])) : undefined;
  const full: Env = { ...BARE, ...(schema !== undefined ? { schema } : {}) };
  const envOf = (e: Expression): Env => (e.schema ? full : BARE);
  const outcomes: Outcome[] = [];
  let again: Pending[] = [];
  exprs.forEach((e, i) => {
    const checked = analyze(e.ast, envOf(e));
    const mine = guessed[i];
    const fold = folds[i];
    if (!checked.ok) outcomes[i] = compiledOutcome(e.source, envOf(e));
    else if (mine !== undefined && mine.ok && fold !== undefined && (!e.schema || plansAgree(mine, checked))) {
      outcomes[i] = finished(fold, e.source, envOf(e));
      if (fold.replay !== undefined) again.push({ index: i, analysis: checked, replay: fold.replay });
    } else again.push({ index: i, analysis: checked, replay: undefined });
  });
  if (missing) return undefined;
  // more passes: for expressions whose check by the whole file's schema differs from the first chunk's, then for
  // a step limit passed in a later stage, to find the node where it passed
  while (again.length > 0) {
    const programs = again.map((a) => streamProgram(a.analysis));
    if (programs.some((p) => p === undefined)) return undefined;
    const redo = programs.map((p, k) => p!.start(options, again[k]!.replay));
    const pass = await read(path, io, (runs) => {
      for (const f of redo) f.push(runs);
    });
    if (pass === undefined || pass.differs) return undefined;
    const next: Pending[] = [];
    again.forEach((a, k) => {
      const e = exprs[a.index]!;
      const fold = redo[k]!;
      outcomes[a.index] = finished(fold, e.source, envOf(e));
      if (fold.replay !== undefined && a.replay === undefined) next.push({ ...a, replay: fold.replay });
    });
    again = next;
  }
  return { issues: file.issues, outcomes };
}

/** An expression to evaluate in another pass: checked by the whole file's schema, maybe replaying a stage. */
interface Pending {
  readonly index: number;
  readonly analysis: Analysis;
  readonly replay: StreamReplay | undefined;
}

async function read(path: string, io: Io, onRuns: (runs: readonly Run[]) => void): Promise<StreamedFile | undefined> {
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

/** The outcome of an expression whose check fails: what `compile` throws, as when the runs are loaded. */
function compiledOutcome(source: string, env: Env): Outcome {
  try {
    const c = compile(source, env);
    return { ok: false, error: new Error(`the expression checked: ${c.source}`) };
  } catch (e) {
    return { ok: false, error: e };
  }
}

/** A streamed evaluation's result, with the warnings the loaded path's compile gives. */
function finished(fold: StreamFold, source: string, env: Env): Outcome {
  try {
    const warnings = compile(source, env).warnings;
    return { ok: true, value: fold.finish(), warnings };
  } catch (e) {
    return { ok: false, error: e };
  }
}

/** `schema`, calling `onRead` with each part read. */
function watched(schema: RunSchema, onRead: (part: keyof SchemaParts) => void): RunSchema {
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
