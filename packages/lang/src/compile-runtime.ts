/**
 * The state of one evaluation (budgets, depth) and the conversions of everything that can go wrong into
 * diagnostics: no raw JavaScript error or stack reaches a caller.
 */
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, groupKeys, kindOf, OpError, Run, User, type Type, type Value } from "@qel/ops";
import { error, InternalError, QelError, type DiagnosticCode } from "./diagnostics.js";
import { clock, type ResolvedRunOptions } from "./limits.js";
import type { Span } from "./source.js";

/** A container's recorded shape packs its size and depth as `size * DEPTH_SLOTS + depth`. */
const DEPTH_SLOTS = 4096;

/** How many steps pass between deadline and abort checks. */
const CHECK_EVERY = 1024;

/** A lambda's frame: slot 0 holds the enclosing frame, then the parameters (the root frame: host variables). */
export type Frame = unknown[];

/** A compiled node. */
export type Code = (f: Frame, c: Ctx) => Value;

/** Budgets and counters of one evaluation. Compiled closures bump `steps` and call `tick` when it passes `next`. */
export class Ctx {
  steps = 0;
  depth = 0;
  /** The step count at which `tick` runs next: the step limit or the next deadline check, whichever is first. */
  next: number;
  readonly maxSteps: number;
  readonly maxDepth: number;
  readonly maxOutput: number;
  readonly maxString: number;
  readonly #deadline: number;
  readonly #signal: ResolvedRunOptions["signal"];
  readonly #shapes = new WeakMap<object, number>();

  constructor(o: ResolvedRunOptions) {
    this.maxSteps = o.maxSteps;
    this.maxDepth = o.maxDepth;
    this.maxOutput = o.maxOutputLength;
    this.maxString = o.maxStringLength;
    this.#deadline = o.timeoutMs === Infinity ? Infinity : clock.now() + o.timeoutMs;
    this.#signal = o.signal;
    this.next = Math.min(this.maxSteps, CHECK_EVERY);
    if (this.#signal?.aborted === true) throw limit("aborted", "the evaluation was aborted", { start: 0, end: 0 });
  }

  /** Called when `steps` passed `next`: enforces the step limit, the deadline and the abort signal. */
  tick(span: Span): void {
    if (this.steps > this.maxSteps) throw limit("step_limit_exceeded", `the evaluation took more than ${this.maxSteps} steps (maxSteps)`, span);
    if (this.#signal?.aborted === true) throw limit("aborted", "the evaluation was aborted", span);
    if (clock.now() > this.#deadline) throw limit("time_limit_exceeded", "the evaluation ran longer than its time limit (timeoutMs)", span);
    this.next = Math.min(this.maxSteps, this.steps + CHECK_EVERY);
  }

  /** Counts `n` steps at once (the elements of a list an op returned). */
  charge(n: number, span: Span): void {
    this.steps += n;
    if (this.steps > this.next) this.tick(span);
  }

  /** Enforces the output limits on a value an op produced (or a list or dict literal built). */
  output(v: Value, span: Span): void {
    if (typeof v === "string") {
      if (v.length > this.maxString) throw limit("output_limit_exceeded", `a string of ${v.length} characters is longer than the limit of ${this.maxString} (maxStringLength)`, span);
    } else if (Array.isArray(v)) {
      if (v.length > this.maxOutput) throw limit("output_limit_exceeded", `a list of ${v.length} elements is longer than the limit of ${this.maxOutput} (maxOutputLength)`, span);
      this.charge(v.length, span);
      this.#shape(v as readonly Value[], span);
    } else if (v instanceof Map) {
      this.#shape(v, span);
    }
  }

  /**
   * Records the expanded size (values held, counting the lists and dicts this evaluation made in full) and the
   * nesting depth of a list or dict, so sharing one list many times (`[acc, acc]` in a reduce) cannot build a
   * value that is exponentially large, or too deep, to print. Containers from the host count as one value.
   */
  #shape(v: readonly Value[] | ReadonlyMap<string, Value>, span: Span): void {
    let size = 0;
    let depth = 0;
    for (const x of Array.isArray(v) ? (v as readonly Value[]) : (v as ReadonlyMap<string, Value>).values()) {
      if (typeof x === "object" && x !== null && (Array.isArray(x) || x instanceof Map)) {
        const s = this.#shapes.get(x);
        const xs = s === undefined ? 1 : Math.floor(s / DEPTH_SLOTS);
        const xd = s === undefined ? 1 : s % DEPTH_SLOTS;
        size += xs;
        if (xd > depth) depth = xd;
      } else {
        size++;
      }
    }
    depth++;
    if (size > this.maxOutput) throw limit("output_limit_exceeded", `a value holding ${size} values in all is larger than the limit of ${this.maxOutput} (maxOutputLength)`, span);
    if (depth > this.maxDepth) throw limit("depth_limit_exceeded", `a value nested more than ${this.maxDepth} deep (maxDepth)`, span);
    this.#shapes.set(v, size * DEPTH_SLOTS + Math.min(depth, DEPTH_SLOTS - 1));
  }

  depthExceeded(span: Span): QelError {
    return limit("depth_limit_exceeded", `calls nested more than ${this.maxDepth} deep (maxDepth)`, span);
  }
}

export function limit(code: DiagnosticCode, message: string, span: Span): QelError {
  return new QelError(error(code, message, span));
}

/**
 * Turns anything thrown while running the node at `span` into a QelError: an OpError keeps its code; the
 * JavaScript engine's stack and length errors become the limits they stand for; a TypeError from an op on bad
 * data is a `runtime_error`; anything else is an `internal_error`. Messages never carry a stack.
 */
export function fail(e: unknown, span: Span, name: string): QelError {
  if (e instanceof QelError) return e;
  if (e instanceof OpError) return new QelError(error(e.code, e.message, span, e.hint !== undefined ? { hint: e.hint } : {}));
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return limit("depth_limit_exceeded", "calls nested too deeply for the JavaScript stack", span);
    if (/invalid (string|array|typed array) length|allocation failed/i.test(e.message)) {
      return limit("output_limit_exceeded", `\`${name}\` produced a value too large to hold`, span);
    }
  }
  if (e instanceof TypeError) return new QelError(error("runtime_error", `\`${name}\` failed on this data: ${e.message}`, span));
  const what = e instanceof InternalError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new QelError(error("internal_error", `\`${name}\` failed unexpectedly (${what}); this is a bug in qel or in the op`, span));
}

/** Whether a runtime value fits a static type (deep for lists of scalars: every element is checked). */
export function matchesValue(v: Value, t: Type): boolean {
  switch (t.kind) {
    case "any":
    case "var":
      return true;
    case "never":
      return false;
    case "null":
      return v === null;
    case "number":
    case "string":
    case "boolean":
      return typeof v === t.kind;
    case "date":
      return v instanceof DateValue;
    case "duration":
      return v instanceof DurationValue;
    case "run":
      return v instanceof Run;
    case "artifactVersion":
      return v instanceof ArtifactVersion;
    case "user":
      return v instanceof User;
    case "function":
      return v instanceof FunctionValue;
    case "dict":
      return v instanceof Map;
    case "union":
      return t.members.some((m) => matchesValue(v, m));
    case "list": {
      if (!Array.isArray(v)) return false;
      if (t.groupKey !== undefined && !groupKeys.has(v)) return false;
      const el = t.element;
      if (el.kind === "any" || el.kind === "var") return true;
      for (const x of v as readonly Value[]) if (!matchesValue(x, el)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** Runtime kinds of some values, for a type-mismatch message: `(string, number)`. */
export function kinds(values: readonly Value[]): string {
  return `(${values.map(kindOf).join(", ")})`;
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
