/**
 * Calls of special forms (`&&`, `||`, `??`, `?:` and any lazy op a host declares): the implementation receives a
 * thunk per argument and forces only those it needs. A thunk checks its value's kind where the checker asked
 * for it; a run-data value of a kind the op does not take makes the whole call null (docs/language.md "Types
 * from data"), any other a `type_mismatch` error.
 */
import { checkerFor, printSignature, type ShortCircuit, type Value } from "@qel/ops";
import type { OpCallPlan } from "../check/check-plan.js";
import { error, QelError } from "../syntax/diagnostics.js";
import type { Span } from "../syntax/source.js";
import { mapOver } from "./compile-call.js";
import type { Code, Ctx, Frame } from "./compile-runtime.js";
import { fail, kinds } from "./compile-failures.js";

/** Thrown by a thunk whose run-data value fits no parameter, caught by its call, which then gives null. */
const MISFIT: unique symbol = Symbol("misfit");

type Impl = (...args: (() => Value)[]) => Value;

/** Compiles a lazy op call from its argument codes (receiver first). Special forms take the first candidate. */
export function lazyCall(plan: OpCallPlan, args: readonly Code[], span: Span): Code {
  const k = plan.candidates[0]!;
  const impl = k.overload.impl as unknown as Impl;
  if (plan.mapDepth !== 0 || k.params.some((p, i) => plan.dynamic[i] === true && p.kind !== "any")) return checkedLazyCall(plan, impl, args, span);
  const rule = k.overload.shortCircuit;
  if (rule !== undefined && args.length === 2) return shortCircuitCall(rule, args[0]!, args[1]!, span, plan.name);
  return thunkCall(impl, args, span, plan.name);
}

/** A special form declared as a rule (`&&`, `||`): the rule applied to the arguments' codes, with no thunks. */
function shortCircuitCall(rule: ShortCircuit, first: Code, second: Code, span: Span, name: string): Code {
  const { decides, combine } = rule;
  return (f, c) => {
    if (++c.steps > c.next) c.tick(span);
    try {
      const x = first(f, c);
      return decides(x) ? x : combine(x, second(f, c));
    } catch (e) {
      throw fail(e, span, name);
    }
  };
}

/**
 * One thunk per argument, made once, reading the frame of the call in progress: no closure is built per
 * evaluation. A nested evaluation of the same node (a lambda applied to itself) saves and restores it.
 */
function thunkCall(impl: Impl, args: readonly Code[], span: Span, name: string): Code {
  let frame: Frame = [];
  let ctx: Ctx | undefined;
  const thunks = args.map((a) => () => a(frame, ctx!));
  return (f, c) => {
    if (++c.steps > c.next) c.tick(span);
    const outerFrame = frame, outerCtx = ctx;
    frame = f;
    ctx = c;
    try {
      return callImpl(impl, thunks, span, name);
    } finally {
      frame = outerFrame;
      ctx = outerCtx;
    }
  };
}

/** Calls `impl` with thunks; a thunk's MISFIT makes the call null. */
function callImpl(impl: Impl, thunks: (() => Value)[], span: Span, name: string): Value {
  try {
    // the usual arities without a spread call (`&&`, `||`, `??` take two thunks, `?:` three)
    if (thunks.length === 2) return impl(thunks[0]!, thunks[1]!);
    if (thunks.length === 3) return impl(thunks[0]!, thunks[1]!, thunks[2]!);
    return impl(...thunks);
  } catch (e) {
    if (e === MISFIT) return null;
    throw fail(e, span, name);
  }
}

/**
 * `lazyCall` where the checker asked for kind checks of some arguments, or the call maps over a list: the thunks
 * are built per evaluation.
 */
function checkedLazyCall(plan: OpCallPlan, impl: Impl, args: readonly Code[], span: Span): Code {
  const checks = plan.candidates[0]!.params.map((p, i) => (plan.dynamic[i] === true && p.kind !== "any" ? checkerFor(p) : undefined));
  const { op, name, lenient } = plan;
  const refuse = (v: Value): never => {
    if (lenient) throw MISFIT;
    const notes = op.overloads.map((o) => ({ message: printSignature(op, o, { name: op.operator !== undefined ? name : op.name }) }));
    throw new QelError(error("type_mismatch", `\`${name}\` cannot take ${kinds([v])}`, span, { notes }));
  };
  const thunk = (code: Code, i: number, f: Parameters<Code>[0], c: Parameters<Code>[1]): (() => Value) => {
    const check = checks[i];
    if (check === undefined) return () => code(f, c);
    return () => {
      const v = code(f, c);
      return v === null || check(v) ? v : refuse(v);
    };
  };
  if (plan.mapDepth === 0) {
    return (f, c) => {
      if (++c.steps > c.next) c.tick(span);
      return callImpl(impl, args.map((a, i) => thunk(a, i, f, c)), span, name);
    };
  }
  const [head, ...rest] = args;
  return (f, c) => {
    const x = head!(f, c);
    return mapOver(x, plan.mapDepth, (v) => {
      if (++c.steps > c.next) c.tick(span);
      return callImpl(impl, [thunk(() => v, 0, f, c), ...rest.map((a, i) => thunk(a, i + 1, f, c))], span, name);
    }, c, span);
  };
}
