/**
 * Calling an op with runtime values, outside an expression: picks the overload by the values' runtime kinds and
 * applies the null rule, as the evaluator does for a call whose argument types are only known at run time.
 * Hosts use it to call ops from JavaScript; the op tests use it.
 */
import { hostContext, type EvalContext } from "./context.js";
import { callOverload, nullPropagates, type OpDef } from "./define.js";
import { OpError } from "./errors.js";
import { isNullable, nonNull, type Type } from "./types.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, groupKeys, kindOf, type Value } from "./values.js";

/** A runtime test of a value against a static type. */
export type Checker = (v: Value) => boolean;

const ANY: Checker = () => true;
const NONE: Checker = () => false;

/**
 * The test of whether a runtime value fits `t`, built once per type (compiled calls run it on every value).
 * `deep`: a list's elements are checked too; otherwise only its kind is. Type variables and `any` accept
 * everything. The test never throws.
 */
export function checkerFor(t: Type, deep = true): Checker {
  if (t.kind === "union") return unionChecker(t.members.map((m) => checkerFor(m, deep)));
  if (t.kind === "list") return listChecker(t, deep);
  return KIND_CHECKERS[t.kind];
}

/** The test of each kind of type whose test does not depend on what the type holds, made once. */
const KIND_CHECKERS: Readonly<Record<Exclude<Type["kind"], "union" | "list">, Checker>> = {
  any: ANY,
  var: ANY,
  never: NONE,
  null: (v) => v === null,
  number: (v) => typeof v === "number",
  string: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
  date: (v) => v instanceof DateValue,
  duration: (v) => v instanceof DurationValue,
  run: (v) => v instanceof Run,
  artifactVersion: (v) => v instanceof ArtifactVersion,
  user: (v) => v instanceof User,
  function: (v) => v instanceof FunctionValue,
  dict: (v) => v instanceof Map,
};

function listChecker(t: Extract<Type, { kind: "list" }>, deep: boolean): Checker {
  const group = t.groupKey !== undefined;
  const el = t.element;
  if (!deep || el.kind === "any" || el.kind === "var") return (v) => Array.isArray(v) && (!group || groupKeys.has(v));
  const each = checkerFor(el);
  return (v) => {
    if (!Array.isArray(v)) return false;
    if (group && !groupKeys.has(v)) return false;
    const xs = v as readonly Value[];
    for (let i = 0; i < xs.length; i++) if (!each(xs[i]!)) return false;
    return true;
  };
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
 * How a run-data argument fits a parameter it does not fit as it is (docs/language.md "Types from data"): where
 * the parameter is a list whose elements take null, a list becomes the list with its misfitting elements made
 * null (`[1, {…}, 3].max` is 3). Undefined for other parameters, and the fitter gives undefined for a value that
 * cannot fit, so the call gives null.
 */
export function fitterFor(t: Type): ((v: Value) => Value | undefined) | undefined {
  const u = nonNull(t);
  if (u.kind !== "list" || u.groupKey !== undefined || !isNullable(u.element)) return undefined;
  const each = checkerFor(u.element);
  return (v) => (Array.isArray(v) ? Object.freeze((v as readonly Value[]).map((x) => (each(x) ? x : null))) : undefined);
}

/**
 * Whether a runtime value can be passed where `t` is declared, judged by its kind only (list elements and dict
 * values are not inspected); type variables and `any` accept everything. Never throws.
 */
export function valueHasType(v: Value, t: Type): boolean {
  return checkerFor(t, false)(v);
}

/**
 * Calls `op` with `args`: the first overload whose parameters accept the arguments' kinds runs. For an op that
 * does not handle null, a null first argument, or a null where a scalar is declared, gives null without running
 * it. Throws an OpError when no overload accepts the arguments, and lets the implementation's errors through.
 * An overload declared `contextual` reads `cx` (by default the system clock and no string limit).
 */
export function invokeOp(op: OpDef, args: readonly Value[], cx: EvalContext = hostContext()): Value {
  for (const o of op.overloads) {
    if (args.length > o.params.length || args.length < o.params.length - o.optional) continue;
    let propagatesNull = false;
    const fits = args.every((a, i) => {
      const p = o.params[i]!;
      if (a === null && nullPropagates(op, i, p)) return (propagatesNull = true);
      return valueHasType(a, p);
    });
    if (!fits) continue;
    return propagatesNull ? null : callOverload(o, args, cx);
  }
  throw new OpError("invalid_argument", `${op.name} does not take (${args.map(kindOf).join(", ")})`);
}
