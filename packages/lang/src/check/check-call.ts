/**
 * Names and calls: `f(a)`, `a.f(b)` (uniform call syntax), operators, function values, and the list-mapping rule
 * (language.md, "Lists map ops over themselves": ops taking the list itself win; otherwise the op maps over the
 * first argument's elements, one list level at a time, outermost first).
 */
import { isAssignable, isNullable, nonNull, printSignature, printType, resolveOverload, T, type ArgSpec, type OpDef, type Resolution, type Resolved, type Type } from "@qel/ops";
import type { Call, Expr, Lambda, Name } from "../syntax/ast.js";
import type { Checker } from "./check.js";
import { withSchema } from "./check-member.js";
import type { OpCallPlan, OpValuePlan } from "./check-plan.js";
import { typeKey, type Scope } from "./check-scope.js";
import { checkValueCall, opValueType, unknownName } from "./check-value.js";
import { error, warning } from "../syntax/diagnostics.js";
import type { Span } from "../syntax/source.js";
import { errorType } from "./error-type.js";

/** An argument expression; `type` is set when the caller already checked it (a receiver). */
export interface ArgIn {
  readonly expr: Expr;
  readonly type?: Type;
}

export function probeKey(params: readonly Type[], scope: Scope): string {
  return `${params.map(typeKey).join(",")}|${scope.key()}`;
}

/** Warns when `name` is a deprecated spelling of its op. */
export function noteName(c: Checker, op: OpDef, name: string, node: Expr): void {
  if (c.shared.registry.isDeprecatedName(name)) {
    c.report(warning("deprecated_name", `\`${name}\` is a deprecated name of \`${op.name}\``, node.span, { hint: `write \`${op.name}\`` }));
  }
}

export function checkName(c: Checker, node: Name, scope: Scope): Type {
  // a part the parser found missing: already reported as a syntax error
  if (node.name === "") return errorType;
  const local = scope.lookup(node.name);
  if (local !== undefined) {
    c.plans.set(node, local.plan);
    return local.type;
  }
  const op = c.shared.registry.lookup(node.name);
  if (op !== undefined) {
    noteName(c, op, node.name, node);
    const arity = Math.min(...op.overloads.map((o) => o.params.length - o.optional));
    c.plans.set(node, { kind: "opValue", op, name: node.name, arity, call: undefined });
    return opValueType(op);
  }
  return unknownName(c, node.name, node, scope, "unknown_name");
}

export function checkOperator(c: Checker, node: Expr, symbol: string, display: string, args: readonly ArgIn[], scope: Scope): Type {
  const op = c.shared.registry.operator(symbol);
  if (op === undefined) {
    for (const a of args) if (a.type === undefined) c.visit(a.expr, scope);
    c.report(error("unknown_op", `the operator \`${display}\` is not defined by this registry`, node.span));
    return errorType;
  }
  return checkOpCall(c, node, op, display, args, scope);
}

export function checkCall(c: Checker, node: Call, scope: Scope): Type {
  const callee = node.callee;
  if ((callee.kind === "Name" || callee.kind === "Member") && callee.name !== "" && scope.lookup(callee.name) === undefined) {
    // the common case, an op by its name: `f(x)`, `x.f(y)`
    const op = c.shared.registry.lookup(callee.name);
    if (op !== undefined) {
      noteName(c, op, callee.name, callee);
      c.types.set(callee, opValueType(op));
      const args: ArgIn[] = node.args.map((expr) => ({ expr }));
      return checkOpCall(c, node, op, callee.name, callee.kind === "Member" ? [{ expr: callee.object }, ...args] : args, scope);
    }
  }
  return checkOtherCall(c, node, scope);
}

/** `checkCall` of anything but an op by its name: a function value, a lambda, a local or unknown name. */
function checkOtherCall(c: Checker, node: Call, scope: Scope): Type {
  const callee = node.callee;
  const args: ArgIn[] = node.args.map((expr) => ({ expr }));
  if ((callee.kind === "Name" || callee.kind === "Member") && callee.name === "") {
    if (callee.kind === "Member") c.visit(callee.object, scope);
    for (const a of args) c.visit(a.expr, scope);
    return errorType;
  }
  if (callee.kind === "Name" || callee.kind === "Member") {
    const name = callee.name;
    const receiver: ArgIn[] = callee.kind === "Member" ? [{ expr: callee.object }] : [];
    const local = scope.lookup(name);
    if (local !== undefined && (callee.kind === "Name" || local.type.kind === "function" || local.type.kind === "any")) {
      c.plans.set(callee, local.plan);
      c.types.set(callee, local.type);
      return checkValueCall(c, node, callee, local.type, [...receiver, ...args], scope);
    }
    const op = c.shared.registry.lookup(name);
    if (op !== undefined) {
      noteName(c, op, name, callee);
      c.types.set(callee, opValueType(op));
      return checkOpCall(c, node, op, name, [...receiver, ...args], scope);
    }
    for (const a of [...receiver, ...args]) c.visit(a.expr, scope);
    return unknownName(c, name, callee, scope, "unknown_op");
  }
  if (callee.kind === "Lambda") {
    const types = args.map((a) => c.visit(a.expr, scope));
    if (types.length !== callee.params.length) {
      c.report(error("wrong_arity", `this function takes ${callee.params.length} argument(s), got ${types.length}`, node.span));
    }
    const probe = c.probe(callee, types, scope);
    c.commit(probe);
    c.plans.set(node, { kind: "callValue", callee, args: node.args });
    return probe.type;
  }
  return checkValueCall(c, node, callee, c.visit(callee, scope), args, scope);
}

/** Builds the resolver's view of the arguments; value arguments are checked now, functions on demand. */
export function argSpecs(c: Checker, args: readonly ArgIn[], scope: Scope): ArgSpec[] {
  return args.map((a): ArgSpec => {
    if (a.type !== undefined) return { kind: "value", type: a.type };
    const e = a.expr;
    if (e.kind === "Lambda") {
      return { kind: "function", arity: e.params.length, check: (params) => {
        const p = c.probe(e, params, scope);
        return { result: p.type, ok: p.ok };
      } };
    }
    if (e.kind === "Name" && scope.lookup(e.name) === undefined) {
      const op = c.shared.registry.lookup(e.name);
      if (op !== undefined) return { kind: "function", arity: undefined, check: (params) => opValueCheck(c, e, op, params, scope) };
    }
    return { kind: "value", type: c.visit(e, scope) };
  });
}

/** An op passed as a function: it takes the shortest prefix of the offered parameters it accepts. */
function opValueCheck(c: Checker, node: Name, op: OpDef, params: readonly Type[], scope: Scope): { result: Type | undefined; ok: boolean } {
  let memo = c.shared.opValues.get(node);
  if (memo === undefined) c.shared.opValues.set(node, (memo = new Map()));
  const key = probeKey(params, scope);
  const hit = memo.get(key);
  if (hit !== undefined) {
    const t = hit.kind === "opValue" ? resultTypes.get(hit) : undefined;
    return { result: t?.kind === "function" ? t.result : T.Any, ok: true };
  }
  for (let k = Math.min(1, params.length); k <= params.length; k++) {
    const r = resolveOverload(op, params.slice(0, k).map((type) => ({ kind: "value", type })));
    if (!r.ok) continue;
    const result = withSchema(c, r.result);
    const plan: OpValuePlan = { kind: "opValue", op, name: node.name, arity: k, call: callPlanOf(op, node.name, r, 0) };
    memo.set(key, plan);
    resultTypes.set(plan, T.Fn(params.slice(0, k), result));
    return { result, ok: true };
  }
  return { result: undefined, ok: true };
}

const resultTypes = new WeakMap<OpValuePlan, Type>();

export function callPlanOf(op: OpDef, name: string, r: Resolved, mapDepth: number): Omit<OpCallPlan, "args"> {
  const bigResult = r.candidates.some((k) => mayBeBig(k.result));
  return { kind: "op", op, name, candidates: r.candidates, dynamic: r.dynamic, mapDepth, bigResult, lenient: r.lenient };
}

function mayBeBig(t: Type): boolean {
  // the domain dicts (ConfigDict, …) are the host's own data, never built by an op
  return t.kind === "list" || t.kind === "string" || (t.kind === "dict" && t.name === undefined) || t.kind === "any" || t.kind === "var" || (t.kind === "union" && t.members.some(mayBeBig));
}

/** The first argument's type with `level` list levels peeled, and whether a peeled level may be null. */
function peel(t: Type, level: number): { type: Type; nullable: boolean } | undefined {
  let nullable = false;
  for (let i = 0; i < level; i++) {
    const u = nonNull(t);
    if (u.kind !== "list") return undefined;
    nullable ||= isNullable(t);
    t = u.element;
  }
  return { type: t, nullable };
}

export type Attempt = { readonly resolved: Resolved; readonly level: number; readonly nullable: boolean };

/** Resolves at list levels `from`..`to` of the first argument, outermost first; the first level that fits wins. */
export function resolveLevels(op: OpDef, specs: readonly ArgSpec[], from: number, to: number): Attempt | Resolution {
  let first: Resolution | undefined;
  const head = specs[0];
  for (let level = from; level <= to; level++) {
    let args = specs;
    let nullable = false;
    if (level > 0) {
      if (head?.kind !== "value") break;
      const p = peel(head.type, level);
      if (p === undefined) break;
      args = [{ kind: "value", type: p.type }, ...specs.slice(1)];
      nullable = p.nullable;
    }
    const r = resolveOverload(op, args);
    if (r.ok) return { resolved: r, level, nullable };
    first ??= r;
  }
  return first ?? { ok: false, reason: "types" };
}

export function checkOpCall(c: Checker, node: Expr, op: OpDef, name: string, args: readonly ArgIn[], scope: Scope): Type {
  const specs = argSpecs(c, args, scope);
  // a special form (`&&`, `?:`…) takes its operands as they are; only eager ops map over lists
  const r = resolveLevels(op, specs, 0, op.overloads.some((o) => o.lazy) ? 0 : Infinity);
  if ("resolved" in r) return finishCall(c, node, op, name, args, r, scope);
  reportFailure(c, node, op, name, args, specs, r, scope);
  return errorType;
}

/** Commits the chosen overload's function arguments and records the plan; returns the call's type. */
export function finishCall(c: Checker, node: Expr, op: OpDef, name: string, args: readonly ArgIn[], a: Attempt, scope: Scope): Type {
  const { resolved, level } = a;
  const first = resolved.candidates[0]!;
  args.forEach((arg, i) => {
    const given = first.functionParams[i];
    if (given === undefined) return;
    const params = resolved.candidates.length === 1 ? given : agreedParams(resolved, i, given);
    if (arg.expr.kind === "Lambda") c.commit(c.probe(arg.expr, params, scope));
    else commitOpValue(c, arg.expr, params, scope);
  });
  // extends the fresh plan in place: a spread copy of it made checking a third slower
  const plan: OpCallPlan = Object.assign(callPlanOf(op, name, resolved, level), { args: args.map((x) => x.expr) });
  c.plans.set(node, plan);
  if (resolved.misfits.some((kinds) => kinds !== undefined)) partialMatches(c, name, args, resolved);
  let t = withSchema(c, resolved.result);
  for (let i = 0; i < level; i++) t = T.List(t);
  return a.nullable ? T.Nullable(t) : t;
}

/** Warns where run data of several kinds is accepted, and gives null where a run holds a kind the op does not take. */
function partialMatches(c: Checker, name: string, args: readonly ArgIn[], resolved: Resolved): void {
  resolved.misfits.forEach((kinds, i) => {
    if (kinds === undefined || args[i] === undefined) return;
    const shown = kinds.map(printType).join(" or ");
    c.report(warning("partial_match", `\`${name}\` takes no ${shown}: where this value (or an element of it) is one, it gives null`, args[i].expr.span, {
      hint: "the runs disagree on this value's kind; `typeOf(x)` tells them apart",
    }));
  });
}

/** The parameters every candidate gives function argument `i` when they agree, else `any` for each. */
function agreedParams(resolved: Resolved, i: number, given: readonly Type[]): readonly Type[] {
  const shown = given.map(printType).join();
  const same = resolved.candidates.every((k) => k.functionParams[i]?.map(printType).join() === shown);
  return same ? given : given.map(() => T.Any);
}

function commitOpValue(c: Checker, node: Expr, params: readonly Type[], scope: Scope): void {
  const plan = c.shared.opValues.get(node)?.get(probeKey(params, scope));
  if (plan === undefined || plan.kind !== "opValue") return;
  c.plans.set(node, plan);
  c.types.set(node, resultTypes.get(plan) ?? T.Any);
}

export function reportFailure(c: Checker, node: Expr, op: OpDef, name: string, args: readonly ArgIn[], specs: readonly ArgSpec[], r: Resolution, scope: Scope): void {
  const notes = op.overloads.map((o) => ({ message: printSignature(op, o, { name: op.operator !== undefined ? name : op.name }) }));
  let committed: Lambda | undefined;
  if (r.ok) return;
  if (r.reason === "arity") {
    const viaDot = node.kind === "Member" || (node.kind === "Call" && node.callee.kind === "Member");
    const receiver = viaDot ? " (the value before the dot is the first)" : "";
    const plural = r.counts.length === 1 && r.counts[0] === "1" ? "argument" : "arguments";
    c.report(error("wrong_arity", `\`${name}\` takes ${r.counts.join(" or ")} ${plural}${receiver}, got ${args.length}`, node.span, { notes }));
  } else if (r.reason === "types") {
    const shown = specs.map((s) => (s.kind === "value" ? printType(s.type) : "function")).join(", ");
    c.report(error("no_matching_overload", `no overload of \`${name}\` accepts (${shown})`, misfitSpan(op, args, specs) ?? node.span, { notes }));
  } else {
    const arg = args[r.arg]!.expr;
    const expected = r.expected.kind === "function" ? r.expected : undefined;
    if (arg.kind === "Lambda") {
      committed = arg;
      c.commit(c.probe(arg, r.params, scope));
      if (r.got === undefined) {
        c.report(error("wrong_arity", `the function given to \`${name}\` takes at most ${expected?.params.length ?? 0} parameter(s), this one declares ${arg.params.length}`, arg.span, { notes }));
      } else {
        const want = expected !== undefined ? printType(expected.result) : "another type";
        c.report(error("wrong_lambda_result", `\`${name}\` needs a function returning ${want}; this one returns ${printType(r.got)}`, arg.body.span, { notes }));
      }
    } else {
      c.report(error("no_matching_overload", `\`${printExpr(arg)}\` cannot be called with (${r.params.map(printType).join(", ")}) as \`${name}\` needs`, arg.span, { notes }));
    }
  }
  for (const a of args) {
    if (a.expr.kind === "Lambda" && a.expr !== committed) c.commit(c.probe(a.expr, a.expr.params.map(() => T.Any), scope));
  }
}

/** With a single overload, the first argument it does not take: the place to point at (`1 && true`). */
function misfitSpan(op: OpDef, args: readonly ArgIn[], specs: readonly ArgSpec[]): Span | undefined {
  if (op.overloads.length !== 1) return undefined;
  const o = op.overloads[0]!;
  const i = specs.findIndex((s, k) => s.kind === "value" && o.params[k] !== undefined && !isAssignable(nonNull(s.type), o.params[k]!));
  return i >= 0 ? args[i]?.expr.span : undefined;
}

function printExpr(e: Expr): string {
  return e.kind === "Name" ? e.name : "function";
}
