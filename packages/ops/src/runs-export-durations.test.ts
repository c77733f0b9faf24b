/**
 * Non-finite numbers and durations through a runs file. The format has numbers but no duration
 * (docs/runs-format.md), so a file never loads one; a duration in a run a host built is written as its
 * milliseconds, and its NaN or ±Infinity as the format's bare tokens, which stay apart.
 */
import { describe, expect, test } from "vitest";
import { loadRunsDocument, serializeRunsDocument } from "./runs-format.js";
import { toJsonValue } from "./value-json.js";
import { DurationValue, type Run } from "./values.js";

function load(input: unknown): readonly Run[] {
  const r = loadRunsDocument(input, { fileName: "runs.json" });
  expect(r.issues).toStrictEqual([]);
  return r.runs;
}

const fileText = `{"format":"qel-runs/1","runs":[
{"name":"a","createdAt":"2026-01-01T00:00:00.000Z","summary":{"nan":NaN,"inf":Infinity,"ninf":-Infinity,"ms":5400000}}
]}`;

describe("a runs file with non-finite numbers", () => {
  test("load ∘ export ∘ load gives the loaded runs, NaN, +∞ and −∞ apart", () => {
    const once = load(fileText);
    const twice = load(serializeRunsDocument(once));
    expect(twice[0]!.summary).toStrictEqual(once[0]!.summary);
    expect([...twice[0]!.summary.values()]).toStrictEqual([NaN, Infinity, -Infinity, 5_400_000]);
  });

  test("loading a file never makes a duration", () => {
    expect([...load(fileText)[0]!.summary.values()].some((v) => v instanceof DurationValue)).toBe(false);
  });
});

describe("durations in a run a host built", () => {
  const built = (): readonly Run[] => load([{
    name: "h", createdAt: "2026-01-01T00:00:00Z",
    config: { nan: new DurationValue(NaN), inf: new DurationValue(Infinity), ninf: new DurationValue(-Infinity), ok: new DurationValue(90_000) },
  }]);

  test("are written as their milliseconds, the non-finite ones as distinct tokens", () => {
    expect(serializeRunsDocument(built())).toContain('"config":{"nan":NaN,"inf":Infinity,"ninf":-Infinity,"ok":90000}');
  });

  test("and read back as those numbers, which export again to the same text", () => {
    const text = serializeRunsDocument(built());
    expect(serializeRunsDocument(load(text))).toBe(text);
  });

  test("toJsonValue writes the run as the runs file does, non-finite numbers as strings", () => {
    expect((toJsonValue(built()[0]!) as { config: unknown }).config).toStrictEqual({ nan: "NaN", inf: "Infinity", ninf: "-Infinity", ok: 90_000 });
  });
});
