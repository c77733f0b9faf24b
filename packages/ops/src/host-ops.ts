/**
 * What a host op returns, as it crosses into qel: converted the way bindings are (own data properties only; a
 * Date becomes a date, a plain object or Map a dict, an array a frozen list), then checked against the overload's
 * declared result type, so natural JavaScript gives its answer or an error naming the op, never an invented answer
 * (docs/host.md "Host ops"). The registry guards every op it is given except the standard ones: those are trusted,
 * registered as they are, so nothing on their path changes and fast paths keyed by their overloads still match.
 */
import type { Impl, OpDef, Overload, ResultTypeFn, ShortCircuit } from "./define.js";
import { checkOpSpec } from "./define-check.js";
import { OpError } from "./errors.js";
import { fromJson, refusalOf, type DataLoss } from "./from-data.js";
import { printType, type Type } from "./types.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, groupKeys, kindOf, Run, User, type Value } from "./values.js";
import { isOpen, misfit, withArticle, type Misfit } from "./value-misfit.js";

/** Ops registered as they are: the standard ones, and the guarded copies made here (so none is guarded twice). */
const asGiven = new WeakSet<OpDef>();

/** The guarded copy of each host op, so every registry given the same declaration holds the same op. */
const guardedOf = new WeakMap<OpDef, OpDef>();

/** Marks `ops` as trusted: `guardHostOp` returns them unchanged. For the standard library only (std.ts). */
export function trustOps(ops: Iterable<OpDef>): void {
  for (const op of ops) asGiven.add(op);
}

/**
 * `op` as a registry holds it: a trusted op (standard, or guarded already) itself; any other a copy, made once per
 * declaration, whose every implementation (and short-circuit rule) has its result converted and checked. The
 * guarded implementation throws an OpError (`runtime_error`) naming the op when the result cannot be read or is of
 * a kind its declared type excludes; errors of the host's implementation pass through unchanged. Throws itself
 * only an OpError (`invalid_argument`) for a declaration of the wrong shape (see define-check.ts).
 */
export function guardHostOp(op: OpDef): OpDef {
  if (asGiven.has(op)) return op;
  let guarded = guardedOf.get(op);
  if (guarded === undefined) {
    // a host's declaration, however it reaches a registry (createRegistry, new Registry, register): its shape first
    checkOpSpec(op, "registering an op");
    const overloads = Object.freeze(op.overloads.map((o) => guardOverload(op.name, o)));
    const column = op.column === undefined ? {} : { column: guardColumn(op.name, op.column) };
    guarded = Object.freeze({ ...op, overloads, ...column });
    asGiven.add(guarded);
    guardedOf.set(op, guarded);
  }
  return guarded;
}

function guardOverload(name: string, o: Overload): Overload {
  const accept = resultGuard(name, o.result);
  const impl = o.impl as unknown as (...args: unknown[]) => unknown;
  // thunks (a lazy overload) and the context (a contextual one) are passed on as they come
  const guarded = ((...args: unknown[]) => accept(impl(...args))) as unknown as Impl;
  const rule = o.shortCircuit;
  if (rule === undefined) return Object.freeze({ ...o, impl: guarded });
  // evaluators may apply the rule rather than call `impl`; its first value is qel's own, `combine`'s the host's
  const shortCircuit: ShortCircuit = Object.freeze({ decides: rule.decides, combine: (a: Value, b: Value) => accept(rule.combine(a, b)) });
  return Object.freeze({ ...o, impl: guarded, shortCircuit });
}

/** A host's column reader (see OpDef.column), its result converted as a result is and held to being a list. */
function guardColumn(name: string, column: NonNullable<OpDef["column"]>): NonNullable<OpDef["column"]> {
  return (x, key) => {
    const v = toValue(name, column(x, key));
    if (!Array.isArray(v)) throw new OpError("runtime_error", `\`${name}\`'s column reader returned ${withArticle(kindOf(v))}, not a list`, HINT);
    return v as readonly Value[];
  };
}

/**
 * The conversion and check of one overload's results. A result type computed from the arguments (a function) is
 * not known here, so only the conversion applies; type variables and `any` accept every value.
 */
function resultGuard(name: string, result: Type | ResultTypeFn): (x: unknown) => Value {
  const declared = typeof result === "function" || isOpen(result) ? undefined : result;
  return (x) => {
    const v = toValue(name, x);
    if (declared === undefined || v === null) return v;
    const m = misfit(v, declared, "");
    if (m !== undefined) throw wrongKind(name, v, m, declared);
    return v;
  };
}

/** `x` as a qel value: scalars and qel's own values as they are, other data converted as a binding is. */
function toValue(name: string, x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case "number":
    case "string":
    case "boolean":
      return x;
    case "function":
    case "symbol":
      throw new OpError("runtime_error", `\`${name}\` returned a JavaScript ${typeof x}, which is not a qel value`, HINT);
  }
  if (isOwnValue(x)) return x as Value;
  try {
    return fromJson(x, { ownDataOnly: true, onLoss: refuse(name) });
  } catch (e) {
    if (e instanceof OpError) throw e;
    // only a host's Proxy throws from inside the conversion
    throw new OpError("runtime_error", `\`${name}\` returned data that could not be read (${e instanceof Error ? e.message : String(e)})`, HINT);
  }
}

/** A value only qel makes: kept as it is (a group would lose its key if copied). */
function isOwnValue(x: object): boolean {
  return x instanceof DateValue || x instanceof DurationValue || x instanceof FunctionValue || x instanceof Run ||
    x instanceof ArtifactVersion || x instanceof User || (Array.isArray(x) && groupKeys.has(x as readonly Value[]));
}

/** Refuses data that would be cut or changed, as bindings do (see refusalOf): an error, not a changed answer. */
function refuse(name: string): (l: DataLoss) => void {
  return (l) => {
    const why = refusalOf(l);
    if (why !== undefined) throw new OpError("runtime_error", `\`${name}\` returned data that ${why}${l.path === "" ? "" : ` at \`${l.path}\``}`, HINT);
  };
}

const HINT = "a host op's result is converted like a binding, then checked against the result type it declares";

function wrongKind(name: string, v: Value, m: Misfit, declared: Type): OpError {
  const what = m.path === "" ? withArticle(m.kind) : `${withArticle(kindOf(v))} whose \`${m.path}\` is ${withArticle(m.kind)}`;
  return new OpError("runtime_error", `\`${name}\` returned ${what}, not the ${printType(declared)} it declares`, HINT);
}
