/**
 * The state of one evaluation (budgets, depth, clock, output limits), the constants and interned keys compiled
 * code holds, and how a built list is returned. What evaluation stops with is in compile-failures.ts.
 */
import { ArtifactVersion, DateValue, DurationValue, FROZEN_LIST_KINDS, FunctionValue, isBuiltInside, Run, User, type Dict, type EvalContext, type Value } from "@qel/ops";
import type { QelError } from "../syntax/diagnostics.js";
import { limit, tooDeep, tooLarge, tooLongList, tooLongString, tooManySteps } from "./compile-failures.js";
import { isAborted, type ResolvedRunOptions } from "./limits.js";
import type { Span } from "../syntax/source.js";

/** A container's recorded shape packs its size and depth as `size * DEPTH_SLOTS + depth`. */
const DEPTH_SLOTS = 4096;

/** A string held in a list or dict counts as one value per this many characters (at least one). */
export const CHARS_PER_VALUE = 100;

/** How many steps pass between deadline and abort checks. */
const CHECK_EVERY = 1024;

/**
 * The steps before an evaluation's first check, which starts the clock of its time limit (see `Ctx.begin`): an
 * evaluation shorter than that, such as a predicate called per run, never reads the clock.
 */
const FIRST_CHECK = 64;

/** Characters or elements ops may handle between two deadline checks (see `Ctx.charge`); a few milliseconds' work. */
const COST_PER_CHECK = 1 << 20;

/** Arguments and results smaller than this are not charged: their work is within a step's. */
export const CHARGED_SIZE = 4096;

/** A lambda's frame: slot 0 holds the enclosing frame, then the parameters (the root frame: host variables). */
export type Frame = unknown[];

/** A compiled node. */
export type Code = (f: Frame, c: Ctx) => Value;

/** The value of each code made by `constant`, so a call can read a literal argument without calling its code. */
const constants = new WeakMap<Code, { readonly value: Value }>();

/**
 * The same string as the engine's one shared copy of it: what an object's property names are. A key or literal
 * cut from the expression's text is a separate copy (often a slice of the whole text), and each dict lookup or
 * `==` with it compares characters; with the shared copy, the keys of dicts read from JSON compare by identity.
 * Taking a property name back from an object is the portable way to get it; the value is unchanged.
 */
export function interned(s: string): string {
  const holder = Object.create(null) as Record<string, true>;
  holder[s] = true;
  for (const k in holder) return k;
  return s;
}

/** A code that always returns `v` (a string as `interned`). */
export function constant(v: Value): Code {
  if (typeof v === "string") v = interned(v);
  const code: Code = () => v;
  constants.set(code, { value: v });
  return code;
}

/** The literal a code always returns, when it was made by `constant`. */
export function constantOf(code: Code): { readonly value: Value } | undefined {
  return constants.get(code);
}

/**
 * The evaluation context: the budgets and counters of one evaluation, its clock (`now`) and string limit, passed
 * to every compiled closure and, as an `EvalContext`, to the op implementations that read it (`contextual`
 * overloads). Nothing about an evaluation lives in module state, so evaluations that interleave (one running inside
 * a host op of another) keep their own clock and limits.
 *
 * A compiled expression keeps one context and reuses it for each evaluation that does not overlap another of the
 * same expression (`begin`/`end`). Reusing it keeps the object's hidden class alive, so a full garbage collection
 * between evaluations does not discard the engine's optimized code for the closures that read it; and a call costs
 * no allocation beyond its result.
 */
export class Ctx implements EvalContext {
  /**
   * Holds one frozen list of each element kind for the life of the program (see FROZEN_LIST_KINDS). A module
   * constant that no code reads is dropped from bundles, or dies once its module has run; this class is reachable
   * from every compiled expression.
   */
  static readonly #listKinds = FROZEN_LIST_KINDS;

  steps = 0;
  depth = 0;
  /** The step count at which `tick` runs next: the step limit or the next deadline check, whichever is first. */
  next = 0;
  maxSteps = 0;
  maxDepth = 0;
  maxOutput = 0;
  maxStringLength = 0;
  /** Whether an evaluation is using this context (a re-entrant one then gets a fresh context). */
  busy = false;
  /** The instant `now()` returns during this evaluation: the host's, or the clock's when first asked for. */
  #now: number | undefined = undefined;
  #timeoutMs = 0;
  /** When the time limit runs out: unknown (NaN) until the first check has read the clock. */
  #deadline = Number.NaN;
  #pausedAt = 0;
  #signal: ResolvedRunOptions["signal"] = undefined;
  /** Recorded shapes of containers this evaluation built (see `#shape`); made on first use, dropped by `end`. */
  #shapes: Map<object, number> | undefined = undefined;
  /** Characters and elements charged since the deadline was last checked. */
  #cost = 0;
  /** When the clock was last read by `charge`, the step count then, and the units of the op that started then. */
  #costAt = 0;
  #costSteps = -1;
  #costUnits = 0;
  /** Milliseconds per unit of the last op measured alone; predicts what the next big op costs. */
  #msPerUnit = 0;

  /**
   * Starts an evaluation under `o`: resets the counters and limits. The clock is not read here: reading it costs
   * as much as a short evaluation. The time limit counts from the first check, at most FIRST_CHECK steps in (or
   * the first op on a long text or list, or the first few thousand values of a host's data read), and `now` is
   * read when first asked for (docs/language.md "Limits").
   */
  begin(o: ResolvedRunOptions): void {
    this.busy = true;
    this.steps = 0;
    this.depth = 0;
    this.maxSteps = o.maxSteps;
    this.maxDepth = o.maxDepth;
    this.maxOutput = o.maxOutputLength;
    this.maxStringLength = o.maxStringLength;
    this.#now = o.now;
    this.#timeoutMs = o.timeoutMs;
    this.#deadline = Number.NaN;
    this.#signal = o.signal;
    this.next = Math.min(this.maxSteps, FIRST_CHECK);
    this.#cost = 0;
    this.#costAt = 0;
    this.#costSteps = -1;
    this.#costUnits = 0;
    this.#msPerUnit = 0;
    if (isAborted(this.#signal)) throw limit("aborted", "the evaluation was aborted", { start: 0, end: 0 });
  }

  /**
   * Stops the clock of the time limit while the host does other work between parts of one evaluation (reading
   * the next runs of a streamed file); `resumeClock` moves the deadline by the time paused.
   */
  pauseClock(): void {
    this.#pausedAt = Date.now();
  }

  resumeClock(): void {
    // a deadline not yet set (NaN) stays unset: the clock starts at the first check after the pause
    this.#deadline += Date.now() - this.#pausedAt;
  }

  /** The instant `now()` returns: fixed for the whole evaluation. */
  get now(): number {
    if (this.#now === undefined) this.#now = Date.now();
    return this.#now;
  }

  /** Ends the evaluation: forgets what it recorded and the host's signal, and frees the context for the next one. */
  end(): void {
    this.#shapes = undefined;
    this.#signal = undefined;
    this.busy = false;
  }

  /** Called when `steps` passed `next`: enforces the step limit, the deadline and the abort signal. */
  tick(span: Span, now?: number): void {
    if (this.steps > this.maxSteps) throw tooManySteps(this.maxSteps, span);
    if (isAborted(this.#signal)) throw limit("aborted", "the evaluation was aborted", span);
    const t = now ?? Date.now();
    if (Number.isNaN(this.#deadline)) this.#deadline = t + this.#timeoutMs;
    else if (t > this.#deadline) throw limit("time_limit_exceeded", "the evaluation ran longer than its time limit (timeoutMs)", span);
    this.next = Math.min(this.maxSteps, this.steps + CHECK_EVERY);
  }

  /**
   * Charges work that grows with the size of an op's argument (`before`: the op is about to run) or result (it
   * has just run), `units` characters or elements. Once COST_PER_CHECK have passed, or for one big value, the
   * deadline and abort signal are checked at once; and an op about to run on a big value is stopped when, at
   * the speed the last big op ran, it would end past the deadline. Counting steps alone let a few hundred steps
   * on megabyte strings outrun the time limit by seconds (language.md "Limits").
   */
  charge(units: number, before: boolean, span: Span): void {
    this.#cost += units;
    if (this.#cost < COST_PER_CHECK && units < COST_PER_CHECK / 16) return;
    this.#cost = 0;
    const now = Date.now();
    // The time since an op started belongs to it alone when no other step ran in between.
    if (this.steps === this.#costSteps && this.#costUnits > 0) this.#msPerUnit = (now - this.#costAt) / this.#costUnits;
    this.#costAt = now;
    this.#costSteps = this.steps;
    this.#costUnits = before ? units : 0;
    this.tick(span, now);
    if (before && now + units * this.#msPerUnit > this.#deadline) {
      throw limit("time_limit_exceeded", "the evaluation would run longer than its time limit (timeoutMs)", span);
    }
  }

  /** Enforces the output limits on a value an op produced (or a list or dict literal built). */
  output(v: Value, span: Span): void {
    if (typeof v === "string") {
      if (v.length > this.maxStringLength) throw tooLongString(v.length, this.maxStringLength, span);
      if (v.length > CHARGED_SIZE) this.charge(v.length, false, span);
    } else if (Array.isArray(v)) {
      this.#length((v as readonly Value[]).length, span);
      this.#shape(v as readonly Value[], span);
    } else if (v instanceof Map) {
      this.#shape(v, span);
    }
  }

  /**
   * The output limits on a value an op returned from the host's own data (a run's artifact list or history):
   * its length and one step per element, as for any list an op returns, but no recorded shape, since containers
   * from the host count as one value (see `#shape`); a dict from the host (a run's config) costs nothing more.
   */
  outputHost(v: Value, span: Span): void {
    if (Array.isArray(v)) this.#length((v as readonly Value[]).length, span);
    else if (!(v instanceof Map)) this.output(v, span);
  }

  /**
   * `output` for a value whose lists, by its static type, hold only values counting one each (`listsAreFlat`):
   * such a list holds as many values as it has elements and is one level deep, so its elements are not walked.
   */
  outputFlat(v: Value, span: Span): void {
    if (!Array.isArray(v)) {
      this.output(v, span);
      return;
    }
    const n = (v as readonly Value[]).length;
    this.#length(n, span);
    if (this.maxDepth < 1) throw tooDeep(this.maxDepth, span);
    if (n !== 1) (this.#shapes ??= new Map()).set(v, n * DEPTH_SLOTS + 1);
  }

  /**
   * `output` for a list whose elements are, by its static type, lists holding only values counting one each
   * (output-measure.ts `Measure.Nested`: groupBy's groups): it finds what `output` finds, measuring each inner
   * list this evaluation built by its length rather than by reading its elements.
   */
  outputNested(v: Value, span: Span): void {
    if (!Array.isArray(v)) {
      this.output(v, span);
      return;
    }
    this.#length((v as readonly Value[]).length, span);
    this.#shape(v as readonly Value[], span, true);
  }

  /** The length limit on a list an op returned, and one step per element. */
  #length(n: number, span: Span): void {
    if (n > this.maxOutput) throw tooLongList(n, this.maxOutput, span);
    this.steps += n;
    if (this.steps > this.next) this.tick(span);
  }

  /**
   * Records the expanded size (values held, counting the lists and dicts this evaluation made in full) and the
   * nesting depth of a list or dict, so sharing one list many times (`[acc, acc]` in a reduce) cannot build a
   * value that is exponentially large, or too deep, to print. Containers from the host count as one value. A
   * container holding exactly one value that is not a recorded container is not recorded: that is the default.
   */
  #shape(v: readonly Value[] | ReadonlyMap<string, Value>, span: Span, flatInside = false): void {
    let packed = 0;
    // an indexed loop over a list: iterating it with for-of made an iterator result per element where the engine
    // had not optimized this method, most of what evaluating `runs.map(runName)` allocated
    if (Array.isArray(v)) {
      const xs = v as readonly Value[];
      for (let i = 0; i < xs.length; i++) packed = flatInside ? this.#holdFlat(packed, xs[i]!, span) : this.#hold(packed, xs[i]!, span);
    } else {
      for (const x of (v as ReadonlyMap<string, Value>).values()) packed = this.#hold(packed, x, span);
    }
    const size = Math.floor(packed / DEPTH_SLOTS);
    const depth = (packed % DEPTH_SLOTS) + 1;
    if (size > this.maxOutput) throw tooLarge(size, this.maxOutput, span);
    if (depth > this.maxDepth) throw tooDeep(this.maxDepth, span);
    if (size === 1 && depth === 1) return;
    (this.#shapes ??= new Map()).set(v, size * DEPTH_SLOTS + Math.min(depth, DEPTH_SLOTS - 1));
  }

  /**
   * Adds one value held to a container's running shape (`size * DEPTH_SLOTS + depth` of what it holds so far): a
   * scalar is one value at depth 0 (a long string one per CHARS_PER_VALUE characters); an empty container held
   * counts as one value, so sharing empty lists cannot build a value for free.
   */
  #hold(packed: number, x: Value, span: Span): number {
    if (x === null || typeof x !== "object") {
      return packed + (typeof x === "string" && x.length > CHARS_PER_VALUE ? Math.ceil(x.length / CHARS_PER_VALUE) : 1) * DEPTH_SLOTS;
    }
    const s = this.#shapeOf(x, span);
    const held = Math.max(1, Math.floor(s / DEPTH_SLOTS));
    const depth = Math.max(packed % DEPTH_SLOTS, s % DEPTH_SLOTS);
    return (Math.floor(packed / DEPTH_SLOTS) + held) * DEPTH_SLOTS + depth;
  }

  /**
   * `#hold` for an element that is, by its static type, null or a list holding only values counting one each: a
   * list this evaluation built is measured, and recorded, as `#shape` would measure it, by its length alone.
   */
  #holdFlat(packed: number, x: Value, span: Span): number {
    if (!Array.isArray(x) || !isBuiltInside(x as readonly Value[])) return this.#hold(packed, x, span);
    const n = (x as readonly Value[]).length;
    if (n > this.maxOutput) throw tooLarge(n, this.maxOutput, span);
    if (this.maxDepth < 1) throw tooDeep(this.maxDepth, span);
    if (n !== 1) (this.#shapes ??= new Map()).set(x, n * DEPTH_SLOTS + 1);
    return (Math.floor(packed / DEPTH_SLOTS) + Math.max(1, n)) * DEPTH_SLOTS + Math.max(packed % DEPTH_SLOTS, 1);
  }

  /**
   * The packed shape of one value held: a scalar is one value at depth 0, a container from the host one at depth
   * 1; a container an op built inside its result (`builtInside`) is measured, and recorded, on first sight.
   */
  #shapeOf(x: Value, span: Span): number {
    if (typeof x === "string") return x.length <= CHARS_PER_VALUE ? DEPTH_SLOTS : Math.ceil(x.length / CHARS_PER_VALUE) * DEPTH_SLOTS;
    if (typeof x !== "object" || x === null || !(Array.isArray(x) || x instanceof Map)) return DEPTH_SLOTS;
    const s = this.#shapes?.get(x);
    if (s !== undefined) return s;
    const c = x as readonly Value[] | ReadonlyMap<string, Value>;
    if (!isBuiltInside(c as readonly Value[] | Dict)) return DEPTH_SLOTS + 1;
    this.#shape(c, span);
    return this.#shapes?.get(x) ?? DEPTH_SLOTS + 1;
  }

  depthExceeded(span: Span): QelError {
    return limit("depth_limit_exceeded", `calls nested more than ${this.maxDepth} deep (maxDepth)`, span);
  }
}

/**
 * A list a closure built, as it is returned: frozen, then checked against the output limits (`flat`: its
 * elements count as one value each by its static type, see output-measure.ts).
 */
export function finishedList(out: Value[], flat: boolean, c: Ctx, span: Span): readonly Value[] {
  Object.freeze(out);
  if (flat) c.outputFlat(out, span);
  else c.output(out, span);
  return out;
}

/** Whether a host function's result is a qel value (anything else is converted, never passed on as it is). */
export function isValue(v: unknown): v is Value {
  if (v === null) return true;
  switch (typeof v) {
    case "number":
    case "string":
    case "boolean":
      return true;
    case "object":
      return Array.isArray(v) || v instanceof Map || v instanceof DateValue || v instanceof DurationValue || v instanceof FunctionValue ||
        v instanceof Run || v instanceof ArtifactVersion || v instanceof User;
    default:
      return false;
  }
}
