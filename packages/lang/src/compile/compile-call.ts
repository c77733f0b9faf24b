/**
 * Op calls as closures: the overload is already chosen (or, for `any` arguments, narrowed to the static
 * candidates), so a call is the null rule, a kind check only where the checker asked for one, the implementation,
 * and the output limits. Calls mapped over lists loop here (language.md, "Lists map ops over themselves").
 */
import { checkerFor, fitterFor, nullPropagates, printSignature, substitute, type Candidate, type Checker, type OpDef, type Value } from "@qel/ops";
import type { OpCallPlan } from "../check/check-plan.js";
import { CHARGED_SIZE, constantOf, finishedList, type Code, type Ctx } from "./compile-runtime.js";
import { fail, kinds, limit } from "./compile-failures.js";
import { Measure } from "./output-measure.js";
import { error, QelError } from "../syntax/diagnostics.js";
import type { Span } from "../syntax/source.js";

type CallCore = Omit<OpCallPlan, "args">;
/** An implementation; a contextual one takes the evaluation context before the values. */
type Impl = (...args: unknown[]) => Value;
/** Calls an op with argument values already computed. */
export type Invoke = (vals: Value[], c: Ctx) => Value;

/**
 * What a call does with its result: nothing (a small value), the output limits, those of the host's own data, or
 * those of a value whose lists by their static type hold only values counting one each (`Ctx.outputFlat`), or
 * that is a list of such lists (`Ctx.outputNested`).
 */
export const Emit = { None: 0, Output: 1, Host: 2, Flat: 3, Nested: 4 } as const;
export type Emit = (typeof Emit)[keyof typeof Emit];

interface Row {
  readonly impl: Impl;
  readonly min: number;
  readonly max: number;
  /** Per argument: a null there makes the result null (the null rule). */
  readonly nulls: readonly boolean[];
  /** Per argument: the test of its runtime kind, where the checker asked for one. */
  readonly checks: readonly (Checker | undefined)[];
  /** Per argument of a lenient call: how a run-data list that fails its check is fitted (`fitterFor`). */
  readonly fits: readonly (((v: Value) => Value | undefined) | undefined)[];
  /** The implementation takes the evaluation context first (`contextual`). */
  readonly cx: boolean;
}

function row(op: OpDef, k: Pick<Candidate, "overload" | "params">, dynamic: readonly boolean[], lenient = false): Row {
  const o = k.overload;
  const impl = o.impl as unknown as Impl;
  return {
    // a special form called with computed values (as a function value) gets thunks returning them
    impl: o.lazy ? (...vals: unknown[]) => impl(...vals.map((v) => () => v)) : impl,
    min: o.params.length - o.optional,
    max: o.params.length,
    nulls: k.params.map((p, i) => nullPropagates(op, i, p)),
    checks: k.params.map((p, i) => (dynamic[i] === true && p.kind !== "any" ? checkerFor(p) : undefined)),
    fits: k.params.map((p, i) => (lenient && dynamic[i] === true ? fitterFor(p) : undefined)),
    cx: o.context,
  };
}

function emitOf(op: OpDef, big: boolean, measure: Measure): Emit {
  if (!big) return Emit.None;
  if (op.hostData === true) return Emit.Host;
  return measure === Measure.Flat ? Emit.Flat : measure === Measure.Nested ? Emit.Nested : Emit.Output;
}

/** An op's result as the call gives it: undefined made null, then the output limits `emit` asks for. */
export function emitted(out: Value | undefined, emit: Emit, c: Ctx, span: Span): Value {
  if (out === undefined) return null;
  if (emit === Emit.Output) c.output(out, span);
  else if (emit === Emit.Flat) c.outputFlat(out, span);
  else if (emit === Emit.Host) c.outputHost(out, span);
  else if (emit === Emit.Nested) c.outputNested(out, span);
  return out;
}

/** The length of a string or list: what an op's work on it grows with. */
function sizeOf(v: Value): number {
  return typeof v === "string" || Array.isArray(v) ? (v as string | readonly Value[]).length : 0;
}

/** Charges an op's work on long string or list arguments before it runs (see `Ctx.charge`). */
function chargeInput(vals: readonly Value[], c: Ctx, span: Span): void {
  let n = 0;
  for (let i = 0; i < vals.length; i++) n += sizeOf(vals[i]!);
  if (n > CHARGED_SIZE) c.charge(n, true, span);
}

function mismatch(op: OpDef, name: string, vals: readonly Value[], span: Span): QelError {
  const notes = op.overloads.map((o) => ({ message: printSignature(op, o, { name: op.operator !== undefined ? name : op.name }) }));
  return new QelError(error("type_mismatch", `\`${name}\` cannot take ${kinds(vals)}`, span, { notes }));
}

/**
 * A value of a kind no candidate takes: null when the argument is run data (docs/language.md "Types from data"),
 * else a `type_mismatch` error.
 */
function refuse(lenient: boolean, op: OpDef, name: string, vals: readonly Value[], span: Span): null {
  if (lenient) return null;
  throw mismatch(op, name, vals, span);
}

/** Builds the invoker for a resolved call (or, with `plan` undefined, for any overload of `op` chosen at run time). */
export function invoker(op: OpDef, name: string, plan: CallCore | undefined, span: Span, measure: Measure = Measure.Walk): Invoke {
  const rows = plan !== undefined
    ? plan.candidates.map((k) => row(op, k, plan.dynamic, plan.lenient))
    : op.overloads.map((o) => {
      const params = o.params.map((p) => substitute(p, new Map()));
      return row(op, { overload: o, params }, params.map(() => true));
    });
  const emit = emitOf(op, plan?.bigResult ?? true, measure);
  const skipNull = !op.handlesNull;
  const lenient = plan?.lenient === true;
  return (vals, c) => {
    if (++c.steps > c.next) c.tick(span);
    if (skipNull && vals[0] === null) return null;
    for (const r of rows) {
      if (vals.length < r.min || vals.length > r.max) continue;
      let isNull = false;
      let ok = true;
      let fitted: Value[] | undefined;
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i]!;
        if (v === null && r.nulls[i] === true) isNull = true;
        else {
          const check = r.checks[i];
          if (check !== undefined && !check(v)) {
            const fit = r.fits[i]?.(v);
            if (fit === undefined) {
              ok = false;
              break;
            }
            (fitted ??= vals.slice())[i] = fit;
          }
        }
      }
      if (!ok) continue;
      if (isNull) return null;
      chargeInput(vals, c, span);
      let out: Value;
      try {
        const args = fitted ?? vals;
        out = r.cx ? r.impl(c, ...args) : r.impl(...args);
      } catch (e) {
        throw fail(e, span, name);
      }
      return emitted(out, emit, c, span);
    }
    return refuse(lenient, op, name, vals, span);
  };
}

/** A call of one argument with a single overload and no kind check: the pieces a fused closure needs. */
export interface Unary {
  readonly impl: Impl;
  /** A null argument gives null. */
  readonly nullable: boolean;
  readonly emit: Emit;
  readonly name: string;
  /** The implementation takes the evaluation context first (`contextual`). */
  readonly cx: boolean;
}

export function unaryOf(plan: CallCore, measure: Measure = Measure.Walk): Unary | undefined {
  if (plan.candidates.length !== 1 || plan.dynamic.some((d) => d) || plan.mapDepth !== 0) return undefined;
  const r = row(plan.op, plan.candidates[0]!, plan.dynamic);
  if (r.min > 1) return undefined;
  return { impl: r.impl, nullable: r.nulls[0] === true, emit: emitOf(plan.op, plan.bigResult, measure), name: plan.name, cx: r.cx };
}

/**
 * Whether `callUnary(u, a, …)` comes down to calling the implementation and `emitted`: it does not read the
 * context, and `a` is neither a null it skips nor a string or list it charges. The hottest closures (field
 * chains, filter over a field test, map over an op) then call the implementation in their own code: a call in
 * callUnary is one call site for every op of every expression, which the engine can no longer optimise.
 */
export function callsDirectly(u: Unary, a: Value): boolean {
  return !u.cx && (a === null ? !u.nullable : typeof a !== "string" && !Array.isArray(a));
}

/** Runs a unary call on a computed argument (the step is already counted). */
export function callUnary(u: Unary, a: Value, c: Ctx, span: Span): Value {
  if (a === null && u.nullable) return null;
  const n = sizeOf(a);
  if (n > CHARGED_SIZE) c.charge(n, true, span);
  let out: Value;
  try {
    out = u.cx ? u.impl(c, a) : u.impl(a);
  } catch (e) {
    throw fail(e, span, u.name);
  }
  return emitted(out, u.emit, c, span);
}

/** Runs a two-argument call on computed arguments (the step, null rule and checks already done). */
function callBinary(r: Row, a: Value, b: Value, emit: Emit, c: Ctx, span: Span, name: string): Value {
  const n = sizeOf(a) + sizeOf(b);
  if (n > CHARGED_SIZE) c.charge(n, true, span);
  let out: Value;
  try {
    out = r.cx ? r.impl(c, a, b) : r.impl(a, b);
  } catch (e) {
    throw fail(e, span, name);
  }
  return emitted(out, emit, c, span);
}

/** The common shapes, one or two arguments with a single overload, without an argument array. */
function fast(plan: OpCallPlan, args: readonly Code[], span: Span, slot0: number | undefined, measure: Measure): Code | undefined {
  if (plan.candidates.length !== 1 || plan.mapDepth !== 0 || args.length > 2) return undefined;
  const r = row(plan.op, plan.candidates[0]!, plan.dynamic, plan.lenient);
  // a run-data list that may need fitting goes through the invoker
  if (r.fits.some((fit) => fit !== undefined)) return undefined;
  const emit = emitOf(plan.op, plan.bigResult, measure);
  if (args.length === 1 && r.min <= 1) return fastUnary(plan, r, emit, args[0]!, span, slot0);
  if (args.length === 2) return fastBinary(plan, r, emit, args[0]!, args[1]!, span);
  return undefined;
}

function fastUnary(plan: OpCallPlan, r: Row, emit: Emit, a0: Code, span: Span, slot0: number | undefined): Code {
  const { op, name, lenient } = plan;
  const impl = r.impl;
  const n0 = r.nulls[0] === true;
  const k0 = r.checks[0];
  if (k0 === undefined) {
    const u: Unary = { impl, nullable: n0, emit, name, cx: r.cx };
    if (slot0 !== undefined) {
      // the argument is a parameter of the innermost lambda (`r.jobType`): read the slot directly
      return (f, c) => {
        if (++c.steps > c.next) c.tick(span);
        return callUnary(u, f[slot0] as Value, c, span);
      };
    }
    return (f, c) => {
      const a = a0(f, c);
      if (++c.steps > c.next) c.tick(span);
      return callUnary(u, a, c, span);
    };
  }
  const u: Unary = { impl, nullable: false, emit, name, cx: r.cx };
  return (f, c) => {
    const a = a0(f, c);
    if (++c.steps > c.next) c.tick(span);
    if (a === null && n0) return null;
    if (!k0(a)) return refuse(lenient, op, name, [a], span);
    return callUnary(u, a, c, span);
  };
}

function fastBinary(plan: OpCallPlan, r: Row, emit: Emit, a0: Code, a1: Code, span: Span): Code {
  const lit = constantOf(a1);
  const n1 = r.nulls[1] === true;
  const k1 = r.checks[1];
  if (lit !== undefined && (lit.value !== null || !n1) && (k1 === undefined || k1(lit.value))) return literalBinary(plan, r, emit, a0, lit.value, span);
  const { op, name, lenient } = plan;
  const n0 = r.nulls[0] === true;
  const k0 = r.checks[0];
  return (f, c) => {
    const a = a0(f, c);
    const b = a1(f, c);
    if (++c.steps > c.next) c.tick(span);
    if (a === null && n0) return null;
    // the kind checks come before the null rule of later arguments, as in `invoker`
    if (k0 !== undefined && !k0(a)) return refuse(lenient, op, name, [a, b], span);
    if (b === null && n1) return null;
    if (k1 !== undefined && !k1(b)) return refuse(lenient, op, name, [a, b], span);
    return callBinary(r, a, b, emit, c, span, name);
  };
}

/** A literal right operand that passes its checks (`x > 0.5`). */
function literalBinary(plan: OpCallPlan, r: Row, emit: Emit, a0: Code, b: Value, span: Span): Code {
  const { op, name, lenient } = plan;
  const n0 = r.nulls[0] === true;
  const k0 = r.checks[0];
  return (f, c) => {
    const a = a0(f, c);
    if (++c.steps > c.next) c.tick(span);
    if (a === null && n0) return null;
    if (k0 !== undefined && !k0(a)) return refuse(lenient, op, name, [a, b], span);
    return callBinary(r, a, b, emit, c, span, name);
  };
}

/** Maps `fn` over `depth` list levels of `x` (a null list gives null). */
export function mapOver(x: Value, depth: number, fn: (v: Value) => Value, c: Ctx, span: Span, flat = false): Value {
  if (x === null) return null;
  if (!Array.isArray(x)) throw limit("internal_error", "a value the checker typed as a list is not one", span);
  const list = x as readonly Value[];
  if (list.length > c.maxOutput) c.output(list, span);
  const out = new Array<Value>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = depth === 1 ? fn(list[i]!) : mapOver(list[i]!, depth - 1, fn, c, span, flat);
  return finishedList(out, depth === 1 && flat, c, span);
}

/**
 * Compiles a resolved op call whose argument codes are given (receiver first). `measure`: how the output limits
 * measure the result of an unmapped call (output-measure.ts); `flatMapped`: the innermost lists a mapped call
 * builds hold only values counting one each by their static type.
 */
export function compileOpCall(plan: OpCallPlan, args: readonly Code[], span: Span, slot0?: number, measure: Measure = Measure.Walk, flatMapped = false): Code {
  const quick = fast(plan, args, span, slot0, measure);
  if (quick !== undefined) return quick;
  const inv = invoker(plan.op, plan.name, plan, span, plan.mapDepth === 0 ? measure : Measure.Walk);
  const depth = plan.mapDepth;
  if (depth === 0) return (f, c) => inv(args.map((a) => a(f, c)), c);
  const [head, ...rest] = args;
  return (f, c) => {
    const x = head!(f, c);
    const others = rest.map((a) => a(f, c));
    return mapOver(x, depth, (v) => inv([v, ...others], c), c, span, flatMapped);
  };
}
