/**
 * Op calls as closures: the overload is already chosen (or, for `any` arguments, narrowed to the static
 * candidates), so a call is the null rule, a kind check only where the checker asked for one, the implementation,
 * and the output limits. Calls mapped over lists loop here (language.md, "Lists map ops over themselves").
 */
import { isScalarType, printSignature, substitute, type Candidate, type OpDef, type Type, type Value } from "@qel/ops";
import type { OpCallPlan } from "./check-plan.js";
import { fail, kinds, limit, matchesValue, type Code, type Ctx } from "./compile-runtime.js";
import { error, QelError } from "./diagnostics.js";
import type { Span } from "./source.js";

type CallCore = Omit<OpCallPlan, "args">;
type Impl = (...args: Value[]) => Value;
/** Calls an op with argument values already computed. */
export type Invoke = (vals: Value[], c: Ctx) => Value;

interface Row {
  readonly impl: Impl;
  readonly min: number;
  readonly max: number;
  readonly params: readonly Type[];
  /** Per argument: a null there makes the result null (the null rule). */
  readonly nulls: readonly boolean[];
  /** Per argument: the runtime kind must be checked. */
  readonly checks: readonly boolean[];
}

function row(op: OpDef, k: Pick<Candidate, "overload" | "params">, dynamic: readonly boolean[]): Row {
  const o = k.overload;
  return {
    impl: o.impl as unknown as Impl,
    min: o.params.length - o.optional,
    max: o.params.length,
    params: k.params,
    nulls: k.params.map((p, i) => !op.handlesNull && (i === 0 || isScalarType(p))),
    checks: k.params.map((p, i) => dynamic[i] === true && p.kind !== "any"),
  };
}

function mismatch(op: OpDef, name: string, vals: readonly Value[], span: Span): QelError {
  const notes = op.overloads.map((o) => ({ message: printSignature(op.operator !== undefined ? name : op.name, o) }));
  return new QelError(error("type_mismatch", `\`${name}\` cannot take ${kinds(vals)}`, span, { notes }));
}

/** Builds the invoker for a resolved call (or, with `plan` undefined, for any overload of `op` chosen at run time). */
export function invoker(op: OpDef, name: string, plan: CallCore | undefined, span: Span): Invoke {
  const rows = plan !== undefined
    ? plan.candidates.map((k) => row(op, k, plan.dynamic))
    : op.overloads.map((o) => {
      const params = o.params.map((p) => substitute(p, new Map()));
      return row(op, { overload: o, params }, params.map(() => true));
    });
  const big = plan?.bigResult ?? true;
  const skipNull = !op.handlesNull;
  return (vals, c) => {
    if (++c.steps > c.next) c.tick(span);
    if (skipNull && vals[0] === null) return null;
    for (const r of rows) {
      if (vals.length < r.min || vals.length > r.max) continue;
      let isNull = false;
      let ok = true;
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i]!;
        if (v === null && r.nulls[i] === true) isNull = true;
        else if (r.checks[i] === true && !matchesValue(v, r.params[i]!)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (isNull) return null;
      let out: Value;
      try {
        out = r.impl(...vals);
      } catch (e) {
        throw fail(e, span, name);
      }
      if (out === undefined) return null;
      if (big) c.output(out, span);
      return out;
    }
    throw mismatch(op, name, vals, span);
  };
}

/** A call of one argument with a single overload and no kind check: the pieces a fused closure needs. */
export interface Unary {
  readonly impl: (a: Value) => Value;
  /** A null argument gives null. */
  readonly nullable: boolean;
  readonly big: boolean;
  readonly name: string;
}

export function unaryOf(plan: CallCore): Unary | undefined {
  if (plan.candidates.length !== 1 || plan.dynamic.some((d) => d) || plan.mapDepth !== 0) return undefined;
  const r = row(plan.op, plan.candidates[0]!, plan.dynamic);
  if (r.min > 1) return undefined;
  return { impl: r.impl as (a: Value) => Value, nullable: r.nulls[0] === true, big: plan.bigResult, name: plan.name };
}

/** Runs a unary call on a computed argument (the step is already counted). */
export function callUnary(u: Unary, a: Value, c: Ctx, span: Span): Value {
  if (a === null && u.nullable) return null;
  let out: Value;
  try {
    out = u.impl(a);
  } catch (e) {
    throw fail(e, span, u.name);
  }
  if (out === undefined) return null;
  if (u.big) c.output(out, span);
  return out;
}

/** The common shapes, one or two arguments with a single overload and no kind checks, without an argument array. */
function fast(plan: OpCallPlan, args: readonly Code[], span: Span, slot0: number | undefined): Code | undefined {
  if (plan.candidates.length !== 1 || plan.dynamic.some((d) => d) || plan.mapDepth !== 0) return undefined;
  const r = row(plan.op, plan.candidates[0]!, plan.dynamic);
  const big = plan.bigResult;
  const name = plan.name;
  if (args.length === 1 && r.min <= 1) {
    const a0 = args[0]!;
    const impl = r.impl as (a: Value) => Value;
    const n0 = r.nulls[0] === true;
    if (slot0 !== undefined) {
      // the argument is a parameter of the innermost lambda (`r.jobType`): read the slot directly
      return (f, c) => {
        const a = f[slot0] as Value;
        if (++c.steps > c.next) c.tick(span);
        if (a === null && n0) return null;
        let out: Value;
        try {
          out = impl(a);
        } catch (e) {
          throw fail(e, span, name);
        }
        if (out === undefined) return null;
        if (big) c.output(out, span);
        return out;
      };
    }
    return (f, c) => {
      const a = a0(f, c);
      if (++c.steps > c.next) c.tick(span);
      if (a === null && n0) return null;
      let out: Value;
      try {
        out = impl(a);
      } catch (e) {
        throw fail(e, span, name);
      }
      if (out === undefined) return null;
      if (big) c.output(out, span);
      return out;
    };
  }
  if (args.length === 2) {
    const [a0, a1] = [args[0]!, args[1]!];
    const impl = r.impl as (a: Value, b: Value) => Value;
    const [n0, n1] = [r.nulls[0] === true, r.nulls[1] === true];
    return (f, c) => {
      const a = a0(f, c);
      const b = a1(f, c);
      if (++c.steps > c.next) c.tick(span);
      if ((a === null && n0) || (b === null && n1)) return null;
      let out: Value;
      try {
        out = impl(a, b);
      } catch (e) {
        throw fail(e, span, name);
      }
      if (out === undefined) return null;
      if (big) c.output(out, span);
      return out;
    };
  }
  return undefined;
}

/** Maps `fn` over `depth` list levels of `x` (a null list gives null). */
export function mapOver(x: Value, depth: number, fn: (v: Value) => Value, c: Ctx, span: Span): Value {
  if (x === null) return null;
  if (!Array.isArray(x)) throw limit("internal_error", "a value the checker typed as a list is not one", span);
  const list = x as readonly Value[];
  if (list.length > c.maxOutput) c.output(list, span);
  const out = new Array<Value>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = depth === 1 ? fn(list[i]!) : mapOver(list[i]!, depth - 1, fn, c, span);
  Object.freeze(out);
  c.output(out, span);
  return out;
}

/** Compiles a resolved op call whose argument codes are given (receiver first). */
export function compileOpCall(plan: OpCallPlan, args: readonly Code[], span: Span, slot0?: number): Code {
  const quick = fast(plan, args, span, slot0);
  if (quick !== undefined) return quick;
  const inv = invoker(plan.op, plan.name, plan, span);
  const depth = plan.mapDepth;
  if (depth === 0) return (f, c) => inv(args.map((a) => a(f, c)), c);
  const [head, ...rest] = args;
  return (f, c) => {
    const x = head!(f, c);
    const others = rest.map((a) => a(f, c));
    return mapOver(x, depth, (v) => inv([v, ...others], c), c, span);
  };
}
