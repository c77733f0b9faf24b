/**
 * Evaluation properties (fast-check): a well-typed random program either evaluates or stops with a limit
 * diagnostic; any program, typed or not, throws nothing but a QelError.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { check, evaluate, QelError, type RunOptions, type Value } from "@qel/lang";
import { exprArb, tokenSoupArb } from "../arbitraries.js";

const LIMIT_CODES = new Set(["step_limit_exceeded", "depth_limit_exceeded", "output_limit_exceeded", "time_limit_exceeded"]);
const options: RunOptions = { maxSteps: 20_000, maxOutputLength: 5_000, maxStringLength: 5_000, timeoutMs: 2_000 };

/** Typed program text over numbers, booleans and lists of numbers; `vars` are the lambda parameters in scope. */
interface Gen {
  readonly num: fc.Arbitrary<string>;
  readonly bool: fc.Arbitrary<string>;
  readonly list: fc.Arbitrary<string>;
}

function programs(vars: readonly string[], depth: number): Gen {
  const smallInt = fc.integer({ min: 0, max: 20 }).map(String);
  const leafNum = vars.length > 0 ? fc.oneof(smallInt, fc.constantFrom(...vars)) : smallInt;
  const leafList = fc.oneof(
    fc.array(smallInt, { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
    fc.tuple(smallInt, smallInt).map(([a, b]) => `range(${a}, ${b})`),
  );
  const leafBool = fc.constantFrom("true", "false", "null");
  if (depth <= 0) return { num: leafNum, bool: leafBool, list: leafList };
  const inner = programs(vars, depth - 1);
  const v = `v${vars.length}`;
  const body = programs([...vars, v], depth - 1);
  const num = fc.oneof(
    { depthSize: "small" },
    leafNum,
    fc.tuple(inner.num, fc.constantFrom("+", "-", "*", "/", "%", "**"), inner.num).map(([a, op, b]) => `(${a} ${op} ${b})`),
    inner.num.map((a) => `-${a}`),
    inner.list.map((l) => `${l}.count`),
    inner.list.map((l) => `${l}.sum`),
    fc.tuple(inner.list, inner.num).map(([l, d]) => `(${l}.max ?? ${d})`),
    fc.tuple(inner.bool, inner.num, inner.num).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(inner.list, body.num, inner.num).map(([l, b, i]) => `${l}.reduce((acc, ${v}) => acc + ${b}, ${i})`),
    fc.tuple(inner.list, smallInt).map(([l, i]) => `(${l}[${i}] ?? 0)`),
  );
  const bool = fc.oneof(
    { depthSize: "small" },
    leafBool,
    fc.tuple(inner.num, fc.constantFrom("<", "<=", "==", "!=", ">", ">="), inner.num).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(inner.bool, fc.constantFrom("&&", "||"), inner.bool).map(([a, op, b]) => `(${a} ${op} ${b})`),
    inner.bool.map((b) => `!${b}`),
    fc.tuple(inner.list, inner.num).map(([l, n]) => `${l}.contains(${n})`),
    fc.tuple(inner.list, body.bool).map(([l, b]) => `${l}.some(${v} => ${b})`),
  );
  const list = fc.oneof(
    { depthSize: "small" },
    leafList,
    fc.tuple(inner.list, body.num).map(([l, b]) => `${l}.map(${v} => ${b})`),
    fc.tuple(inner.list, body.bool).map(([l, b]) => `${l}.filter(${v} => ${b})`),
    fc.tuple(inner.list, body.num).map(([l, b]) => `${l}.sort(${v} => ${b})`),
    fc.tuple(inner.list, inner.num).map(([l, n]) => `${l}.limit(${n})`),
    fc.tuple(inner.list, body.list).map(([l, b]) => `${l}.map(${v} => ${b}).flatten`),
    fc.tuple(inner.list, inner.num).map(([l, n]) => `(${l} * ${n})`),
  );
  return { num, bool, list };
}

const typed = programs([], 4);
const programArb = fc.oneof(typed.num, typed.bool, typed.list);

function outcome(run: () => unknown): "ok" | string {
  try {
    run();
    return "ok";
  } catch (e) {
    if (e instanceof QelError) return e.diagnostic.code;
    throw e;
  }
}

describe("well-typed programs", () => {
  test("check, then evaluate or stop at a limit", () => {
    fc.assert(
      fc.property(programArb, (src) => {
        const c = check(src, { variables: {} });
        expect(c.ok ? "ok" : c.diagnostics.map((d) => `${d.code}: ${d.message}`).join("; ")).toBe("ok");
        const o = outcome(() => evaluate(src, {}, options));
        expect(o === "ok" || LIMIT_CODES.has(o), `${src} → ${o}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

/**
 * Programs that build nested lists and dicts, sharing one value many times over: through literals, the dicts of
 * `entries`, the groups of `groupBy`, and a reduce that repeats a step.
 */
const nestedArb: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
    fc.integer({ min: 0, max: 300 }).map((n) => `"${"s".repeat(n)}"`),
    tie("value").map((x) => `[${x}, ${x}]`),
    tie("value").map((x) => `{a: ${x}, b: ${x}}`),
    tie("value").map((x) => `{a: ${x}, b: ${x}}.entries()`),
    tie("value").map((x) => `[${x}, ${x}, ${x}].groupBy(g => 1)`),
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom("[acc, acc]", "{a: acc, b: acc}", "{a: acc, b: acc}.entries()", "[acc, acc].groupBy(g => 1)", "[acc]"), tie("value"))
      .map(([n, step, seed]) => `range(0, ${n}).reduce((acc, i) => ${step}, ${seed})`),
  ),
})).value;

/**
 * The values a result holds in all, as the output limit counts them: nested containers in full, an empty one as
 * one value, a string as one per 100 characters. Stops past `cap`.
 */
function heldValues(v: Value, cap: number): number {
  let n = 0;
  const walk = (x: Value, top: boolean): void => {
    if (n > cap) return;
    const items = Array.isArray(x) ? (x as readonly Value[]) : x instanceof Map ? [...x.values()] : undefined;
    if (items === undefined) n += typeof x === "string" ? Math.max(1, Math.ceil(x.length / 100)) : 1;
    else if (items.length === 0 && !top) n++;
    else for (const y of items) walk(y, false);
  };
  walk(v, true);
  return n;
}

/** Nesting depth, each shared container measured once (a value that escaped the limits must not hang the test). */
function depthOf(v: Value, seen = new Map<object, number>()): number {
  if (!Array.isArray(v) && !(v instanceof Map)) return 0;
  const known = seen.get(v as object);
  if (known !== undefined) return known;
  const items = Array.isArray(v) ? (v as readonly Value[]) : [...(v as Map<string, Value>).values()];
  const d = 1 + items.reduce((m: number, x) => Math.max(m, depthOf(x, seen)), 0);
  seen.set(v as object, d);
  return d;
}

describe("nested values", () => {
  test("a result never holds more values, or nests deeper, than the limits allow", () => {
    const limits = { ...options, maxDepth: 64 };
    fc.assert(
      fc.property(nestedArb, (src) => {
        let value: Value;
        try {
          value = evaluate(src, {}, limits);
        } catch (e) {
          if (e instanceof QelError && LIMIT_CODES.has(e.diagnostic.code)) return;
          throw e;
        }
        expect(heldValues(value, limits.maxOutputLength!), src).toBeLessThanOrEqual(limits.maxOutputLength!);
        expect(depthOf(value), src).toBeLessThanOrEqual(limits.maxDepth);
      }),
      { numRuns: 300 },
    );
  });
});

describe("any program", () => {
  test("random ASTs throw nothing but QelError", () => {
    fc.assert(
      fc.property(exprArb, (ast) => {
        outcome(() => evaluate(ast, { runs: [], x: 1, f: null }, options));
      }),
      { numRuns: 400 },
    );
  });
  test("token soups throw nothing but QelError", () => {
    fc.assert(
      fc.property(tokenSoupArb, (src) => {
        outcome(() => evaluate(src, { runs: [], x: 1, f: null, r: 2 }, options));
      }),
      { numRuns: 400 },
    );
  });
});
