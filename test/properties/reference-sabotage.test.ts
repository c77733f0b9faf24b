/**
 * The property of reference.test.ts can fail: with a fast path of the compiled evaluator broken on purpose
 * (mocked here, nowhere else), comparing it with the reference interpreter finds a program that tells them apart.
 * Each sabotage breaks one fast path only; the general path stays as it is.
 */
import { describe, expect, test, vi } from "vitest";
import { compareEvaluators } from "./compare-evaluators.js";

const sabotage = vi.hoisted(() => ({ kind: "none" as "none" | "loop" | "equals" }));

vi.mock(import("../../packages/lang/src/compile/compile-hot.js"), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    // the fused filter/map loops give their elements in reverse order
    hotCall: (...args: Parameters<typeof original.hotCall>) => {
      const code = original.hotCall(...args);
      if (code === undefined || sabotage.kind !== "loop") return code;
      return (f, c) => {
        const out = code(f, c);
        return Array.isArray(out) ? Object.freeze([...(out as unknown[])].reverse()) as typeof out : out;
      };
    },
    // `x == "literal"` compiles as `!=`, and the other way round
    equalityOf: (...args: Parameters<typeof original.equalityOf>) => {
      const e = original.equalityOf(...args);
      if (sabotage.kind !== "equals") return e;
      return e === "==" ? "!=" : e === "!=" ? "==" : e;
    },
  };
});

describe("the comparison finds a broken fast path", () => {
  test.for(["loop", "equals"] as const)("sabotaged %s fast path", { timeout: 120_000 }, (kind) => {
    sabotage.kind = kind;
    try {
      expect(() => compareEvaluators(3_000, 42)).toThrow(/Property failed/);
    } finally {
      sabotage.kind = "none";
    }
  });

  test("without sabotage the same runs agree", () => {
    expect(compareEvaluators(300, 42)).toBeGreaterThan(250);
  }, 120_000);
});
