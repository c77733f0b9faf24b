import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { StringSet } from "./string-set.js";

describe("StringSet", () => {
  it("adds what a Set of strings adds, and only that (property)", () => {
    const text = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 }), fc.constantFrom("", "run-1", "run-01", "é", "\u{1F600}"));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 400 }), (xs) => {
        const mine = new StringSet();
        const set = new Set<string>();
        for (const x of xs) {
          expect(mine.add(x)).toBe(!set.has(x));
          set.add(x);
        }
        expect(mine.size).toBe(set.size);
      }),
      { numRuns: 200 },
    );
  });

  it("holds many and long strings", () => {
    const s = new StringSet();
    for (let i = 0; i < 50_000; i++) expect(s.add(`run-${i}`)).toBe(true);
    expect(s.add("run-49999")).toBe(false);
    const long = "x".repeat(70_000);
    expect(s.add(long)).toBe(true);
    expect(s.add(`${long}y`)).toBe(true);
    expect(s.add(long)).toBe(false);
    expect(s.size).toBe(50_002);
  });
});
