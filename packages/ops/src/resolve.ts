/**
 * Overload resolution: which overload rows of an op accept some argument types. Type variables unify (binding
 * widens to a union), function arguments (lambdas, ops used as values) are checked with the parameter types the
 * overload gives them, and the null rule of docs/language.md ("Nulls") strips `null` from the first
 * argument, and from arguments at scalar parameters, of ops that do not handle null.
 *
 * The `any` rule: an argument whose static type contains `any` matches statically; every overload it could match
 * stays a candidate, in declaration order, and the evaluator re-dispatches among them by runtime kind (first match).
 * Without `any`, the first overload that matches fully is the only candidate.
 *
 * The gradual rule (docs/language.md "Types from data"): an argument whose type is gradual (run data, whose kinds
 * a schema only reports) is dynamic too, and an overload is a candidate when it fits at least one member. The
 * members that fit no candidate are reported, and at run time a value of such a kind makes the call null.
 */
import { nullPropagates, type OpDef, type Overload } from "./define.js";
import { isAssignable, isGradual, isNullable, mapUnion, nonNull, printType, T, typeEquals, union, type Type } from "./types.js";

/** What the caller knows about one argument. */
export type ArgSpec =
  | { readonly kind: "value"; readonly type: Type }
  | {
    readonly kind: "function";
    /** Declared parameter count of a lambda; undefined for an op used as a value (it takes what it needs). */
    readonly arity: number | undefined;
    /** Checks the function with these parameter types; `ok` is false when its body has errors of its own. */
    readonly check: (params: readonly Type[]) => FunctionCheck;
  };

export interface FunctionCheck {
  /** The function's result type; undefined when it cannot take these parameters at all. */
  readonly result: Type | undefined;
  readonly ok: boolean;
}

/** One statically possible overload, with its parameters instantiated. */
export interface Candidate {
  readonly overload: Overload;
  readonly index: number;
  /** Parameter types with type variables substituted (unbound ones are `any`), for runtime matching. */
  readonly params: readonly Type[];
  readonly result: Type;
  /** Parameter types handed to each function argument (undefined for value arguments). */
  readonly functionParams: readonly (readonly Type[] | undefined)[];
  readonly bindings: ReadonlyMap<string, Type>;
}

export interface Resolved {
  readonly ok: true;
  /** The candidates in declaration order; exactly one unless some argument's type contains `any`. */
  readonly candidates: readonly Candidate[];
  /** Per argument: whether its static type contains `any` or is gradual, so its runtime kind decides among candidates. */
  readonly dynamic: readonly boolean[];
  /**
   * Some dynamic argument is run data (`isGradual`): at run time a value of a kind no candidate takes makes the
   * call null instead of failing.
   */
  readonly lenient: boolean;
  /** Per argument: the members of its gradual type that no candidate takes (they give null), if any. */
  readonly misfits: readonly (readonly Type[] | undefined)[];
  /** The union of the candidates' results, with `null` when the null rule may apply. */
  readonly result: Type;
  /** True when some function argument had errors of its own in the chosen overload (already reported by it). */
  readonly functionErrors: boolean;
}

export type ResolveFailure =
  | { readonly ok: false; readonly reason: "arity"; readonly counts: readonly string[] }
  | { readonly ok: false; readonly reason: "types" }
  /** A function argument returned the wrong type, or declared too many parameters, in the best candidate. */
  | { readonly ok: false; readonly reason: "function"; readonly arg: number; readonly expected: Type; readonly got: Type | undefined; readonly params: readonly Type[] };

export type Resolution = Resolved | ResolveFailure;

/** True when `t` mentions `any` anywhere (so a runtime value may not match what the static type promises). */
export function containsAny(t: Type): boolean {
  switch (t.kind) {
    case "any":
      return true;
    case "list":
      return containsAny(t.element) || (t.groupKey !== undefined && containsAny(t.groupKey));
    case "dict":
      return false;
    case "union":
      return t.members.some(containsAny);
    case "function":
      return false;
    default:
      return false;
  }
}

/** Replaces type variables by their bindings; unbound variables become `any`. */
export function substitute(t: Type, b: ReadonlyMap<string, Type>): Type {
  switch (t.kind) {
    case "var":
      return b.get(t.name) ?? T.Any;
    case "list": {
      const element = substitute(t.element, b);
      if (t.groupKey === undefined) return element === t.element ? t : T.List(element);
      const key = substitute(t.groupKey, b);
      return element === t.element && key === t.groupKey ? t : T.Group(element, key);
    }
    case "dict": {
      if (!hasVar(t)) return t;
      const fields = t.fields === undefined ? undefined : new Map([...t.fields].map(([k, f]) => [k, substitute(f, b)]));
      return T.Dict(substitute(t.value, b), fields, t.name);
    }
    case "union":
      return hasVar(t) ? mapUnion(t, (m) => substitute(m, b)) : t;
    case "function": {
      // a type without variables is its own substitution: no copy (checking a call builds many)
      const params = t.params.map((p) => substitute(p, b));
      const result = substitute(t.result, b);
      return result === t.result && params.every((p, i) => p === t.params[i]) ? t : T.Fn(params, result);
    }
    default:
      return t;
  }
}

function hasVar(t: Type): boolean {
  switch (t.kind) {
    case "var":
      return true;
    case "list":
      return hasVar(t.element) || (t.groupKey !== undefined && hasVar(t.groupKey));
    case "dict":
      return hasVar(t.value) || (t.fields !== undefined && [...t.fields.values()].some(hasVar));
    case "union":
      return t.members.some(hasVar);
    case "function":
      return t.params.some(hasVar) || hasVar(t.result);
    default:
      return false;
  }
}

function bindAll(param: Type, to: Type, b: Map<string, Type>): void {
  switch (param.kind) {
    case "var":
      if (!b.has(param.name)) b.set(param.name, to);
      return;
    case "list":
      bindAll(param.element, to, b);
      if (param.groupKey !== undefined) bindAll(param.groupKey, to, b);
      return;
    case "dict":
      bindAll(param.value, to, b);
      return;
    case "union":
      for (const m of param.members) bindAll(m, to, b);
      return;
    case "function":
      for (const p of param.params) bindAll(p, to, b);
      bindAll(param.result, to, b);
      return;
    default:
      return;
  }
}

/**
 * Matches `arg` against `param`, binding type variables in `b` (a bound variable widens to the union of what it
 * meets). Returns false on a mismatch; `b` may then hold partial bindings (callers copy it first).
 */
export function unify(param: Type, arg: Type, b: Map<string, Type>): boolean {
  if (arg.kind === "any" || arg.kind === "never") {
    bindAll(param, arg, b);
    return true;
  }
  if (!hasVar(param)) return isAssignable(arg, param);
  switch (param.kind) {
    case "var": {
      const bound = b.get(param.name);
      if (bound === undefined || bound.kind === "never") b.set(param.name, arg);
      else if (!isAssignable(arg, bound)) b.set(param.name, union(bound, arg));
      return true;
    }
    case "list":
      if (arg.kind === "union") return arg.members.every((m) => unify(param, m, b));
      if (arg.kind !== "list") return false;
      if (param.groupKey !== undefined && (arg.groupKey === undefined || !unify(param.groupKey, arg.groupKey, b))) return false;
      return unify(param.element, arg.element, b);
    default:
      return unifyOther(param, arg, b);
  }
}

/** `unify` of a dict, function or union parameter that mentions a type variable. */
function unifyOther(param: Type, arg: Type, b: Map<string, Type>): boolean {
  switch (param.kind) {
    case "dict":
      if (arg.kind === "union") return arg.members.every((m) => unify(param, m, b));
      if (arg.kind !== "dict" || (param.name !== undefined && arg.name !== undefined && param.name !== arg.name)) return false;
      return unify(param.value, arg.fields === undefined ? arg.value : union(arg.value, ...arg.fields.values()), b);
    case "function":
      if (arg.kind !== "function" || arg.params.length > param.params.length) return false;
      return arg.params.every((p, i) => unify(param.params[i]!, p, b)) && unify(param.result, arg.result, b);
    case "union": {
      if (arg.kind === "union") return arg.members.every((m) => unify(param, m, b));
      const concrete = param.members.filter((m) => !hasVar(m));
      if (concrete.some((m) => isAssignable(arg, m))) return true;
      for (const m of param.members.filter(hasVar)) {
        const trial = new Map(b);
        if (unify(m, arg, trial)) {
          for (const [k, v] of trial) b.set(k, v);
          return true;
        }
      }
      return false;
    }
    default:
      return isAssignable(arg, param);
  }
}

/** Unifies `param` with each member that fits it (on a trial copy first); true when at least one fits. */
function unifySome(param: Type, members: readonly Type[], b: Map<string, Type>): boolean {
  let any = false;
  for (const m of members) {
    if (m.kind === "null") continue;
    const trial = new Map(b);
    if (!unify(param, m, trial)) continue;
    for (const [k, v] of trial) b.set(k, v);
    any = true;
  }
  return any;
}

/**
 * Whether some part of a gradual type fits `param` (binding its variables): a member of a union, or, for a list
 * of run data where the parameter's elements take null, some member of its elements (the others become null).
 */
function fitsSome(param: Type, t: Type, b: Map<string, Type>): boolean {
  const u = nonNull(t);
  if (u.kind === "union") return unifySome(param, u.members, b);
  const p = nonNull(param);
  if (u.kind === "list" && p.kind === "list" && p.groupKey === undefined && isNullable(p.element)) {
    const el = nonNull(u.element);
    return unifySome(p.element, el.kind === "union" ? el.members : [el], b);
  }
  return false;
}

/** The kinds a gradual argument may hold: its members, or a list's element members. */
function dataKinds(t: Type): { readonly list: boolean; readonly kinds: readonly Type[] } | undefined {
  const u = nonNull(t);
  if (!isGradual(t)) return undefined;
  if (u.kind === "union") return { list: false, kinds: u.members };
  if (u.kind === "list") {
    const el = nonNull(u.element);
    if (el.kind === "union") return { list: true, kinds: el.members };
  }
  return undefined;
}

/** Whether a gradual argument is one whose kinds differ (a union, or a list of one, with several non-null members). */
function isMixedData(t: Type): boolean {
  return dataKinds(t) !== undefined;
}

type Attempt =
  | { readonly ok: true; readonly candidate: Candidate; readonly nullable: boolean; readonly functionErrors: boolean }
  | { readonly ok: false; readonly stage: "arity" | "types" }
  | { readonly ok: false; readonly stage: "function"; readonly arg: number; readonly expected: Type; readonly got: Type | undefined; readonly params: readonly Type[] };

function attempt(op: OpDef, o: Overload, index: number, args: readonly ArgSpec[]): Attempt {
  const n = args.length;
  if (n > o.params.length || n < o.params.length - o.optional) return { ok: false, stage: "arity" };
  const b = new Map<string, Type>();
  let nullable = false;
  for (let i = 0; i < n; i++) {
    const a = args[i]!;
    if (a.kind !== "value") continue;
    const p = o.params[i]!;
    if (unify(p, a.type, b)) {
      if (a.type.kind === "any" && nullPropagates(op, i, substitute(p, b))) nullable = true;
      continue;
    }
    if (nullPropagates(op, i, p) && isNullable(a.type) && unify(p, nonNull(a.type), b)) {
      nullable = true;
      continue;
    }
    if (isGradual(a.type) && fitsSome(p, a.type, b)) {
      nullable = true;
      continue;
    }
    return { ok: false, stage: "types" };
  }
  const functionParams: (readonly Type[] | undefined)[] = args.map(() => undefined);
  let functionErrors = false;
  for (let i = 0; i < n; i++) {
    const a = args[i]!;
    if (a.kind !== "function") continue;
    const declared = o.params[i]!;
    if (declared.kind !== "function" && declared.kind !== "any" && declared.kind !== "var") return { ok: false, stage: "types" };
    // a widened result variable used among the parameters (reduce's accumulator) is checked again, up to twice
    for (let round = 0; ; round++) {
      const p = substitute(declared, b);
      const params = p.kind === "function" ? p.params : [];
      const given = a.arity === undefined || p.kind !== "function" ? params : params.slice(0, a.arity);
      if (p.kind === "function" && a.arity !== undefined && a.arity > params.length) {
        return { ok: false, stage: "function", arg: i, expected: p, got: undefined, params };
      }
      const lambdaParams = p.kind === "function" ? given : Array.from({ length: a.arity ?? 0 }, () => T.Any);
      const checked = a.check(lambdaParams);
      functionParams[i] = lambdaParams;
      if (checked.result === undefined) return { ok: false, stage: "function", arg: i, expected: p, got: undefined, params: lambdaParams };
      if (!checked.ok) functionErrors = true;
      if (declared.kind !== "function") break;
      // only a result variable among the parameters can call for another round: snapshot the bindings for it
      const again = round < 2 && declared.params.some(hasVar);
      const before = again ? [...b] : undefined;
      const expected = declared.result;
      const got = checked.result;
      const fits = hasVar(expected)
        ? unify(expected, got, b)
        : got.kind === "null" || isAssignable(nonNull(got), substitute(expected, b));
      if (!fits && checked.ok) return { ok: false, stage: "function", arg: i, expected: substitute(declared, b), got, params: lambdaParams };
      if (before === undefined || (before.length === b.size && before.every(([k, v]) => b.get(k) === v))) break;
    }
  }
  const argTypes = args.map((a, i) => (a.kind === "value" ? a.type : substitute(o.params[i]!, b)));
  const result = typeof o.result === "function" ? o.result(argTypes, b) : substitute(o.result, b);
  const params = o.params.map((p) => substitute(p, b));
  return { ok: true, candidate: { overload: o, index, params, result, functionParams, bindings: b }, nullable, functionErrors };
}

/** Whether a parameter accepts every runtime value, so later overloads can never be reached through it. */
function acceptsAll(t: Type): boolean {
  return t.kind === "any" || (t.kind === "union" && t.members.some(acceptsAll));
}

/**
 * Resolves a call of `op` with these arguments. Never throws (function-argument checks are the caller's code).
 * Overloads are tried in declaration order; see the module comment for the `any` rule.
 */
export function resolveOverload(op: OpDef, args: readonly ArgSpec[]): Resolution {
  const node = memoNode(op, args);
  if (node === undefined) return resolveUncached(op, args);
  return (node.resolution ??= resolveUncached(op, args));
}

/** A step of the memo of resolutions: one argument type further along the argument list. */
interface MemoNode {
  readonly next: WeakMap<Type, MemoNode>;
  resolution?: Resolution;
}

/** Per op and argument count, resolutions of calls whose arguments are all values (see `memoNode`). */
const memo = new WeakMap<OpDef, MemoNode[]>();

/**
 * Where the resolution of a call whose arguments are all values is kept: it depends only on the op and the
 * argument types, which are immutable (keyed by identity, so equal types built apart resolve apart). Calls with
 * function arguments are not kept: resolving them checks the functions. Undefined for those.
 */
function memoNode(op: OpDef, args: readonly ArgSpec[]): MemoNode | undefined {
  for (const a of args) if (a.kind !== "value") return undefined;
  let byCount = memo.get(op);
  if (byCount === undefined) memo.set(op, (byCount = []));
  let node = (byCount[args.length] ??= { next: new WeakMap() });
  for (const a of args) {
    const type = (a as { readonly type: Type }).type;
    let child = node.next.get(type);
    if (child === undefined) node.next.set(type, (child = { next: new WeakMap() }));
    node = child;
  }
  return node;
}

function resolveUncached(op: OpDef, args: readonly ArgSpec[]): Resolution {
  // Run data is checked at run time even where its type has one kind: that kind comes from a schema, which the
  // runs evaluated need not match (see isGradual).
  const dynamic = args.map((a) => a.kind === "value" && (containsAny(a.type) || isGradual(a.type)));
  const isDynamic = dynamic.some((d) => d);
  const found: Candidate[] = [];
  let nullable = false;
  let functionErrors = false;
  let arityMatched = false;
  let functionFailure: Extract<Attempt, { stage: "function" }> | undefined;
  for (let i = 0; i < op.overloads.length; i++) {
    const r = attempt(op, op.overloads[i]!, i, args);
    if (!r.ok) {
      if (r.stage !== "arity") arityMatched = true;
      if (r.stage === "function" && functionFailure === undefined) functionFailure = r;
      continue;
    }
    arityMatched = true;
    if (found.length === 0) functionErrors = r.functionErrors;
    found.push(r.candidate);
    nullable ||= r.nullable;
    if (!isDynamic) break;
    // a candidate taking anything at every dynamic position shadows the rest
    if (dynamic.every((d, k) => !d || acceptsAll(r.candidate.params[k] ?? T.Any))) break;
  }
  if (found.length === 0) return failure(op, arityMatched, functionFailure);
  // Candidates chosen at run time that disagree on their result give `any`: a union such as number|duration
  // would reject every use that the runtime value actually allows (`r.config.lr * 2 > 0.01`).
  const results = union(...found.map((c) => c.result));
  const agree = found.every((c) => typeEquals(nonNull(c.result), nonNull(found[0]!.result)));
  const lenient = args.some((a, i) => dynamic[i] === true && a.kind === "value" && isGradual(a.type));
  const result = agree ? union(results, ...(nullable ? [T.Null] : [])) : lenient ? T.Data : T.Any;
  const misfits = args.map((a, i) => (a.kind === "value" && isMixedData(a.type) ? misfitsOf(a.type, found, i) : undefined));
  return { ok: true, candidates: found, dynamic, result, functionErrors, lenient, misfits };
}

/** Why no overload was found: no overload takes this many arguments, a function argument misfits, or the types. */
function failure(op: OpDef, arityMatched: boolean, functionFailure: Extract<Attempt, { stage: "function" }> | undefined): ResolveFailure {
  if (!arityMatched) return { ok: false, reason: "arity", counts: arityCounts(op) };
  if (functionFailure !== undefined) {
    const { arg, expected, got, params } = functionFailure;
    return { ok: false, reason: "function", arg, expected, got, params };
  }
  return { ok: false, reason: "types" };
}

/** The non-null members of a gradual argument's type that no candidate accepts at position `i`. */
function misfitsOf(t: Type, found: readonly Candidate[], i: number): readonly Type[] | undefined {
  const data = dataKinds(t);
  if (data === undefined) return undefined;
  const takes = (m: Type, k: Candidate): boolean => {
    const p = k.params[i];
    if (p === undefined) return true;
    const pl = nonNull(p);
    return data.list ? pl.kind === "list" && isAssignable(m, pl.element) : isAssignable(m, p);
  };
  const out = data.kinds.filter((m) => m.kind !== "null" && !found.some((k) => takes(m, k)));
  return out.length > 0 ? out : undefined;
}

/** The argument counts the op accepts, for a wrong-arity message ("1", "2–3"). */
export function arityCounts(op: OpDef): readonly string[] {
  const accepted = new Set<number>();
  for (const o of op.overloads) {
    for (let n = o.params.length - o.optional; n <= o.params.length; n++) accepted.add(n);
  }
  const sorted = [...accepted].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return ranges;
}

/** Whether some overload of `op` accepts exactly `n` arguments. */
export function acceptsArity(op: OpDef, n: number): boolean {
  return op.overloads.some((o) => n <= o.params.length && n >= o.params.length - o.optional);
}
