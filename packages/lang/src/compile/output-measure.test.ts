/**
 * The output limits measure a list of flat lists (groupBy's groups) by the inner lists' lengths rather than by
 * reading their elements (output-measure.ts, `Ctx.outputNested`). With every output and depth limit around what
 * it measures, an evaluation gives what measuring by reading gives: the same value, or the same error at the same
 * place. Measuring by reading is had by having `outputNested` call `output` (mocked here only).
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import fc from "fast-check";
import { builtInside, T, type Value } from "@qel/ops";
import { compile } from "./compile.js";
import { Ctx } from "./compile-runtime.js";
import { Measure, measureOf } from "./output-measure.js";
import { QelError } from "../syntax/diagnostics.js";
import { resolveRunOptions, type RunOptions } from "./limits.js";
import type { Span } from "../syntax/source.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** The value as JSON, or the error's code, message and where it points; and whether `outputNested` ran. */
function outcome(src: string, bindings: Record<string, unknown>, options: RunOptions, byReading: boolean): { text: string; nested: number } {
  const nested = vi.spyOn(Ctx.prototype, "outputNested");
  if (byReading) {
    nested.mockImplementation(function (this: Ctx, v: Value, span: Span) {
      this.output(v, span);
    });
  }
  try {
    const compiled = compile(src, { cache: false, variables: { xs: T.List(T.Number) } });
    return { text: JSON.stringify(compiled.run(bindings, options)), nested: nested.mock.calls.length };
  } catch (e) {
    if (!(e instanceof QelError)) throw e;
    const d = e.diagnostic;
    return { text: `${d.code} at ${d.span.start}-${d.span.end}: ${d.message}`, nested: nested.mock.calls.length };
  } finally {
    nested.mockRestore();
  }
}

describe("the measure of a type", () => {
  test.for([
    ["list<Run>", T.List(T.Run), Measure.Flat],
    ["a number", T.Number, Measure.Flat],
    ["groupBy's groups of runs", T.List(T.Group(T.Run, T.String)), Measure.Nested],
    ["lists of numbers or null", T.List(T.Nullable(T.List(T.Nullable(T.Number)))), Measure.Nested],
    ["lists of strings (a long one counts as several)", T.List(T.List(T.String)), Measure.Walk],
    ["lists of lists", T.List(T.List(T.List(T.Number))), Measure.Walk],
    ["lists of dicts", T.List(T.List(T.Dict(T.Number))), Measure.Walk],
    ["a list of any", T.List(T.Any), Measure.Walk],
  ] as const)("%s", ([, type, measure]) => {
    expect(measureOf(type)).toBe(measure);
  });
});

describe("a list of flat lists, measured by length", () => {
  const xs = Array.from({ length: 9 }, (_, i) => (i * 7) % 5);
  const programs = [
    "xs.groupBy(x => x % 3)",
    "xs.groupBy(x => x)",
    "xs.groupBy(x => 0)",
    "[].groupBy(x => x)",
    "[xs.groupBy(x => x % 2), xs.groupBy(x => x % 2)]",
    "xs.groupBy(x => x % 3).map(g => [g, g])",
    "xs.groupBy(x => x % 3).map(g => g.count)",
    "[xs, xs].map(ys => ys.groupBy(y => y % 2)).flatten",
  ];

  test.for(programs)("%s measures by length", (src) => {
    expect(outcome(src, { xs }, {}, false).nested).toBeGreaterThan(0);
  });

  test.for(programs)("%s: with every output and depth limit, what measuring by reading gives", (src) => {
    for (let maxOutputLength = 0; maxOutputLength <= 30; maxOutputLength++) {
      for (let maxDepth = 0; maxDepth <= 3; maxDepth++) {
        const options = { maxOutputLength, maxDepth };
        expect(outcome(src, { xs }, options, false).text, `maxOutputLength ${maxOutputLength}, maxDepth ${maxDepth}`).toBe(outcome(src, { xs }, options, true).text);
      }
    }
  });

  test("for any list, key and limits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom("ys", "[ys, ys]", "ys.map(g => [g, g.count])", "[ys.first, ys.last]"),
        (list, k, maxOutputLength, maxDepth, around) => {
          const src = `(ys => ${around})(xs.groupBy(x => x % ${k}))`;
          const options = { maxOutputLength, maxDepth };
          expect(outcome(src, { xs: list }, options, false).text).toBe(outcome(src, { xs: list }, options, true).text);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("Ctx.outputNested, on any list of lists", () => {
  /** What measuring `v` (then a list holding it twice, which reads what was recorded of it) gives under the limits. */
  function measured(v: readonly Value[], maxOutputLength: number, maxDepth: number, byLength: boolean): string {
    const c = new Ctx();
    c.begin(resolveRunOptions({ maxOutputLength, maxDepth }));
    const span = { start: 0, end: 1 };
    try {
      if (byLength) c.outputNested(v, span);
      else c.output(v, span);
      c.output(builtInside(Object.freeze([v, v])), span);
      return "ok";
    } catch (e) {
      return e instanceof QelError ? e.message : String(e);
    } finally {
      c.end();
    }
  }

  // Inner lists are empty or not, built by the evaluation or the host's, shared or not, or null.
  const inner = fc.oneof(
    fc.array(fc.integer(), { maxLength: 6 }).map((xs) => builtInside(Object.freeze(xs))),
    fc.array(fc.integer(), { maxLength: 6 }).map((xs) => Object.freeze(xs)),
    fc.constant(null),
  );
  const lists = fc
    .tuple(fc.array(inner, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 3 }))
    .map(([xs, again]) => builtInside(Object.freeze([...xs, ...again.flatMap((i) => (xs.length > 0 ? [xs[i % xs.length]!] : []))])));

  test("gives what measuring by reading gives, under any output and depth limit", () => {
    fc.assert(
      fc.property(lists, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 }), (v, maxOutputLength, maxDepth) => {
        expect(measured(v, maxOutputLength, maxDepth, true)).toBe(measured(v, maxOutputLength, maxDepth, false));
      }),
      { numRuns: 1000 },
    );
  });
});
