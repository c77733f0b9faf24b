/** Function values at run time: lambdas (with frames), ops used as values, calls of function values; slots. */
import { FunctionValue, kindOf, type Value } from "@qel/ops";
import type { OpValuePlan } from "../check/check-plan.js";
import { hostValue } from "./compile-bindings.js";
import { callUnary, invoker, unaryOf } from "./compile-call.js";
import { isValue, type Code, type Ctx, type Frame } from "./compile-runtime.js";
import { fail, limit } from "./compile-failures.js";
import type { Span } from "../syntax/source.js";

export { constant } from "./compile-runtime.js";

export function slot(depth: number, index: number): Code {
  switch (depth) {
    case 0:
      return (f) => f[index] as Value;
    case 1:
      return (f) => (f[0] as Frame)[index] as Value;
    case 2:
      return (f) => ((f[0] as Frame)[0] as Frame)[index] as Value;
    default:
      return (f) => {
        let x = f;
        for (let d = 0; d < depth; d++) x = x[0] as Frame;
        return x[index] as Value;
      };
  }
}

/**
 * A lambda: each evaluation of the node makes a FunctionValue closing over the current frame. When no lambda in
 * the body can capture the frame, one frame per FunctionValue is reused (a fresh one when re-entered).
 */
export function lambda(body: Code, arity: number, nested: boolean, span: Span): Code {
  if (arity === 1 && !nested) {
    return (f, c) => {
      const own: Frame = [f, null];
      let busy = false;
      return new FunctionValue("<lambda>", 1, (a?: Value) => {
        if (++c.steps > c.next) c.tick(span);
        if (++c.depth > c.maxDepth) throw c.depthExceeded(span);
        let out: Value;
        if (busy) {
          out = body([f, a ?? null], c);
        } else {
          busy = true;
          own[1] = a ?? null;
          out = body(own, c);
          busy = false;
        }
        c.depth--;
        return out;
      });
    };
  }
  // an error ends the whole evaluation, so depth is restored only on normal return
  const enter = (frame: Frame, c: Ctx): Value => {
    if (++c.steps > c.next) c.tick(span);
    if (++c.depth > c.maxDepth) throw c.depthExceeded(span);
    const out = body(frame, c);
    c.depth--;
    return out;
  };
  switch (arity) {
    case 1:
      return (f, c) => new FunctionValue("<lambda>", 1, (a?: Value) => enter([f, a ?? null], c));
    case 2:
      return (f, c) => new FunctionValue("<lambda>", 2, (a?: Value, b?: Value) => enter([f, a ?? null, b ?? null], c));
    default:
      return (f, c) => new FunctionValue("<lambda>", arity, (...args: Value[]) => {
        const frame: Frame = [f];
        for (let i = 0; i < arity; i++) frame.push(args[i] ?? null);
        return enter(frame, c);
      });
  }
}

/** An op used as a function value. */
export function opValue(plan: OpValuePlan, span: Span): Code {
  const k = plan.arity;
  const unary = plan.call !== undefined && k === 1 ? unaryOf(plan.call) : undefined;
  if (unary !== undefined) {
    return (_f, c) => new FunctionValue(plan.op.name, 1, (a?: Value) => {
      if (++c.steps > c.next) c.tick(span);
      return callUnary(unary, a ?? null, c, span);
    });
  }
  const inv = invoker(plan.op, plan.name, plan.call, span);
  if (plan.call !== undefined) {
    return (_f, c) => new FunctionValue(plan.op.name, k, (...args: Value[]) => inv(args.slice(0, k).map((a) => a ?? null), c));
  }
  return (_f, c) => new FunctionValue(plan.op.name, k, (...args: Value[]) => inv(args.map((a) => a ?? null), c));
}

export function callValue(callee: Code, args: readonly Code[], span: Span): Code {
  return (f, c) => {
    const fn = callee(f, c);
    const vals = args.map((a) => a(f, c));
    if (fn === null) return null;
    if (!(fn instanceof FunctionValue)) throw limit("not_callable", `a ${kindOf(fn)} cannot be called`, span);
    if (++c.steps > c.next) c.tick(span);
    let out: unknown;
    try {
      out = fn.call(...vals);
    } catch (e) {
      throw fail(e, span, fn.name);
    }
    if (out === undefined) return null;
    return isValue(out) ? out : hostValue("result", out);
  };
}
