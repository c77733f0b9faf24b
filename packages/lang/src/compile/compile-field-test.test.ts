/**
 * `filter` over a field test runs as a loop of its own (compile-field-test.ts). With every step limit and depth
 * limit around its work, it gives what the general filter loop gives: the same list, or the same error at the
 * same place. The general loop is had by switching the fused one off (mocked here only).
 */
import { describe, expect, test, vi } from "vitest";
import { DateValue, Run, User, type Value } from "@qel/ops";
import { compile } from "./compile.js";
import { QelError } from "../syntax/diagnostics.js";
import type { RunOptions } from "./limits.js";

const switches = vi.hoisted(() => ({ fused: true, built: 0 }));

vi.mock(import("./compile-field-test.js"), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    filterFieldLoop: (...args: Parameters<typeof original.filterFieldLoop>) => {
      if (!switches.fused) return undefined;
      const loop = original.filterFieldLoop(...args);
      if (loop !== undefined) switches.built++;
      return loop;
    },
  };
});

const t = new DateValue(0);
const run = (name: string, jobType: string | null): Run =>
  new Run(name, null, jobType, null, t, t, new User("u", null, null), new Map(), new Map(), [], [], [], [], null, null);
const runs = [run("a", "train"), run("b", null), run("c", "eval"), run("d", "train"), run("e", "sweep")];

/** The value as JSON, or the error's code and where it points. */
function outcome(src: string, options: RunOptions, fused: boolean): string {
  switches.fused = fused;
  try {
    return JSON.stringify(compile(src, { cache: false }).run({ runs }, options) as Value);
  } catch (e) {
    if (!(e instanceof QelError)) throw e;
    const d = e.diagnostic;
    return `${d.code} at ${d.span.start}-${d.span.end}`;
  } finally {
    switches.fused = true;
  }
}

describe("filter over a field test", () => {
  const programs = [
    'runs.filter(r => r.jobType == "train")',
    'runs.filter(r => r.jobType != "train").map(r => r.name)',
    "runs.filter(r => r.jobType == null).count",
    'runs.map(r => runs.filter(s => s.jobType == "eval").count)',
    '["Train", "eval", "TRAIN"].filter(s => s.lower == "train")',
    '[["a"], ["b", "c"]].filter(xs => xs.first == "b")',
  ];

  test.for(programs)("%s is run by the fused loop", (src) => {
    switches.built = 0;
    compile(src, { cache: false });
    expect(switches.built).toBe(1);
  });

  test.for(programs)("%s gives the general loop's outcome at every step limit", (src) => {
    const full = outcome(src, {}, false);
    expect(full).not.toMatch(/ at /);
    const steps: string[] = [];
    for (let maxSteps = 1; maxSteps <= 120; maxSteps++) {
      const general = outcome(src, { maxSteps }, false);
      expect(outcome(src, { maxSteps }, true), `maxSteps ${maxSteps}`).toBe(general);
      steps.push(general);
    }
    // the limits were met inside the loop, and the last one let it finish
    expect(steps.filter((s) => s.startsWith("step_limit_exceeded")).length).toBeGreaterThan(4);
    expect(steps.at(-1)).toBe(full);
  });

  test.for(programs)("%s gives the general loop's outcome at every depth limit", (src) => {
    for (let maxDepth = 0; maxDepth <= 3; maxDepth++) {
      expect(outcome(src, { maxDepth }, true), `maxDepth ${maxDepth}`).toBe(outcome(src, { maxDepth }, false));
    }
    expect(outcome(src, { maxDepth: 0 }, true)).toMatch(/^depth_limit_exceeded/);
  });
});
