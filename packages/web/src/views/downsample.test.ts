import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { downsample } from "./downsample.js";

describe("downsample", () => {
  it("keeps short series as they are", () => {
    const pts = [{ x: 0, y: 1 }, { x: 1, y: 5 }];
    expect(downsample(pts, 100)).toEqual(pts);
  });

  it("keeps the ends and every extreme, in order, within the budget", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 8, max: 500 }), (ys, max) => {
        const pts = ys.map((y, x) => ({ x, y }));
        const out = downsample(pts, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, pts.length <= max ? pts.length : 0));
        expect(out[0]).toBe(pts[0]);
        expect(out[out.length - 1]).toBe(pts[pts.length - 1]);
        for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
        expect(Math.max(...out.map((p) => p.y))).toBe(Math.max(...ys));
        expect(Math.min(...out.map((p) => p.y))).toBe(Math.min(...ys));
      }),
      { numRuns: 200 },
    );
  });
});
