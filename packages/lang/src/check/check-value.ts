/** Function values: calling one, the type of an op used as a value, and unknown names with suggestions. */
import { isAssignable, isKeyword, nonNull, printType, substitute, suggestNames, T, union, type OpDef, type Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import type { ArgIn } from "./check-call.js";
import type { Checker } from "./check.js";
import type { Scope } from "./check-scope.js";
import { error, type DiagnosticCode } from "../syntax/diagnostics.js";
import { errorType } from "./error-type.js";

/** The type of an op used as a value: its signature when it has one overload, else a function of `any`. */
export function opValueType(op: OpDef): Type {
  let t = opValueTypes.get(op);
  if (t === undefined) opValueTypes.set(op, (t = opValueTypeOf(op)));
  return t;
}

/** The function type of each op used as a value, made once (ops are immutable). */
const opValueTypes = new WeakMap<OpDef, Type>();

function opValueTypeOf(op: OpDef): Type {
  const empty = new Map<string, Type>();
  if (op.overloads.length === 1) {
    const o = op.overloads[0]!;
    const result = typeof o.result === "function" ? T.Any : substitute(o.result, empty);
    return T.Fn(o.params.slice(0, o.params.length - o.optional).map((p) => substitute(p, empty)), result);
  }
  const arity = Math.min(...op.overloads.map((o) => o.params.length - o.optional));
  return T.Fn(Array.from({ length: arity }, () => T.Any), T.Any);
}

/** Calls a function value (`f(x)` where `f` is a parameter, a host function or any other expression). */
export function checkValueCall(c: Checker, node: Expr, callee: Expr, calleeType: Type, args: readonly ArgIn[], scope: Scope): Type {
  const types = args.map((a) => a.type ?? c.visit(a.expr, scope));
  c.plans.set(node, { kind: "callValue", callee, args: args.map((a) => a.expr) });
  if (calleeType.kind === "any") return T.Any;
  // calling null gives null, as every op given null does (language.md, "Nulls")
  const fn = nonNull(calleeType);
  if (fn.kind === "never") return T.Null;
  const nullable = fn !== calleeType;
  if (fn.kind === "any") return T.Any;
  if (fn.kind !== "function") {
    c.report(error("not_callable", `a value of type ${printType(calleeType)} cannot be called`, callee.span));
    return errorType;
  }
  if (types.length !== fn.params.length) {
    c.report(error("wrong_arity", `this function takes ${fn.params.length} argument(s), got ${types.length}`, node.span));
    return fn.result;
  }
  types.forEach((t, i) => {
    const want = fn.params[i]!;
    if (!isAssignable(t, want)) {
      c.report(error("type_mismatch", `argument ${i + 1} is ${printType(t)}, the function takes ${printType(want)}`, args[i]!.expr.span));
    }
  });
  return nullable ? union(fn.result, T.Null) : fn.result;
}

/** Reports an unknown name (or op, in call position) with "did you mean" over every visible name. */
export function unknownName(c: Checker, name: string, node: Expr, scope: Scope, code: DiagnosticCode): Type {
  const asked = c.shared.registry.askedFor(name);
  // a keyword (`in`, `or`) is never a name, though ops are named after some
  const near = asked.length > 0 ? asked : suggestNames(name, [...scope.names(), ...c.shared.registry.names()].filter((n) => !isKeyword(n)));
  const what = code === "unknown_op" ? "op or function" : "name";
  c.report(error(code, `unknown ${what} \`${name}\``, node.kind === "Member" ? node.nameSpan : node.span, near.length > 0 ? { hint: `did you mean ${near.map((n) => `\`${n}\``).join(", ")}?` } : {}));
  return errorType;
}
