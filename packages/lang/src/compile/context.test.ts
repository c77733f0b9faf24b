/**
 * The evaluation context: each evaluation has its own clock, string limit and budgets, passed to op
 * implementations as an argument, so evaluations that interleave (one inside a host op of the other) cannot see
 * each other's; and a compiled expression run again inside itself gets a fresh context.
 */
import { contextual, createRegistry, DateValue, defineOp, overload, T, toJsonValue, type Value } from "@qel/ops";
import { describe, expect, test } from "vitest";
import { compile } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { QelError } from "../syntax/diagnostics.js";

const OUTER = Date.UTC(2026, 0, 1);
const INNER = Date.UTC(2030, 5, 15);

/** A host op that evaluates another expression, under its own options, while the outer evaluation runs. */
function registryWith(inner: () => Value) {
  return createRegistry([
    defineOp({
      name: "inner", category: "number",
      overloads: [overload([], T.Any, inner)],
      doc: { summary: "Runs a nested evaluation.", examples: [{ expr: "inner()" }] },
    }),
  ]);
}

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof QelError ? e.diagnostic.code : String(e);
  }
};

describe("interleaved evaluations keep their own context", () => {
  test("now(): the outer evaluation's clock before and after an inner one with another clock", () => {
    const registry = registryWith(() => evaluate("now()", {}, { now: INNER }));
    const r = compile("[now(), inner(), now()]", { registry }).run({}, { now: OUTER });
    expect(toJsonValue(r)).toEqual([new Date(OUTER).toISOString(), new Date(INNER).toISOString(), new Date(OUTER).toISOString()]);
  });

  test("the string limit: an inner evaluation has its own, and the outer one keeps its own after it", () => {
    // the inner evaluation prints 15 characters under its limit of 1000 and gives their count
    const roomy = registryWith(() => evaluate("[1, 2, 3, 4, 5].toString.len", {}, { maxStringLength: 1000 }));
    expect(compile("[inner(), [1, 2, 3].toString]", { registry: roomy }).run({}, { maxStringLength: 9 })).toEqual([15, "[1, 2, 3]"]);
    expect(code(() => compile("[inner(), [1, 2, 3, 4].toString]", { registry: roomy }).run({}, { maxStringLength: 9 }))).toBe("output_limit_exceeded");
    // an inner limit of 9 holds inside an outer evaluation that allows 1000
    const tight = registryWith(() => code(() => evaluate("[1, 2, 3, 4, 5].toString", {}, { maxStringLength: 9 })) ?? "ok");
    expect(compile("[inner(), [1, 2, 3, 4, 5].toString]", { registry: tight }).run({}, { maxStringLength: 1000 })).toEqual(["output_limit_exceeded", "[1, 2, 3, 4, 5]"]);
  });

  test("steps: the inner evaluation's own step limit, not what is left of the outer one's", () => {
    const registry = registryWith(() => code(() => evaluate("range(0, 50).map(x => x + 1).count", {}, { maxSteps: 10 })) ?? "ok");
    expect(compile("inner()", { registry }).run({}, { maxSteps: 1000 })).toBe("step_limit_exceeded");
    const roomy = registryWith(() => evaluate("range(0, 50).map(x => x + 1).count", {}, { maxSteps: 10_000 }));
    // the outer evaluation allows 20 steps; the inner one takes about a hundred of its own
    expect(compile("inner() + 1", { registry: roomy }).run({}, { maxSteps: 20 })).toBe(51);
  });

  test("the same compiled expression run inside itself gets a fresh context, and the outer one goes on", () => {
    let self: ReturnType<typeof compile> | undefined;
    let depth = 0;
    const registry = registryWith(() => {
      depth++;
      const r = depth < 3 ? self!.run({}, { now: INNER + depth }) : null;
      depth--;
      return r;
    });
    self = compile("[now(), inner(), now()]", { registry });
    const r = toJsonValue(self.run({}, { now: OUTER })) as unknown[];
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(r).toEqual([iso(OUTER), [iso(INNER + 1), [iso(INNER + 2), null, iso(INNER + 2)], iso(INNER + 1)], iso(OUTER)]);
    // and the context is free again afterwards: a plain run works with its own clock
    expect(toJsonValue(self.run({}, { now: INNER }))).toEqual([iso(INNER), [iso(INNER + 1), [iso(INNER + 2), null, iso(INNER + 2)], iso(INNER + 1)], iso(INNER)]);
  });

  test("a failed evaluation frees its context: the next run starts from zero", () => {
    const c = compile("range(0, 100).map(x => x * 2).count");
    expect(code(() => c.run({}, { maxSteps: 5 }))).toBe("step_limit_exceeded");
    expect(c.run({}, { maxSteps: 1000 })).toBe(100);
  });
});

describe("contextual op implementations", () => {
  test("receive the evaluation context first", () => {
    const registry = createRegistry([
      defineOp({
        name: "clockPlus", category: "date",
        overloads: [contextual([T.Number], T.Date, (cx, ms) => new DateValue(cx.now + ms))],
        doc: { summary: "now() plus ms.", examples: [{ expr: "clockPlus(1)" }] },
      }),
    ]);
    expect(compile("clockPlus(5)", { registry }).run({}, { now: OUTER })).toEqual(new DateValue(OUTER + 5));
  });
});
