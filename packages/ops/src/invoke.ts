/**
 * Calling an op with runtime values, outside an expression: picks the overload by the values' runtime kinds and
 * applies the null rule, as the evaluator does for a call whose argument types are only known at run time.
 * Hosts use it to call ops from JavaScript; the op tests use it.
 */
import type { OpDef } from "./define.js";
import { OpError } from "./errors.js";
import type { Type } from "./types.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, groupKeys, isDict, isList, kindOf, type Value } from "./values.js";

const SCALAR_KINDS = new Set(["number", "string", "boolean", "date", "duration"]);

/**
 * Whether a runtime value can be passed where `t` is declared, judged by its kind only (list elements and dict
 * values are not inspected); type variables and `any` accept everything. Never throws.
 */
export function valueHasType(v: Value, t: Type): boolean {
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
    case "list":
      return v !== null && isList(v) && (t.groupKey === undefined || groupKeys.has(v));
    case "dict":
      return v !== null && isDict(v);
    case "function":
      return v instanceof FunctionValue;
    case "union":
      return t.members.some((m) => valueHasType(v, m));
  }
}

/**
 * Calls `op` with `args`: the first overload whose parameters accept the arguments' kinds runs. For an op that
 * does not handle null, a null first argument, or a null where a scalar is declared, gives null without running
 * it. Throws an OpError when no overload accepts the arguments, and lets the implementation's errors through.
 */
export function invokeOp(op: OpDef, args: readonly Value[]): Value {
  for (const o of op.overloads) {
    if (args.length > o.params.length || args.length < o.params.length - o.optional) continue;
    let propagatesNull = false;
    const fits = args.every((a, i) => {
      const p = o.params[i]!;
      if (a === null && !op.handlesNull && (i === 0 || SCALAR_KINDS.has(p.kind))) return (propagatesNull = true);
      return valueHasType(a, p);
    });
    if (!fits) continue;
    return propagatesNull ? null : (o.impl as (...xs: readonly Value[]) => Value)(...args);
  }
  throw new OpError("invalid_argument", `${op.name} does not take (${args.map(kindOf).join(", ")})`);
}
