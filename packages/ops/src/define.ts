/**
 * defineOp(): each op is declared once — name, aliases, overload rows (parameter types → result type →
 * implementation), null handling and docs. `overload()` infers the implementation's parameter types from the
 * declared types, so the two cannot disagree.
 */
import { hostContext, type EvalContext } from "./context.js";
import { checkOpSpec, type OpCategory } from "./define-check.js";
import { OpError } from "./errors.js";
import { isScalarType, type Type, type Typed, type ValueOf } from "./types.js";
import type { Value } from "./values.js";

/** Domains, used to group the reference and completion. */
export type { OpCategory } from "./define-check.js";

/** One documented example: a qel expression evaluated over the documentation dataset. */
export interface OpExample {
  readonly expr: string;
  /** What it shows, in a few words. */
  readonly title?: string;
  /** The expected result as JSON (dates as ISO strings); checked by a test when present. */
  readonly result?: unknown;
}

export interface OpDoc {
  /** One sentence. */
  readonly summary: string;
  /** Further paragraphs, plain text or markdown. */
  readonly details?: string;
  readonly params?: readonly { readonly name: string; readonly doc: string }[];
  readonly returns?: string;
  /** At least one; the seed's examples where the seed has them. */
  readonly examples: readonly OpExample[];
  readonly seeAlso?: readonly string[];
  /**
   * Names people reach for that mean this op elsewhere (`argminBy` for `minBy`, which returns the element): never
   * accepted as names, but an unknown name among them suggests this op before any near spelling.
   */
  readonly askedAs?: readonly string[];
}

/**
 * Computes a result type from the argument types when type variables do not suffice.
 * `bindings` holds the type variables bound while matching the parameters.
 */
export type ResultTypeFn = (args: readonly Type[], bindings: ReadonlyMap<string, Type>) => Type;

/**
 * An implementation. Receives values already matching the declared parameter types (a lazy overload: one thunk
 * per argument, giving such a value when forced). May throw OpError.
 */
export type Impl = (...args: never[]) => Value;

/** An argument of a lazy overload, evaluated when (and each time) it is called. */
export type Thunk<V extends Value = Value> = () => V;

/**
 * How an overload lowers to SQL (docs/duckdb.md). `template` is per dialect, with `$0`, `$1`, … standing for the
 * lowered arguments; `wrapper` names a rule of the lowering that keeps qel's meaning where the engine's differs
 * (null-safe equality, NaN in comparisons, a collection shape such as `filter`). An overload without `sql` is
 * never pushed to a database: its call stays local.
 */
export interface OverloadSql {
  readonly template?: { readonly duckdb?: string; readonly clickhouse?: string };
  readonly wrapper?: SqlWrapper;
  /** For an aggregate: its value over no elements where SQL's aggregate gives NULL (`sum` of nothing is 0). */
  readonly empty?: number;
}

/** The rules of the SQL lowering an overload may ask for; each one is defined and tested in @qel/duckdb. */
export type SqlWrapper =
  | "equals" | "notEquals" | "ordered" | "coalesce" | "conditional" | "and" | "or" | "not"
  | "runField" | "runDict" | "collection.filter" | "collection.map" | "collection.sort" | "collection.limit"
  | "collection.count" | "collection.groupBy" | "collection.countBy" | "group.key" | "aggregate" | "list.first" | "list.last"
  | "runHistory" | "runUser" | "userField";

export interface Overload {
  readonly params: readonly Type[];
  /** Number of trailing optional parameters. */
  readonly optional: number;
  readonly result: Type | ResultTypeFn;
  /**
   * The implementation. When `context` is true (declared with `contextual()`), it receives the evaluation's
   * context first, then the argument values.
   */
  readonly impl: Impl;
  /**
   * A special form: `impl` receives its arguments unevaluated, as thunks, and forces only those it needs
   * (`&&`, `||`, `??`, `?:`). Every evaluator calls it that way; `callOverload` runs it on computed values.
   */
  readonly lazy: boolean;
  /** A special form of two arguments stated as a rule, from which `impl` is built (`shortCircuitOverload`). */
  readonly shortCircuit?: ShortCircuit;
  readonly sql?: OverloadSql;
  /** The implementation takes the evaluation context first (declared with `contextual()`). */
  readonly context: boolean;
}

export interface OpDef {
  /** The canonical name (`runRuntime`). */
  readonly name: string;
  /** The short alias used with property syntax (`runtime` → `r.runtime`). */
  readonly alias?: string;
  /** Other accepted spellings (W&B Weave's `groupby`, `joinToStr`, …); each checks and runs as this op. */
  readonly aliases?: readonly string[];
  /** Former names kept so saved expressions keep working; checking them gives a deprecation warning. */
  readonly deprecated?: readonly string[];
  /** The operator symbol this op implements (`+`, `==`, unary `!` is "!", unary minus "neg"). */
  readonly operator?: string;
  readonly category: OpCategory;
  /** When false (default), a null first argument makes the result null without calling the implementation. */
  readonly handlesNull: boolean;
  /**
   * The result is the host's own data (a list a run holds, such as its logged artifacts), returned as it is and
   * never built by the op: an evaluation counts it as one value when it is nested in a value it builds.
   */
  readonly hostData?: boolean;
  /**
   * For an op returning a list of dicts: `column(x, key)` gives what looking `key` up in every dict of `op(x)`
   * gives (null where a dict lacks it), without building the dicts. `r.history.loss` reads a run's history
   * this way, one column, not a dict per row.
   */
  readonly column?: (x: Value, key: string) => readonly Value[];
  readonly overloads: readonly Overload[];
  readonly doc: OpDoc;
}

type ArgValues<P extends readonly Type[]> = { -readonly [K in keyof P]: ValueOf<P[K]> };

/**
 * One overload row. `optional` trailing parameters arrive as `undefined`-free values: the evaluator passes
 * only the arguments written, so an implementation with optional parameters checks `args.length`… — to keep
 * implementations simple, declare optional parameters with a default in the implementation signature.
 */
export function overload<const P extends readonly Typed<unknown>[], R extends Value>(
  params: P,
  result: Typed<R> | ResultTypeFn,
  impl: (...args: ArgValues<P>) => R,
  options: { readonly optional?: number; readonly sql?: OverloadSql } = {},
): Overload {
  const row = { params, optional: options.optional ?? 0, result, impl: impl as unknown as Impl, lazy: false, context: false };
  return Object.freeze(options.sql === undefined ? row : { ...row, sql: options.sql });
}

/**
 * An overload row whose implementation reads the evaluation's context (its clock or string limit), passed as the
 * first argument: `contextual([], T.Date, (cx) => new DateValue(cx.now))`.
 */
export function contextual<const P extends readonly Typed<unknown>[], R extends Value>(
  params: P,
  result: Typed<R> | ResultTypeFn,
  impl: (cx: EvalContext, ...args: ArgValues<P>) => R,
  options: { readonly optional?: number } = {},
): Overload {
  return Object.freeze({ params, optional: options.optional ?? 0, result, impl: impl as unknown as Impl, lazy: false, context: true });
}


type ArgThunks<P extends readonly Type[]> = { -readonly [K in keyof P]: Thunk<ValueOf<P[K]> & Value> };

/**
 * One overload row of a special form: the implementation receives a thunk per argument and decides which to
 * force, so `false && x` never evaluates `x`. The null rule does not apply (declare the op `handlesNull`).
 */
export function lazyOverload<const P extends readonly Typed<unknown>[], R extends Value>(
  params: P,
  result: Typed<R> | ResultTypeFn,
  impl: (...args: ArgThunks<P>) => R,
  options: { readonly optional?: number; readonly sql?: OverloadSql } = {},
): Overload {
  const row = { params, optional: options.optional ?? 0, result, impl: impl as unknown as Impl, lazy: true, context: false };
  return Object.freeze(options.sql === undefined ? row : { ...row, sql: options.sql });
}

/**
 * A special form of two arguments as a rule: when `decides` holds for the first argument's value, that value is
 * the result and the second argument is not evaluated; otherwise the result is `combine` of both values.
 * Evaluators may apply the rule directly rather than call the implementation built from it with thunks.
 */
export interface ShortCircuit {
  readonly decides: (first: Value) => boolean;
  readonly combine: (first: Value, second: Value) => Value;
}

/** A lazy overload row of two parameters whose implementation is `rule` (`&&`: false decides; see ShortCircuit). */
export function shortCircuitOverload<const P extends readonly [Typed<unknown>, Typed<unknown>], R extends Value>(
  params: P,
  result: Typed<R> | ResultTypeFn,
  rule: { readonly decides: (first: ValueOf<P[0]>) => boolean; readonly combine: (first: ValueOf<P[0]>, second: ValueOf<P[1]>) => R },
  options: { readonly sql?: OverloadSql } = {},
): Overload {
  const { decides, combine } = rule;
  const impl = (a: Thunk<ValueOf<P[0]> & Value>, b: Thunk<ValueOf<P[1]> & Value>): Value => {
    const x = a();
    return decides(x) ? x : combine(x, b());
  };
  // the checker gives the rule only values of its parameter types, as it does the implementation
  const shortCircuit = Object.freeze({ decides, combine }) as unknown as ShortCircuit;
  const row = { params, optional: 0, result, impl: impl as unknown as Impl, lazy: true, context: false, shortCircuit };
  return Object.freeze(options.sql === undefined ? row : { ...row, sql: options.sql });
}

/**
 * Runs one overload's implementation on computed argument values (a lazy one gets thunks returning them, a
 * contextual one `cx` first: by default the system clock and no string limit).
 */
export function callOverload(o: Overload, args: readonly Value[], cx: EvalContext = hostContext()): Value {
  const impl = o.impl as (...xs: readonly unknown[]) => Value;
  if (o.context) return impl(cx, ...args);
  return o.lazy ? impl(...args.map((v) => () => v)) : impl(...args);
}

/**
 * The null rule (docs/language.md "Nulls"), stated once for every evaluator and the checker: for an op that does
 * not handle null, a null first argument, or a null where a scalar is declared, makes the call null without
 * running the implementation.
 */
export function nullPropagates(op: Pick<OpDef, "handlesNull">, index: number, param: Type): boolean {
  return !op.handlesNull && (index === 0 || isScalarType(param));
}

export interface OpSpec {
  readonly name: string;
  readonly alias?: string;
  readonly aliases?: readonly string[];
  readonly deprecated?: readonly string[];
  readonly operator?: string;
  readonly category: OpCategory;
  readonly handlesNull?: boolean;
  readonly hostData?: boolean;
  readonly column?: (x: Value, key: string) => readonly Value[];
  readonly overloads: readonly Overload[];
  readonly doc: OpDoc;
}

/**
 * Declares an op. Throws an OpError (`invalid_argument`) naming the first bad field when the declaration is
 * malformed (define-check.ts: no name, overloads that are not overload rows, a parameter that is not a type, no
 * doc example) or declares a special form that does not handle null; @qel/lang gives it as a QelError.
 */
export function defineOp(spec: OpSpec): OpDef {
  // The full check of a declaration runs where a host declares or registers an op (@qel/lang's defineOp,
  // createRegistry): the standard ops, declared here at import, are not checked again on every start.
  if (typeof spec !== "object" || spec === null || !Array.isArray(spec.overloads)) checkOpSpec(spec, "defineOp");
  if (spec.overloads.some((o) => o.lazy) && spec.handlesNull !== true) {
    throw new OpError("invalid_argument", `defineOp: op "${spec.name}" is a special form (a lazy overload), so it must declare \`handlesNull: true\``);
  }
  return Object.freeze({ ...spec, handlesNull: spec.handlesNull ?? false });
}
