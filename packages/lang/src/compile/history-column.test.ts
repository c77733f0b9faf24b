import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inferSchema, loadRunsDocument, toJsonValue } from "@qel/ops";
import { compile } from "./compile.js";

const runsOf = (histories: readonly Record<string, unknown>[][]) =>
  loadRunsDocument(histories.map((history, i) => ({ name: `r${i}`, createdAt: "2026-01-01T00:00:00Z", history })), { fileName: "runs.json" }).runs;

const run = (source: string, runs: ReturnType<typeof runsOf>, schema: boolean, maxSteps?: number) =>
  toJsonValue(compile(source, schema ? { schema: inferSchema(runs) } : {}).run({ runs }, maxSteps !== undefined ? { maxSteps } : {}));

describe("history columns read directly", () => {
  const value = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -0), fc.string({ maxLength: 3 }), fc.constant(null), fc.dictionary(fc.constantFrom("x", "y"), fc.integer(), { maxKeys: 2 }));
  const row = fc.record({ _step: fc.integer({ min: 0, max: 20 }), loss: value, acc: value }, { requiredKeys: ["_step"] });
  const histories = fc.array(fc.array(row, { maxLength: 8 }), { maxLength: 4 });

  it("gives what looking the key up in every row gives: member, index and mapped over runs", () => {
    fc.assert(
      fc.property(histories, fc.constantFrom("loss", "acc", "_step"), fc.boolean(), (hs, key, schema) => {
        const runs = runsOf(hs);
        const rowByRow = run(`runs.map(r => runHistory(r).map(row => row["${key}"]))`, runs, schema);
        expect(run(`runs.map(r => r.history.${key})`, runs, schema)).toEqual(rowByRow);
        expect(run(`runs.map(r => r.history["${key}"])`, runs, schema)).toEqual(rowByRow);
        expect(run(`runs.history.${key}`, runs, schema)).toEqual(rowByRow);
        expect(run(`runs.map(r => r.history.${key}.count)`, runs, schema)).toEqual(hs.map((h) => h.length));
      }),
      { numRuns: 100 },
    );
  });

  it("counts the column it returns, not a row and a lookup per row", () => {
    const runs = runsOf([Array.from({ length: 1000 }, (_, i) => ({ _step: i, loss: 1 / (i + 1) }))]);
    expect(run("runs.map(r => r.history.loss.min)", runs, true, 1100)).toEqual([0.001]);
    expect(() => run("runs.map(r => runHistory(r).map(row => row.loss).min)", runs, true, 1100)).toThrow(/maxSteps/);
  });
});
