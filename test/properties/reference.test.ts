/**
 * The compiled evaluator against the reference interpreter (packages/lang/src/reference): for generated
 * well-typed programs over generated runs, both give equal values (as JSON, NaN and dates included) or fail with
 * the same diagnostic code. The compiled evaluator's fused loops, `==` fast path and field chains must not change
 * a single result; reference-sabotage.test.ts shows that this property fails when one of them is broken.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { agree, compareEvaluators } from "./compare-evaluators.js";
import { runsArb } from "./typed-programs.js";

describe("compiled evaluation equals the reference interpreter", () => {
  test("on 10 000 generated programs over generated runs", () => {
    const checkedCount = compareEvaluators(10_000);
    // the generator writes well-typed programs: nearly all of them check
    expect(checkedCount).toBeGreaterThan(9_000);
  }, 120_000);

  test.for([
    'runs.filter(r => r.jobType == "train").map(r => r.runtime)',
    "runs.map(r => r.config.a.isNone)",
    '[[1, 2], [1, null], [1, 3]].sort(x => x, "desc")',
    "[{a: 1}, {b: 2}].map(x => x.a)",
    "runs.summary.acc.dropna.max",
    'false && range(0, 1e9).count > 0',
  ])("%s", (src) => {
    fc.assert(fc.property(runsArb, (runs) => {
      const r = agree(src, runs);
      expect(r.checked).toBe(true);
      expect(r.compiled).toBe(r.reference);
    }), { numRuns: 50 });
  });
});
