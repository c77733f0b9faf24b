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
 *
 * A big JSON Lines file is read on worker threads (stream-parallel.ts), each evaluating a part of the runs;
 * where merging the parts might not give what one thread gives, the file is read on one thread instead.
 */
import { statSync } from "node:fs";
import { analyze, compile, plansAgree, streamProgram, type Analysis, type StreamFold, type StreamReplay, type Value, type Diagnostic } from "@qel/lang";
import type { LoadIssue } from "@qel/ops";
import type { RunOptions } from "@qel/lang";
import { mayUseSchema } from "../cli/project.js";
import type { Io } from "../cli/io.js";
import { BARE, firstPass, read, watched, type Env, type Expression } from "./stream-first.js";
import { firstPassInParts, THREADS, type Threads } from "./stream-parallel.js";

/** One expression's outcome: its value and warnings, or what it threw (a QelError, as `Compiled.run` throws). */
export type Outcome = { readonly ok: true; readonly value: Value; readonly warnings: readonly Diagnostic[] } | { readonly ok: false; readonly error: unknown };

export interface StreamedEval {
  readonly issues: readonly LoadIssue[];
  readonly outcomes: readonly Outcome[];
}

/**
 * Evaluates `sources` over the runs file at `path` while reading it, or gives undefined when they must be
 * evaluated over the loaded runs instead: an expression that is not a pipeline, a file whose whole load would
 * differ from its runs read one by one (see StreamedFile), a file without runs, or one that cannot be read.
 */
export async function evaluateStreamed(path: string, sources: readonly string[], options: RunOptions, io: Io, threads: Threads = THREADS): Promise<StreamedEval | undefined> {
  const exprs: Expression[] = [];
  for (const source of sources) {
    const a = analyze(source, BARE);
    if (!a.ok || streamProgram(a) === undefined) return undefined;
    exprs.push({ source, ast: a.ast, schema: mayUseSchema(source) });
  }
  // first pass: checked against the first chunk's schema, the whole file's inferred meanwhile; a big JSON Lines
  // file's on worker threads, unless that gives up
  const first = (inParts(path, threads) ? await firstPassInParts(path, exprs, options, io, threads) : undefined) ?? (await firstPass(path, exprs, options, io));
  if (first === undefined) return undefined;
  const { file, guessed, folds, builder, parts } = first;
  if (file.differs || file.runs === 0) return undefined;

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

/** Whether the file at `path` is JSON Lines big enough to read on worker threads. */
function inParts(path: string, threads: Threads): boolean {
  if (threads.workers < 0 || !/\.(jsonl|ndjson)$/i.test(path)) return false;
  try {
    return statSync(path).size >= threads.minBytes;
  } catch {
    return false;
  }
}

/** An expression to evaluate in another pass: checked by the whole file's schema, maybe replaying a stage. */
interface Pending {
  readonly index: number;
  readonly analysis: Analysis;
  readonly replay: StreamReplay | undefined;
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
