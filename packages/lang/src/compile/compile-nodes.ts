/**
 * AST → closures, once per expression, following the checker's plans: no name lookup, no dispatch by name and no
 * `eval` at run time. Lambdas become FunctionValues whose parameters live in frame slots.
 */
import { containsAny, DurationValue, kindOf, nonNull, type Type, type Value } from "@qel/ops";
import type { DictLit, Expr, Lambda, ListLit } from "../syntax/ast.js";
import { assertNever } from "../syntax/ast.js";
import { durationMs } from "../syntax/durations.js";
import type { Checked, DynamicMemberPlan, KeyPlan, OpCallPlan, OpValuePlan, Plan } from "../check/check-plan.js";
import { compileOpCall, invoker, mapOver, unaryOf } from "./compile-call.js";
import { chain, type Link } from "./compile-chain.js";
import { fieldTest } from "./compile-field-test.js";
import { equalityOf, hotCall, isHot, type InlineLambda, type InlineOp } from "./compile-hot.js";
import { lazyCall } from "./compile-lazy.js";
import { callValue, constant, lambda, opValue, slot } from "./compile-functions.js";
import { finishedList, interned, type Code, type Ctx } from "./compile-runtime.js";
import { fail, limit } from "./compile-failures.js";
import { Measure, measureOf } from "./output-measure.js";
import { InternalError } from "../syntax/diagnostics.js";
import type { Span } from "../syntax/source.js";


/** `measureOf` each type met, found once (types are immutable; compiling asks for it at most nodes). */
const measures = new WeakMap<Type, Measure>();

export class Compiler {
  /** Root-frame slots the expression reads (each needs a binding), with the first span that reads it. */
  readonly used = new Map<number, Span>();
  #level = 0;

  constructor(readonly checked: Checked) {}

  #plan<K extends Plan["kind"]>(node: Expr, kind: K): Extract<Plan, { kind: K }> {
    const p = this.checked.plans.get(node);
    if (p?.kind !== kind) throw new InternalError(`no ${kind} plan for a ${node.kind} node at ${node.span.start}`);
    return p as Extract<Plan, { kind: K }>;
  }

  compile(node: Expr): Code {
    switch (node.kind) {
      case "Number":
      case "String":
      case "Boolean":
        return constant(node.value);
      case "Null":
        return constant(null);
      case "Duration":
        return constant(new DurationValue(durationMs(node)));
      case "List":
        return this.#list(node);
      case "Dict":
        return this.#dict(node);
      case "Lambda":
        return this.#lambda(node);
      case "Name":
      case "Member":
      case "Index":
      case "Call":
      case "Unary":
        return this.#planned(node);
      case "Binary":
      case "Conditional":
        return this.#planned(node);
      default:
        return assertNever(node);
    }
  }

  #list(node: ListLit): Code {
    const items = node.items.map((i) => this.compile(i));
    const span = node.span;
    const flat = this.#flat(node, 0);
    return (f, c) => {
      return finishedList(items.map((i) => i(f, c)), flat, c, span);
    };
  }

  #dict(node: DictLit): Code {
    const entries = node.entries.map((e) => [interned(e.key), this.compile(e.value)] as const);
    const span = node.span;
    return (f, c) => {
      const dict = new Map(entries.map(([k, v]) => [k, v(f, c)]));
      c.output(dict, span);
      return dict;
    };
  }

  #planned(node: Expr): Code {
    const plan = this.checked.plans.get(node);
    if (plan === undefined) throw new InternalError(`no plan for a ${node.kind} node at ${node.span.start}`);
    switch (plan.kind) {
      case "slot": {
        if (plan.depth === this.#level && !this.used.has(plan.index)) this.used.set(plan.index, node.span);
        return slot(plan.depth, plan.index);
      }
      case "op":
        return this.#chain(node) ?? this.#op(plan, node);
      case "key":
        return this.#chain(node) ?? this.#column(plan, node) ?? this.#key(plan, node.span);
      case "dynamicMember":
        return this.#dynamicMember(plan, node.span);
      case "opValue":
        return opValue(plan, node.span);
      case "callValue": {
        const callee = this.compile(plan.callee);
        const args = plan.args.map((a) => this.compile(a));
        return callValue(callee, args, node.span);
      }
      case "lambda":
        throw new InternalError("a lambda plan on a non-lambda node");
      default:
        return assertNever(plan);
    }
  }

  /**
   * Two or more unary calls and string key lookups applied in turn to a parameter of the innermost lambda
   * (`r.summary.acc`, `r.user.username`), compiled as one closure.
   */
  #chain(node: Expr): Code | undefined {
    if (this.#level === 0) return undefined;
    const links: Link[] = [];
    let e = node;
    for (;;) {
      const p = this.checked.plans.get(e);
      if (p === undefined) return undefined;
      if (p.kind === "slot") {
        if (p.depth !== 0 || links.length < 2) return undefined;
        return chain(p.index, links.reverse());
      }
      if (p.kind === "key") {
        if (typeof p.key !== "string" || p.mapDepth !== 0) return undefined;
        links.push({ key: interned(p.key), unary: undefined, span: e.span });
        e = p.object;
      } else if (p.kind === "op") {
        const unary = p.args.length === 1 ? unaryOf(p, this.#measure(e, 0)) : undefined;
        if (unary === undefined) return undefined;
        links.push({ key: undefined, unary, span: e.span });
        e = p.args[0]!;
      } else {
        return undefined;
      }
    }
  }

  /** A lambda written in place, compiled as its body over a frame `[parent, x]` or `[parent, x, index]`. */
  inline(node: Lambda): InlineLambda {
    const lp = this.#plan(node, "lambda");
    this.#level++;
    const body = this.compile(node.body);
    this.#level--;
    return { kind: "lambda", body, arity: lp.arity, nested: lp.nested, span: node.span };
  }

  /** Whether the lists of `node`'s value hold only values counting one each (output-measure.ts `listsAreFlat`). */
  flat(node: Expr): boolean {
    return this.#flat(node, 0);
  }

  /** How the output limits measure `node`'s value (output-measure.ts). */
  measure(node: Expr): Measure {
    return this.#measure(node, 0);
  }

  /** How the output limits measure `node`'s value `peel` list levels down (output-measure.ts). */
  #measure(node: Expr, peel: number): Measure {
    let t: Type = this.checked.types.get(node) ?? { kind: "any" };
    for (let i = 0; i < peel; i++) {
      const u = nonNull(t);
      if (u.kind !== "list") return Measure.Walk;
      t = u.element;
    }
    let m = measures.get(t);
    if (m === undefined) measures.set(t, (m = measureOf(t)));
    return m;
  }

  /** Whether the lists of `node`'s value, `peel` list levels down, hold only values counting one each (`listsAreFlat`). */
  #flat(node: Expr, peel: number): boolean {
    return this.#measure(node, peel) === Measure.Flat;
  }

  #op(plan: OpCallPlan, node: Expr): Code {
    const span = node.span;
    const hot = isHot(plan) ? this.#hot(plan, node) : undefined;
    if (hot !== undefined) return hot;
    const args = plan.args.map((a) => this.compile(a));
    if (plan.candidates[0]!.overload.lazy) return lazyCall(plan, args, span);
    const eq = equalityOf(plan) !== undefined ? this.#equalsLiteral(plan, args, span) : undefined;
    const first = plan.args[0] !== undefined ? this.checked.plans.get(plan.args[0]) : undefined;
    const slot0 = first?.kind === "slot" && first.depth === 0 ? first.index : undefined;
    const depth = plan.mapDepth;
    return eq ?? compileOpCall(plan, args, span, slot0, depth === 0 ? this.#measure(node, 0) : Measure.Walk, depth > 0 && this.#flat(node, depth - 1));
  }

  #hot(plan: OpCallPlan, node: Expr): Code | undefined {
    const span = node.span;
    const fnExpr = plan.args[1]!;
    let fn: InlineLambda | InlineOp | undefined;
    if (fnExpr.kind === "Lambda") {
      fn = this.inline(fnExpr);
    } else {
      const vp = this.checked.plans.get(fnExpr);
      const unary = vp?.kind === "opValue" && vp.call !== undefined && vp.arity === 1 ? unaryOf(vp.call) : undefined;
      if (unary !== undefined) fn = { kind: "op", unary, span: fnExpr.span };
    }
    return fn !== undefined ? hotCall(plan, this.compile(plan.args[0]!), fn, span, this.#flat(node, 0)) : undefined;
  }

  /**
   * `x == "literal"` (a string, boolean or null literal): structural equality is identity for these. When `x` is
   * a one-argument op on the innermost lambda's parameter (`r.jobType == "train"`), the two calls are fused.
   */
  #equalsLiteral(plan: OpCallPlan, args: readonly Code[], span: Span): Code | undefined {
    const [left, right] = plan.args;
    if (left === undefined || right === undefined || plan.mapDepth !== 0) return undefined;
    const lit = (e: Expr): { v: Value } | undefined =>
      e.kind === "String" || e.kind === "Boolean" ? { v: e.value } : e.kind === "Null" ? { v: null } : undefined;
    const l = lit(left), r = lit(right);
    const found = r ?? l;
    if (found === undefined) return undefined;
    const [otherExpr, other] = r !== undefined ? [left, args[0]!] : [right, args[1]!];
    const value = typeof found.v === "string" ? interned(found.v) : found.v;
    const negate = equalityOf(plan) === "!=";
    const inner = this.checked.plans.get(otherExpr);
    const arg = inner?.kind === "op" ? this.checked.plans.get(inner.args[0]!) : undefined;
    const unary = inner?.kind === "op" && inner.args.length === 1 ? unaryOf(inner) : undefined;
    if (unary !== undefined && arg?.kind === "slot" && arg.depth === 0) {
      return fieldTest({ index: arg.index, unary, value, negate, span, callSpan: otherExpr.span });
    }
    return (f, c) => {
      const x = other(f, c);
      if (++c.steps > c.next) c.tick(span);
      return (x === value) !== negate;
    };
  }

  /**
   * A string key mapped over the list an op with a column reader returns (`r.history.loss`, `runs.history["acc"]`):
   * the op's `column` (see OpDef) reads the values directly. Counted as the op call plus the list it returns.
   */
  #column(plan: KeyPlan, node: Expr): Code | undefined {
    const inner = this.checked.plans.get(plan.object);
    if (typeof plan.key !== "string" || plan.mapDepth < 1 || inner?.kind !== "op") return undefined;
    const column = inner.op.column;
    const name = inner.op.name;
    if (column === undefined || inner.args.length !== 1 || inner.candidates.length !== 1 || inner.dynamic.some((d) => d) ||
      inner.mapDepth !== plan.mapDepth - 1) return undefined;
    const arg = this.compile(inner.args[0]!);
    const key = interned(plan.key);
    const depth = inner.mapDepth;
    const flat = this.#flat(node, depth);
    const span = node.span;
    const read = (x: Value, c: Ctx): Value => {
      if (x === null) return null;
      if (++c.steps > c.next) c.tick(span);
      let col: readonly Value[];
      try {
        col = column(x, key);
      } catch (e) {
        throw fail(e, span, name);
      }
      if (flat) c.outputFlat(col, span);
      else c.output(col, span);
      return col;
    };
    if (depth === 0) return (f, c) => read(arg(f, c), c);
    return (f, c) => mapOver(arg(f, c), depth, (x) => read(x, c), c, span);
  }

  #key(plan: KeyPlan, span: Span): Code {
    const object = this.compile(plan.object);
    const depth = plan.mapDepth;
    if (typeof plan.key === "string") {
      const key = interned(plan.key);
      const get = (o: Value): Value => (o instanceof Map ? (o.get(key) ?? null) : null);
      if (depth === 0) {
        return (f, c) => {
          const o = object(f, c);
          if (++c.steps > c.next) c.tick(span);
          return get(o);
        };
      }
      return (f, c) => mapOver(object(f, c), depth, (o) => {
        if (++c.steps > c.next) c.tick(span);
        return get(o);
      }, c, span);
    }
    const keyCode = this.compile(plan.key);
    return (f, c) => {
      const o = object(f, c);
      const k = keyCode(f, c);
      const get = (d: Value): Value => {
        if (++c.steps > c.next) c.tick(span);
        return d instanceof Map && typeof k === "string" ? (d.get(k) ?? null) : null;
      };
      return depth === 0 ? get(o) : mapOver(o, depth, get, c, span);
    };
  }

  #dynamicMember(plan: DynamicMemberPlan, span: Span): Code {
    const object = this.compile(plan.object);
    const inv = plan.op !== undefined ? invoker(plan.op.op, plan.key, plan.op, span) : undefined;
    const key = interned(plan.key);
    const depth = plan.mapDepth;
    const lenient = plan.lenient;
    return (f, c) => {
      const get = (o: Value): Value => {
        if (o instanceof Map) {
          if (++c.steps > c.next) c.tick(span);
          return o.get(key) ?? null;
        }
        // null is not a dict: `x.f` is `f(x)`, and the op's null rule decides (language.md "Names, calls and members")
        if (inv !== undefined) return inv([o], c);
        if (o === null || lenient) return null;
        throw limit("type_mismatch", `a ${kindOf(o)} has no key or op \`${key}\``, span);
      };
      const o = object(f, c);
      return depth === 0 ? get(o) : mapOver(o, depth, get, c, span);
    };
  }

  #lambda(node: Lambda): Code {
    const plan = this.#plan(node, "lambda");
    this.#level++;
    const body = this.compile(node.body);
    this.#level--;
    return lambda(body, node.params.length, plan.nested, node.span);
  }
}
