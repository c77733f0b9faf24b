import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DuplicateNames, type LoadIssue } from "@qel/ops";
import { PartNames } from "./part-names.js";

/** `names` cut into parts of the given sizes, each as its names joined and their lengths. */
function inParts(names: readonly string[], sizes: readonly number[]): { names: string; lengths: Uint32Array }[] {
  const parts = [];
  for (let at = 0, k = 0; at < names.length; k++) {
    const size = Math.max(1, sizes[k % Math.max(1, sizes.length)] ?? 1);
    const part = names.slice(at, (at += size));
    parts.push({ names: part.join(""), lengths: Uint32Array.from(part, (n) => n.length) });
  }
  return parts;
}

describe("PartNames", () => {
  it("warns of the repeated names DuplicateNames warns of, in the same order (property)", () => {
    const name = fc.oneof(fc.constantFrom("a", "b", "ab", "run-1", "run-01", "", "é", "\u{1F600}"), fc.string({ unit: "binary", maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 300 }), fc.array(fc.nat(40), { maxLength: 5 }), (names, sizes) => {
        const expected: LoadIssue[] = [];
        const one = new DuplicateNames();
        for (const n of names) one.add(n, { file: "f.jsonl", issues: expected });
        const mine = new PartNames();
        for (const p of inParts(names, sizes)) mine.add(p.names, p.lengths);
        const got: LoadIssue[] = [];
        mine.report({ file: "f.jsonl", issues: got });
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps names apart that only their concatenation would join", () => {
    const names = new PartNames();
    names.add("abc", Uint32Array.of(1, 2));
    names.add("abc", Uint32Array.of(2, 1));
    const issues: LoadIssue[] = [];
    names.report({ file: "f.jsonl", issues });
    expect(issues).toEqual([]);
    names.add("bc", Uint32Array.of(2));
    names.report({ file: "f.jsonl", issues });
    expect(issues.map((i) => i.message)).toEqual(['f.jsonl: run name "bc" appears more than once; all kept']);
  });

  it("holds more names than its first array", () => {
    const names = new PartNames();
    const part = Array.from({ length: 50_000 }, (_, i) => `run-${i}`);
    for (let k = 0; k < 3; k++) names.add(part.join(""), Uint32Array.from(part, (n) => n.length));
    const issues: LoadIssue[] = [];
    names.report({ file: "f.jsonl", issues });
    expect(issues).toHaveLength(50_000);
    expect(issues[0]!.message).toBe('f.jsonl: run name "run-0" appears more than once; all kept');
  });
});
