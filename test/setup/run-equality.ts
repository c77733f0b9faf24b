import { expect } from "vitest";
import { Run } from "@qel/ops";

type Tester = Parameters<typeof expect.addEqualityTesters>[0][number];

/**
 * Runs compare field by field in toEqual, their config, summary and history included: those are getters on the
 * prototype (built on first read), which toEqual, comparing own properties, would otherwise pass over.
 */
function fields(r: Run): Record<string, unknown> {
  return { ...r, config: r.config, summary: r.summary, history: r.history };
}

const runEquality: Tester = function (this: ThisParameterType<Tester>, a: unknown, b: unknown, testers: Parameters<Tester>[2]) {
  const ra = a instanceof Run, rb = b instanceof Run;
  if (!ra && !rb) return undefined;
  return this.equals(ra ? fields(a) : a, rb ? fields(b) : b, testers);
};

expect.addEqualityTesters([runEquality]);
