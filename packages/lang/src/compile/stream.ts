/**
 * Streamed evaluation: a pipeline over `runs` (stream-shape.ts) evaluated over runs fed in batches, in order,
 * keeping no run that a result does not hold. It gives what `compile(…).run({ runs })` gives over all the runs
 * at once: the same closures run on each run (compile-hot.ts's loops, unrolled one run at a time), the same steps
 * are counted for each stage, and errors are reported as the whole-list evaluation meets them: an error in an
 * earlier stage before any in a later one, within a stage the first run's, and a step limit where the steps of
 * the stages before it and its own pass the budget. The elements reaching an op that reads them (`sum`, `avg`,
 * `min`, `max`) are kept (not the runs) and handed to that op's own call at the end; `count` keeps none.
 *
 * Steps: each stage counts its own, in run order; only the first stage's are limited as they are counted. A later
 * stage's budget is what the stages before it leave, known once all runs are in: passing it is reported at the
 * stage's call, and a replay of the same runs (`StreamFold.replay`) finds the node whose step passed it. The time
 * limit counts only the time spent evaluating (the clock is paused between batches).
 */
import type { Run, Value } from "@qel/ops";
import type { Checked } from "../check/check-plan.js";
import type { Span } from "../syntax/source.js";
import type { QelError } from "../syntax/diagnostics.js";
import { compileOpCall } from "./compile-call.js";
import type { InlineLambda } from "./compile-hot.js";
import { Compiler } from "./compile-nodes.js";
import { CHARGED_SIZE, Ctx, type Code, type Frame } from "./compile-runtime.js";
import { fail, tooDeep, tooLongList, tooManySteps } from "./compile-failures.js";
import { resolveRunOptions, type RunOptions } from "./limits.js";
import { streamShape, type StreamShape } from "./stream-shape.js";

export { plansAgree } from "./stream-shape.js";

/** A streamable expression, compiled. */
export interface StreamProgram {
  /**
   * Starts an evaluation under `options` (the limits and clock of `Compiled.run`); with `replay`, one that finds
   * where the step limit passes in a later stage (see StreamFold.replay).
   */
  start(options?: RunOptions, replay?: StreamReplay): StreamFold;
  /**
   * Whether a map stage reads each element's index (a second lambda parameter): runs evaluated in parts apart
   * (StreamFold.partial) would number each part's from 0, so they must go through one fold in order.
   */
  readonly indexed: boolean;
}

/**
 * What a fold counted over some runs and kept of them, for another fold to take as if the runs had been pushed
 * to it (StreamFold.absorb): a file cut into parts whose runs are evaluated apart, on other threads.
 */
export interface StreamPartial {
  /** Steps each stage counted, besides those of starting the fold. */
  readonly steps: readonly number[];
  /** Elements that reached and that passed each stage. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** Elements that came out of the last stage: counted, or kept (when the fold keeps them). */
  readonly count: number;
  readonly kept: ArrayLike<Value>;
  /** A stage met an error, or the evaluation its time limit: where the whole evaluation stops is not known. */
  readonly failed: boolean;
}

/** A stage whose steps pass the step limit, and the steps the stages before it left it. */
export interface StreamReplay {
  readonly stage: number;
  readonly budget: number;
}

/** One streamed evaluation: runs in, in order, then the result. */
export interface StreamFold {
  /** Evaluates the next runs; never throws (an error is kept for `finish`). */
  push(runs: readonly Run[]): void;
  /** The result over every run pushed; throws the QelError `Compiled.run` would. */
  finish(): Value;
  /**
   * Set when `finish` threw a step limit passed in a stage after the first, known only once every stage's steps
   * were counted: it names the stage's call, not the node whose step passed the limit. The same runs pushed
   * again through `start(options, replay)` give that node.
   */
  readonly replay: StreamReplay | undefined;
  /** What the runs pushed so far gave (no more runs are pushed after it). */
  partial(): StreamPartial;
  /**
   * Takes another fold's partial as the runs it was made of pushed after those pushed here, and says whether
   * `finish` still gives what pushing them would have: not when it failed, nor when the first stage's steps pass
   * the step limit (pushing them would have stopped at the node where they did), nor when it kept values that
   * are not scalars (numbers, strings, booleans, null).
   */
  absorb(p: StreamPartial): boolean;
}

interface Stage {
  readonly kind: "filter" | "map";
  readonly fn: InlineLambda;
  readonly span: Span;
  /** Elements that reached this stage (the index a two-parameter map lambda gets). */
  inputs: number;
  /** Elements this stage passed on. */
  outputs: number;
  steps: number;
  /** The steps counted when the fold started (see StreamPartial.steps). */
  startSteps: number;
  next: number;
  /** The first error this stage met, and its step count then. */
  failed: QelError | undefined;
  stepsAtFailure: number;
}

/** The program for a checked expression without errors (as compile takes), or undefined when it is not a pipeline over `runs` (see stream-shape.ts). */
export function streamProgram(checked: Checked): StreamProgram | undefined {
  const shape = streamShape(checked);
  if (shape === undefined) return undefined;
  const compiler = new Compiler(checked);
  const fns = shape.stages.map((s) => compiler.inline(s.lambda));
  const terminal = shape.terminal;
  // each stage's list is built only when kept, else its output limits are counted as the list would be, which
  // needs elements counting one value each (output-measure.ts `listsAreFlat`)
  const flat = shape.stages.map((s) => compiler.flat(s.call));
  if (flat.some((f, i) => !f && i < flat.length - 1)) return undefined;
  // the elements are kept when the result is the list, or the op reads them, or their list's size is measured
  const keep = terminal?.kind !== "count" || flat[flat.length - 1] === false;
  const finalCall: Code | undefined = terminal?.kind === "elements"
    ? compileOpCall(terminal.plan, [(f) => f[1] as Value], terminal.call.span, undefined, compiler.measure(terminal.call))
    : undefined;
  const slots = checked.variables.length + 1;
  const indexed = shape.stages.some((s) => s.kind === "map" && s.lambda.params.length > 1);
  return { start: (options, replay) => new Fold(shape, fns, flat, keep, finalCall, slots, checked.ast.span, options, replay), indexed };
}

/**
 * `options` as plain data for evaluating parts on other threads alike (StreamPartial): every limit, and `now`
 * fixed to this instant when not given, as epoch milliseconds. Undefined when they hold an abort signal, which
 * cannot be sent. Throws the QelError `Compiled.run` throws for invalid options.
 */
export function portableRunOptions(options: RunOptions | undefined): RunOptions | undefined {
  const { signal, now, ...limits } = resolveRunOptions(options);
  return signal === undefined ? { ...limits, now: now ?? Date.now() } : undefined;
}

class Fold implements StreamFold {
  readonly #c = new Ctx();
  readonly #stages: Stage[];
  readonly #max: number;
  readonly #root: Frame;
  readonly #kept: Value[] = [];
  #count = 0;
  /** An error that ends the evaluation whatever the other stages meet (the time limit). */
  #fatal: QelError | undefined = undefined;
  replay: StreamReplay | undefined = undefined;

  constructor(
    readonly shape: StreamShape, fns: readonly InlineLambda[], readonly flat: readonly boolean[], readonly keep: boolean,
    readonly finalCall: Code | undefined, slots: number, readonly span: Span, options: RunOptions | undefined,
    readonly replaying: StreamReplay | undefined,
  ) {
    const opts = resolveRunOptions(options);
    this.#max = opts.maxSteps;
    this.#root = new Array<unknown>(slots).fill(null);
    this.#stages = shape.stages.map((s, i) => ({
      kind: s.kind, fn: fns[i]!, span: s.call.span, inputs: 0, outputs: 0, steps: 0, startSteps: 0, next: 0, failed: undefined, stepsAtFailure: 0,
    }));
    const c = this.#c;
    c.begin(opts);
    // only the first stage's steps are limited as they are counted (and a replayed stage's): the others' budget is
    // what the stages before leave
    this.#stages.forEach((st, i) => {
      st.next = Math.min(this.#limit(i), 1024);
      this.#run(st, i, () => {
        if (++c.steps > c.next) c.tick(st.span);
      });
      st.startSteps = st.steps;
    });
    c.pauseClock();
  }

  push(runs: readonly Run[]): void {
    if (this.#fatal !== undefined) return;
    const c = this.#c;
    c.resumeClock();
    const stages = this.#stages;
    for (let r = 0; r < runs.length; r++) {
      let v: Value = runs[r]!;
      let passed = true;
      for (let i = 0; i < stages.length && passed; i++) {
        const st = stages[i]!;
        if (st.failed !== undefined) {
          passed = false;
          break;
        }
        const x = v;
        passed = this.#run(st, i, () => {
          const out = this.#call(st, x);
          if (st.kind === "map") v = out;
          return st.kind === "map" || out === true;
        }) === true;
        if (passed) st.outputs++;
        if (this.#fatal !== undefined) return;
      }
      if (!passed) continue;
      if (this.keep) this.#kept.push(v);
      else this.#count++;
    }
    c.pauseClock();
  }

  partial(): StreamPartial {
    const stages = this.#stages;
    return {
      steps: stages.map((st) => st.steps - st.startSteps), inputs: stages.map((st) => st.inputs), outputs: stages.map((st) => st.outputs),
      count: this.#count, kept: this.#kept, failed: this.#fatal !== undefined || stages.some((st) => st.failed !== undefined),
    };
  }

  absorb(p: StreamPartial): boolean {
    if (p.failed || this.#fatal !== undefined || this.#stages.some((st) => st.failed !== undefined)) return false;
    this.#stages.forEach((st, i) => {
      st.steps += p.steps[i]!;
      st.inputs += p.inputs[i]!;
      st.outputs += p.outputs[i]!;
    });
    this.#count += p.count;
    let scalars = true;
    for (let i = 0; i < p.kept.length; i++) {
      const v = p.kept[i]!;
      // a list or dict built in another fold was measured there: this fold's output limits cannot measure it again
      if (v !== null && typeof v === "object") scalars = false;
      this.#kept.push(v);
    }
    return scalars && (this.#stages[0] === undefined || this.#stages[0].steps <= this.#max);
  }

  /** One element through a stage's lambda, as the loops of compile-hot.ts run it. */
  #call(st: Stage, x: Value): Value {
    const c = this.#c;
    const { body, span: at, arity } = st.fn;
    if (++c.steps > c.next) c.tick(at);
    if (++c.depth > c.maxDepth) throw c.depthExceeded(at);
    const index = st.inputs++;
    // a fresh frame for each element, as the loops give a body whose lambdas may capture it
    const frame: Frame = arity === 2 ? [this.#root, x, index] : [this.#root, x];
    const out = body(frame, c);
    c.depth--;
    return out;
  }

  #limit(i: number): number {
    return i === 0 ? this.#max : i === this.replaying?.stage ? this.replaying.budget : Number.POSITIVE_INFINITY;
  }

  /** The step limit passed in stage `i`, `steps` counted before it: its node is found by a replay. */
  #passed(i: number, steps: number): never {
    this.replay = { stage: i, budget: this.#max - steps };
    throw tooManySteps(this.#max, this.#stages[i]!.span);
  }

  /** Runs `f` on stage `i`'s step count; an error is kept as the stage's (a time limit as the evaluation's). */
  #run<R>(st: Stage, i: number, f: () => R): R | undefined {
    const c = this.#c;
    c.steps = st.steps;
    c.next = st.next;
    c.maxSteps = this.#limit(i);
    try {
      return f();
    } catch (e) {
      const err = fail(e, this.span, "evaluation");
      const code = err.diagnostic.code;
      if (code === "time_limit_exceeded" || code === "aborted") this.#fatal = err;
      else if (st.failed === undefined) {
        st.failed = err;
        st.stepsAtFailure = c.steps;
      }
      c.depth = 0;
      return undefined;
    } finally {
      st.steps = c.steps;
      st.next = c.next;
    }
  }

  finish(): Value {
    const c = this.#c;
    c.resumeClock();
    try {
      if (this.#fatal !== undefined) throw this.#fatal;
      let steps = 0;
      const stages = this.#stages;
      for (let i = 0; i < stages.length; i++) {
        const st = stages[i]!;
        if (st.failed !== undefined) {
          if (i > 0 && i !== this.replaying?.stage && steps + st.stepsAtFailure > this.#max) this.#passed(i, steps);
          const d = st.failed.diagnostic;
          // a replayed stage counted against what was left of the limit: the message names the limit
          if (i === this.replaying?.stage && d.code === "step_limit_exceeded") throw tooManySteps(this.#max, d.span);
          throw st.failed;
        }
        if (steps + st.steps > this.#max) this.#passed(i, steps);
        steps += st.steps;
        if (i < stages.length - 1 || !this.keep) {
          // the list this stage would have built: its length limit and one step per element
          if (st.outputs > c.maxOutput) throw tooLongList(st.outputs, c.maxOutput, st.span);
          steps += st.outputs;
          if (steps > this.#max) throw tooManySteps(this.#max, st.span);
          if (c.maxDepth < 1) throw tooDeep(c.maxDepth, st.span);
        }
      }
      c.maxSteps = this.#max;
      c.steps = steps;
      c.next = Math.min(this.#max, steps);
      const kept = Object.freeze(this.#kept);
      const last = stages[stages.length - 1];
      if (this.keep && last !== undefined) {
        if (this.flat[stages.length - 1] === true) c.outputFlat(kept, last.span);
        else c.output(kept, last.span);
      }
      const terminal = this.shape.terminal;
      if (terminal === undefined) return kept;
      if (terminal.kind === "elements") return this.finalCall!([this.#root, kept], c);
      const n = this.keep ? kept.length : this.#count;
      if (++c.steps > c.next) c.tick(terminal.call.span);
      if (n > CHARGED_SIZE) c.charge(n, true, terminal.call.span);
      return n;
    } catch (e) {
      throw fail(e, this.span, "evaluation");
    } finally {
      c.end();
    }
  }
}
