import { describe, expect, test } from "vitest";
import { currentNow, withNow } from "./clock.js";

describe("clock", () => {
  test("withNow fixes the clock and restores it, also on throw; calls nest", () => {
    expect(withNow(1000, () => currentNow())).toBe(1000);
    expect(withNow(1000, () => withNow(2000, () => currentNow()) + currentNow())).toBe(3000);
    expect(() => withNow(5, () => { throw new Error("boom"); })).toThrow("boom");
    const t = currentNow();
    expect(Math.abs(t - Date.now())).toBeLessThan(1000);
  });

  test("undefined means the system clock", () => {
    expect(withNow(1000, () => withNow(undefined, () => currentNow()))).toBeGreaterThan(1000);
  });
});
