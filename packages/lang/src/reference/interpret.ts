/**
 * The reference interpreter: the meaning of an analyzed expression, written for obviousness rather than speed. It
 * walks the analyzed tree that analyze() returns, follows what the analysis resolved at each node (which op
 * overloads a call may run, how many list levels it maps over, whether a member is a key or an op, which scope a
 * name reads) and calls the op implementations directly: no closures, no fused loops, no fast paths, no budgets.
 * The compiled evaluator must give what this gives, value for value and error code for error code
 * (test/properties/reference.test.ts checks it on generated expressions).
 */
import {
  callOverload, checkerFor, DurationValue, fitterFor, FunctionValue, kindOf, nullPropagates, OpError, substitute,
  type Candidate, type OpDef, type Value,
} from "@qel/ops";
import type { Analysis } from "../check/analyze.js";
import type { DynamicMemberPlan, KeyPlan, OpCallPlan, Plan } from "../check/check-plan.js";
import { assertNever, type Expr } from "../syntax/ast.js";
import { durationMs } from "../syntax/durations.js";

/** Why an interpretation stopped: the diagnostic code the compiled evaluator reports for the same failure. */
export class ReferenceFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The values of the names visible at a node: lambda parameters, then the host's variables. */
interface Scope {
  readonly names: ReadonlyMap<string, Value>;
  readonly parent: Scope | undefined;
}

/** The call an op plan describes, without its argument expressions. */
type CallPlan = Omit<OpCallPlan, "args">;

/**
 * Evaluates an analyzed expression (analyze()'s result, without errors) over `bindings` (already qel values).
 * Throws a ReferenceFailure for anything the expression itself gets wrong; never applies a limit.
 */
export function interpret(analysis: Analysis, bindings: Readonly<Record<string, Value>>): Value {
  if (!analysis.ok) throw new ReferenceFailure("internal_error", "the expression has errors: only an analysis without errors has a meaning");
  const root: Scope = { names: new Map(Object.entries(bindings)), parent: undefined };
  return new Interpreter(analysis).eval(analysis.ast, root);
}

class Interpreter {
  constructor(readonly analysis: Analysis) {}

  /** What the analysis resolved at a name, member, index, call or operator node. */
  plan(node: Expr): Plan {
    const p = this.analysis.plans.get(node);
    if (p === undefined) throw new ReferenceFailure("internal_error", `no plan for a ${node.kind} node`);
    return p;
  }

  eval(node: Expr, scope: Scope): Value {
    switch (node.kind) {
      case "Number":
      case "String":
      case "Boolean":
        return node.value;
      case "Null":
        return null;
      case "Duration":
        return new DurationValue(durationMs(node));
      case "List":
        return Object.freeze(node.items.map((item) => this.eval(item, scope)));
      case "Dict":
        return new Map(node.entries.map((e) => [e.key, this.eval(e.value, scope)] as const));
      case "Lambda":
        return new FunctionValue("<lambda>", node.params.length, (...args: Value[]) => {
          const names = new Map(node.params.map((p, i) => [p.name, args[i] ?? null] as const));
          return this.eval(node.body, { names, parent: scope });
        });
      case "Name":
      case "Member":
      case "Index":
      case "Call":
      case "Unary":
      case "Binary":
      case "Conditional":
        return this.planned(node, this.plan(node), scope);
      default:
        return assertNever(node);
    }
  }

  planned(node: Expr, plan: Plan, scope: Scope): Value {
    switch (plan.kind) {
      case "slot":
        return lookup(scope, plan.name);
      case "op":
        return this.opCall(plan, scope);
      case "key":
        return this.key(plan, scope);
      case "dynamicMember":
        return this.dynamicMember(plan, scope);
      case "opValue": {
        const { op, call, arity } = plan;
        return new FunctionValue(op.name, arity, (...args: Value[]) =>
          call !== undefined ? invoke(call, args.slice(0, arity).map((a) => a ?? null)) : invoke(anyOverload(op, plan.name), args.map((a) => a ?? null)));
      }
      case "callValue": {
        const fn = this.eval(plan.callee, scope);
        const args = plan.args.map((a) => this.eval(a, scope));
        if (fn === null) return null;
        if (!(fn instanceof FunctionValue)) throw new ReferenceFailure("not_callable", `a ${kindOf(fn)} cannot be called`);
        return guarded(() => fn.call(...args) ?? null);
      }
      case "lambda":
        throw new ReferenceFailure("internal_error", `a lambda plan on a ${node.kind} node`);
      default:
        return assertNever(plan);
    }
  }

  opCall(plan: OpCallPlan, scope: Scope): Value {
    if (plan.candidates[0]!.overload.lazy) return this.lazyCall(plan, scope);
    const [head, ...rest] = plan.args.map((a) => this.eval(a, scope));
    return mapLevels(head ?? null, plan.mapDepth, (x) => invoke(plan, head === undefined ? [] : [x, ...rest]));
  }

  /** A special form: its implementation decides which arguments to evaluate; each is checked when it is. */
  lazyCall(plan: OpCallPlan, scope: Scope): Value {
    const k = plan.candidates[0]!;
    const misfit = new ReferenceFailure("type_mismatch", `\`${plan.name}\` cannot take this value`);
    const thunks = plan.args.map((a, i) => () => {
      const v = this.eval(a, scope);
      const p = k.params[i];
      if (v === null || plan.dynamic[i] !== true || p === undefined || checkerFor(p)(v)) return v;
      throw misfit;
    });
    try {
      return guarded(() => (k.overload.impl as (...t: (() => Value)[]) => Value)(...thunks));
    } catch (e) {
      if (e === misfit && plan.lenient) return null;
      throw e;
    }
  }

  key(plan: KeyPlan, scope: Scope): Value {
    const object = this.eval(plan.object, scope);
    const key = typeof plan.key === "string" ? plan.key : this.eval(plan.key, scope);
    return mapLevels(object, plan.mapDepth, (d) => (d instanceof Map && typeof key === "string" ? (d.get(key) ?? null) : null));
  }

  dynamicMember(plan: DynamicMemberPlan, scope: Scope): Value {
    const object = this.eval(plan.object, scope);
    return mapLevels(object, plan.mapDepth, (o) => {
      if (o instanceof Map) return o.get(plan.key) ?? null;
      if (plan.op !== undefined) return invoke(plan.op, [o]);
      if (o === null || plan.lenient) return null;
      throw new ReferenceFailure("type_mismatch", `a ${kindOf(o)} has no key or op \`${plan.key}\``);
    });
  }
}

function lookup(scope: Scope, name: string): Value {
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.names.has(name)) return s.names.get(name)!;
  }
  throw new ReferenceFailure("unknown_name", `no value is bound to \`${name}\``);
}

/** Applies `f` `depth` list levels down (a null list gives null). */
function mapLevels(x: Value, depth: number, f: (v: Value) => Value): Value {
  if (depth === 0) return f(x);
  if (x === null) return null;
  if (!Array.isArray(x)) throw new ReferenceFailure("internal_error", "a value the checker typed as a list is not one");
  return Object.freeze((x as readonly Value[]).map((v) => mapLevels(v, depth - 1, f)));
}

/** Every overload of `op` as a candidate chosen by the arguments' kinds (an op used as a value without known types). */
function anyOverload(op: OpDef, name: string): CallPlan {
  const candidates: Candidate[] = op.overloads.map((o, index) => {
    const params = o.params.map((p) => substitute(p, new Map()));
    return { overload: o, index, params, result: params[0]!, functionParams: [], bindings: new Map() };
  });
  const most = Math.max(...op.overloads.map((o) => o.params.length));
  return { kind: "op", op, name, candidates, dynamic: Array.from({ length: most }, () => true), mapDepth: 0, bigResult: true, lenient: false };
}

/**
 * Runs a call on computed arguments: the first candidate whose parameters take the arguments' kinds, under the
 * null rule; run data of a kind no candidate takes gives null, any other value a type_mismatch.
 */
function invoke(plan: CallPlan, args: readonly Value[]): Value {
  const { op } = plan;
  if (args.length > 0 && args[0] === null && nullPropagates(op, 0, op.overloads[0]!.params[0]!)) return null;
  for (const k of plan.candidates) {
    const o = k.overload;
    if (args.length > o.params.length || args.length < o.params.length - o.optional) continue;
    const given = [...args];
    let isNull = false;
    let fits = true;
    for (let i = 0; i < args.length && fits; i++) {
      const v = args[i]!;
      const p = k.params[i]!;
      if (v === null && nullPropagates(op, i, p)) isNull = true;
      else if (plan.dynamic[i] === true && p.kind !== "any" && !checkerFor(p)(v)) {
        const fitted = plan.lenient ? fitterFor(p)?.(v) : undefined;
        if (fitted === undefined) fits = false;
        else given[i] = fitted;
      }
    }
    if (!fits) continue;
    if (isNull) return null;
    return guarded(() => callOverload(o, given) ?? null);
  }
  if (plan.lenient) return null;
  throw new ReferenceFailure("type_mismatch", `\`${plan.name}\` cannot take (${args.map(kindOf).join(", ")})`);
}

/** Runs `fn`, turning what an op throws into the code the compiled evaluator reports for it. */
function guarded(fn: () => Value): Value {
  try {
    return fn() ?? null;
  } catch (e) {
    if (e instanceof ReferenceFailure) throw e;
    if (e instanceof OpError) throw new ReferenceFailure(e.code, e.message);
    if (e instanceof RangeError) throw new ReferenceFailure(e.message.includes("call stack") ? "depth_limit_exceeded" : "output_limit_exceeded", e.message);
    if (e instanceof TypeError) throw new ReferenceFailure("runtime_error", e.message);
    if (e instanceof Error && "diagnostic" in e) throw new ReferenceFailure(String((e as { diagnostic: { code: string } }).diagnostic.code), e.message);
    throw new ReferenceFailure("internal_error", String(e));
  }
}
