/**
 * Hot shapes: the standard `filter` and `map` with a lambda (or a one-argument op) written in place become one loop
 * that runs the lambda's body directly in a reused frame, with no FunctionValue in between. The result, the steps
 * counted, the depth and the limits are exactly those of the general path (docs/ops.md "Lists": filter keeps an
 * element only when the predicate returns true; map passes the index to a two-parameter function). A test runs
 * them against the reference interpreter (test/properties/reference.test.ts).
 */
import { standardRegistry, type Overload, type Value } from "@qel/ops";
import type { OpCallPlan } from "../check/check-plan.js";
import { callsDirectly, callUnary, emitted, type Unary } from "./compile-call.js";
import { finishedList, type Code, type Ctx, type Frame } from "./compile-runtime.js";
import { fail } from "./compile-failures.js";
import { fieldTestOf, filterFieldLoop } from "./compile-field-test.js";
import type { Span } from "../syntax/source.js";

/** A lambda written as the argument, compiled as a body over a frame `[parent, x]` or `[parent, x, index]`. */
export interface InlineLambda {
  readonly kind: "lambda";
  readonly body: Code;
  readonly arity: number;
  /** The body holds lambdas that may capture the frame, so each element gets a fresh one. */
  readonly nested: boolean;
  readonly span: Span;
}

/** A one-argument op written as the argument (`runs.map(runRuntime)`). */
export interface InlineOp {
  readonly kind: "op";
  readonly unary: Unary;
  readonly span: Span;
}

/** The standard overload row an op call resolved to, by identity; a host's own op of that name never matches. */
function standardRow(name: string, index = 0): Overload | undefined {
  return standardRegistry.lookup(name)?.overloads[index];
}

// Fast paths are keyed by the overload they stand for: they give exactly what its implementation gives.
const FILTER = standardRow("filter");
const MAP = standardRow("map");
const EQUALS = standardRow("equals");
const NOT_EQUALS = standardRow("notEquals");

/** The one overload a call runs, when the checker left a single candidate. */
function onlyRow(plan: OpCallPlan): Overload | undefined {
  return plan.candidates.length === 1 ? plan.candidates[0]!.overload : undefined;
}

/** Whether `plan` is a call of the standard filter or map that `hotCall` can run as a loop. */
export function isHot(plan: OpCallPlan): boolean {
  const row = onlyRow(plan);
  return (row === FILTER || row === MAP) && plan.args.length === 2 && plan.mapDepth === 0 && !plan.dynamic.some((d) => d);
}

/** `"=="` or `"!="` when `plan` calls the standard structural equality (identity on string, boolean and null literals). */
export function equalityOf(plan: OpCallPlan): "==" | "!=" | undefined {
  const row = onlyRow(plan);
  return row === EQUALS ? "==" : row === NOT_EQUALS ? "!=" : undefined;
}

/** `flat`: the result's elements each count as one value by their static type (see `listsAreFlat`). */
export function hotCall(plan: OpCallPlan, list: Code, fn: InlineLambda | InlineOp, span: Span, flat: boolean): Code | undefined {
  const row = onlyRow(plan);
  if (row === FILTER && fn.kind === "lambda" && fn.arity === 1) return filterLoop(list, fn, span, flat);
  if (row === MAP && fn.kind === "lambda" && fn.arity <= 2) return mapLoop(list, fn, span, flat);
  if (row === MAP && fn.kind === "op") return mapOpLoop(list, fn, span, flat);
  return undefined;
}

function filterLoop(list: Code, fn: InlineLambda, span: Span, flat: boolean): Code {
  const { body, nested, span: at } = fn;
  const test = nested ? undefined : fieldTestOf(body);
  if (test !== undefined && test.index === 1) {
    // one element the general way, in the loop's frame
    const slow = (x: Value, c: Ctx, own: Frame): boolean => {
      if (++c.steps > c.next) c.tick(at);
      if (++c.depth > c.maxDepth) throw c.depthExceeded(at);
      own[1] = x;
      const keep = body(own, c);
      c.depth--;
      return keep === true;
    };
    const fused = filterFieldLoop(list, test, slow, span, flat);
    if (fused !== undefined) return fused;
  }
  return (f, c) => {
    const xs = list(f, c) as readonly Value[] | null;
    if (++c.steps > c.next) c.tick(span);
    if (xs === null) return null;
    const out: Value[] = [];
    const own: Frame = [f, null];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (++c.steps > c.next) c.tick(at);
      if (++c.depth > c.maxDepth) throw c.depthExceeded(at);
      let frame = own;
      if (nested) frame = [f, x];
      else own[1] = x;
      const keep = body(frame, c);
      c.depth--;
      if (keep === true) out.push(x);
    }
    return finishedList(out, flat, c, span);
  };
}

function mapLoop(list: Code, fn: InlineLambda, span: Span, flat: boolean): Code {
  const { body, nested, span: at } = fn;
  const withIndex = fn.arity === 2;
  return (f, c) => {
    const xs = list(f, c) as readonly Value[] | null;
    if (++c.steps > c.next) c.tick(span);
    if (xs === null) return null;
    const out = new Array<Value>(xs.length);
    const own: Frame = withIndex ? [f, null, null] : [f, null];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (++c.steps > c.next) c.tick(at);
      if (++c.depth > c.maxDepth) throw c.depthExceeded(at);
      let frame = own;
      if (nested) frame = withIndex ? [f, x, i] : [f, x];
      else {
        own[1] = x;
        if (withIndex) own[2] = i;
      }
      out[i] = body(frame, c);
      c.depth--;
    }
    return finishedList(out, flat, c, span);
  };
}

function mapOpLoop(list: Code, fn: InlineOp, span: Span, flat: boolean): Code {
  const { unary, span: at } = fn;
  const { name, emit } = unary;
  const impl = unary.impl as (a: Value) => Value | undefined;
  return (f, c) => {
    const xs = list(f, c) as readonly Value[] | null;
    if (++c.steps > c.next) c.tick(span);
    if (xs === null) return null;
    const out = new Array<Value>(xs.length);
    for (let i = 0; i < xs.length; i++) {
      if (++c.steps > c.next) c.tick(at);
      const x = xs[i]!;
      if (!callsDirectly(unary, x)) out[i] = callUnary(unary, x, c, at);
      else {
        let v: Value | undefined;
        try {
          v = impl(x);
        } catch (e) {
          throw fail(e, at, name);
        }
        out[i] = emitted(v, emit, c, at);
      }
    }
    return finishedList(out, flat, c, span);
  };
}
