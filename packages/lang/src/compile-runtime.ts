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

/** The value of each code made by `constant`, so a call can read a literal argument without calling its code. */
const constants = new WeakMap<Code, { readonly value: Value }>();

/** A code that always returns `v`. */
export function constant(v: Value): Code {
  const code: Code = () => v;
  constants.set(code, { value: v });
  return code;
}

/** The literal a code always returns, when it was made by `constant`. */
export function constantOf(code: Code): { readonly value: Value } | undefined {
  return constants.get(code);
}

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

  /** Enforces the output limits on a value an op produced (or a list or dict literal built). */
  output(v: Value, span: Span): void {
    if (typeof v === "string") {
      if (v.length > this.maxString) throw tooLongString(v.length, this.maxString, span);
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
   * from the host count as one value (see `#shape`).
   */
  outputHost(v: Value, span: Span): void {
    if (Array.isArray(v)) this.#length((v as readonly Value[]).length, span);
    else this.output(v, span);
  }

  /**
   * `output` for a value whose lists, by its static type, never hold a list or dict: such a list holds as many
   * values as it has elements and is one level deep, so its elements are not walked.
   */
  outputFlat(v: Value, span: Span): void {
    if (!Array.isArray(v)) {
      this.output(v, span);
      return;
    }
    const n = (v as readonly Value[]).length;
    this.#length(n, span);
    if (this.maxDepth < 1) throw tooDeep(this.maxDepth, span);
    if (n !== 1) this.#shapes.set(v, n * DEPTH_SLOTS + 1);
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
  #shape(v: readonly Value[] | ReadonlyMap<string, Value>, span: Span): void {
    let size = 0;
    let depth = 0;
    if (Array.isArray(v)) {
      const xs = v as readonly Value[];
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i]!;
        if (typeof x !== "object" || x === null || !(Array.isArray(x) || x instanceof Map)) {
          size++;
          continue;
        }
        const s = this.#shapes.get(x);
        if (s === undefined) {
          size++;
          if (depth < 1) depth = 1;
        } else {
          size += Math.floor(s / DEPTH_SLOTS);
          const xd = s % DEPTH_SLOTS;
          if (xd > depth) depth = xd;
        }
      }
    } else {
      for (const x of (v as ReadonlyMap<string, Value>).values()) {
        if (typeof x !== "object" || x === null || !(Array.isArray(x) || x instanceof Map)) {
          size++;
          continue;
        }
        const s = this.#shapes.get(x);
        if (s === undefined) {
          size++;
          if (depth < 1) depth = 1;
        } else {
          size += Math.floor(s / DEPTH_SLOTS);
          const xd = s % DEPTH_SLOTS;
          if (xd > depth) depth = xd;
        }
      }
    }
    depth++;
    if (size > this.maxOutput) throw tooLarge(size, this.maxOutput, span);
    if (depth > this.maxDepth) throw tooDeep(this.maxDepth, span);
    if (size === 1 && depth === 1) return;
    this.#shapes.set(v, size * DEPTH_SLOTS + Math.min(depth, DEPTH_SLOTS - 1));
  }

  depthExceeded(span: Span): QelError {
    return limit("depth_limit_exceeded", `calls nested more than ${this.maxDepth} deep (maxDepth)`, span);
  }
}

export function limit(code: DiagnosticCode, message: string, span: Span): QelError {
  return new QelError(error(code, message, span));
}

// The limit errors of the output checks, out of line so the checks themselves stay small enough to inline.

function tooLongString(n: number, max: number, span: Span): QelError {
  return limit("output_limit_exceeded", `a string of ${n} characters is longer than the limit of ${max} (maxStringLength)`, span);
}

function tooLongList(n: number, max: number, span: Span): QelError {
  return limit("output_limit_exceeded", `a list of ${n} elements is longer than the limit of ${max} (maxOutputLength)`, span);
}

function tooLarge(size: number, max: number, span: Span): QelError {
  return limit("output_limit_exceeded", `a value holding ${size} values in all is larger than the limit of ${max} (maxOutputLength)`, span);
}

function tooDeep(max: number, span: Span): QelError {
  return limit("depth_limit_exceeded", `a value nested more than ${max} deep (maxDepth)`, span);
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

/** A runtime test of a value against a static type. */
export type Checker = (v: Value) => boolean;

const ANY: Checker = () => true;
const NONE: Checker = () => false;

/** `matchesValue(·, t)` as a function built once per type, for the checks a compiled call makes on every value. */
export function checkerFor(t: Type): Checker {
  switch (t.kind) {
    case "any":
    case "var":
      return ANY;
    case "never":
      return NONE;
    case "null":
      return (v) => v === null;
    case "number":
      return (v) => typeof v === "number";
    case "string":
      return (v) => typeof v === "string";
    case "boolean":
      return (v) => typeof v === "boolean";
    case "date":
      return (v) => v instanceof DateValue;
    case "duration":
      return (v) => v instanceof DurationValue;
    case "run":
      return (v) => v instanceof Run;
    case "artifactVersion":
      return (v) => v instanceof ArtifactVersion;
    case "user":
      return (v) => v instanceof User;
    case "function":
      return (v) => v instanceof FunctionValue;
    case "dict":
      return (v) => v instanceof Map;
    case "union":
      return unionChecker(t.members.map(checkerFor));
    case "list": {
      const group = t.groupKey !== undefined;
      const el = t.element;
      if (el.kind === "any" || el.kind === "var") return (v) => Array.isArray(v) && (!group || groupKeys.has(v));
      const each = checkerFor(el);
      return (v) => {
        if (!Array.isArray(v)) return false;
        if (group && !groupKeys.has(v)) return false;
        const xs = v as readonly Value[];
        for (let i = 0; i < xs.length; i++) if (!each(xs[i]!)) return false;
        return true;
      };
    }
    default:
      return NONE;
  }
}

function unionChecker(ms: readonly Checker[]): Checker {
  if (ms.includes(ANY)) return ANY;
  switch (ms.length) {
    case 0:
      return NONE;
    case 1:
      return ms[0]!;
    case 2: {
      const [a, b] = [ms[0]!, ms[1]!];
      return (v) => a(v) || b(v);
    }
    case 3: {
      const [a, b, c] = [ms[0]!, ms[1]!, ms[2]!];
      return (v) => a(v) || b(v) || c(v);
    }
    default:
      return (v) => {
        for (let i = 0; i < ms.length; i++) if (ms[i]!(v)) return true;
        return false;
      };
  }
}

/**
 * Whether every list a value of type `t` can be holds only values that are neither lists nor dicts (the kinds
 * `any` and type variables could be either).
 */
export function listsAreFlat(t: Type): boolean {
  switch (t.kind) {
    case "any":
    case "var":
      return false;
    case "union":
      return t.members.every(listsAreFlat);
    case "list":
      return holdsNoContainer(t.element);
    default:
      return true;
  }
}

function holdsNoContainer(t: Type): boolean {
  switch (t.kind) {
    case "any":
    case "var":
    case "list":
    case "dict":
      return false;
    case "union":
      return t.members.every(holdsNoContainer);
    default:
      return true;
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
