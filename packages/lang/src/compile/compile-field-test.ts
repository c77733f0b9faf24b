/**
 * Field tests: `r.jobType == "train"` and `r.state != "crashed"`, a one-argument op on the innermost lambda's
 * parameter compared with a string, boolean or null literal (structural equality is identity for these). The
 * most common filter there is, so it gets a closure of its own, and `filter` with one as its whole body gets a
 * loop of its own that calls the op directly (`filterFieldLoop`). Both count the steps, and raise the errors, of
 * the separate call and comparison, in the same order.
 */
import type { Value } from "@qel/ops";
import { callsDirectly, callUnary, emitted, type Unary } from "./compile-call.js";
import { finishedList, type Code, type Ctx, type Frame } from "./compile-runtime.js";
import { fail } from "./compile-failures.js";
import type { Span } from "../syntax/source.js";

export interface FieldTest {
  /** The frame slot of the parameter the op reads. */
  readonly index: number;
  readonly unary: Unary;
  /** The literal, as `interned`. */
  readonly value: Value;
  /** `!=` rather than `==`. */
  readonly negate: boolean;
  /** The comparison's span and the op call's. */
  readonly span: Span;
  readonly callSpan: Span;
}

/** The test each code made by `fieldTest` stands for, so a filter can run it without calling the code. */
const tests = new WeakMap<Code, FieldTest>();

/** The field test as one closure: two steps, counted before the op runs. */
export function fieldTest(t: FieldTest): Code {
  const { index, unary, value, negate, span, callSpan } = t;
  const { emit, name } = unary;
  const impl = unary.impl as (a: Value) => Value | undefined;
  const code: Code = (f, c) => {
    c.steps += 2;
    if (c.steps > c.next) c.tick(span);
    const a = f[index] as Value;
    if (!callsDirectly(unary, a)) return (callUnary(unary, a, c, callSpan) === value) !== negate;
    let got: Value | undefined;
    try {
      got = impl(a);
    } catch (e) {
      throw fail(e, callSpan, name);
    }
    return (emitted(got, emit, c, callSpan) === value) !== negate;
  };
  tests.set(code, t);
  return code;
}

export function fieldTestOf(code: Code): FieldTest | undefined {
  return tests.get(code);
}

/**
 * `filter` whose lambda's body is a field test on its own parameter, with an op that does not read the context;
 * undefined for any other. Per element, the filter's step and the test's two are counted at once, and the op is
 * called here rather than in `callUnary`, so the engine sees only the few ops such loops call. An element takes
 * the general path (`slow`) when a check of the limits falls due among its steps, when its depth would pass the
 * limit, and when it is a string or list, by whose size an op's work is charged.
 */
export function filterFieldLoop(list: Code, t: FieldTest, slow: (x: Value, c: Ctx, own: Frame) => boolean, span: Span, flat: boolean): Code | undefined {
  const { unary, value, negate, callSpan } = t;
  if (unary.cx) return undefined;
  const { nullable, name, emit } = unary;
  const impl = unary.impl as (a: Value) => Value | undefined;
  return (f, c) => {
    const xs = list(f, c) as readonly Value[] | null;
    if (++c.steps > c.next) c.tick(span);
    if (xs === null) return null;
    const out: Value[] = [];
    const own: Frame = [f, null];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (c.steps + 3 > c.next || c.depth >= c.maxDepth || typeof x === "string" || Array.isArray(x)) {
        if (slow(x, c, own)) out.push(x);
        continue;
      }
      c.steps += 3;
      let v: Value;
      if (x === null && nullable) v = null;
      else {
        let got: Value | undefined;
        try {
          got = impl(x);
        } catch (e) {
          throw fail(e, callSpan, name);
        }
        v = emitted(got, emit, c, callSpan);
      }
      if ((v === value) !== negate) out.push(x);
    }
    return finishedList(out, flat, c, span);
  };
}
