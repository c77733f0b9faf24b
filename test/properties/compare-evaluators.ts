/**
 * Comparing the compiled evaluator with the reference interpreter (packages/lang/src/reference) on one program,
 * or on generated programs over generated runs.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { analyze, compile, QelError, T, toJsonValue, type Run, type Value } from "@qel/lang";
import { interpret, ReferenceFailure } from "../../packages/lang/src/reference/index.js";
import { programArb, runsArb } from "./typed-programs.js";

/** What an evaluation gave: its JSON form, or `error:<code>`. */
function outcome(run: () => Value): string {
  try {
    return JSON.stringify(toJsonValue(run()));
  } catch (e) {
    if (e instanceof QelError) return `error:${e.diagnostic.code}`;
    if (e instanceof ReferenceFailure) return `error:${e.code}`;
    throw e;
  }
}

const env = { variables: { runs: T.List(T.Run) }, cache: false } as const;

/**
 * Whether the compiled evaluator and the reference interpreter agree on `src` over `runs`. Programs that do not
 * check are not compared (the caller counts them).
 */
export function agree(src: string, runs: readonly Run[]): { checked: boolean; compiled: string; reference: string } {
  const analysis = analyze(src, env);
  if (!analysis.ok) return { checked: false, compiled: "", reference: "" };
  const compiled = outcome(() => compile(src, env).run({ runs }));
  const reference = outcome(() => interpret(analysis, { runs }));
  return { checked: true, compiled, reference };
}

/** Runs the comparison `numRuns` times; returns how many programs checked, failing on the first disagreement. */
export function compareEvaluators(numRuns: number, seed?: number): number {
  let checkedCount = 0;
  fc.assert(
    fc.property(programArb, runsArb, (src, runs) => {
      const r = agree(src, runs);
      if (!r.checked) return;
      checkedCount++;
      expect(r.compiled, src).toBe(r.reference);
    }),
    { numRuns, ...(seed !== undefined ? { seed } : {}) },
  );
  return checkedCount;
}

