/**
 * The documentation cannot drift from the language: every op example in the registry (what docs/ops.md shows)
 * evaluates to its stated result over the documentation dataset, and every expression in docs/language.md
 * checks and evaluates over the bundled sample project without an error.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compile, evaluate } from "@qel/lang";
import { docNow, docRuns, inferSchema, standardOps, toJsonValue } from "@qel/ops";
import { sampleRuns } from "../packages/repl/src/sample/sample-project.js";

const opExamples = standardOps.flatMap((op) => op.doc.examples.map((ex) => ({ op: op.name, ...ex })));

describe("op examples give their documented results", () => {
  test.for(opExamples.filter((ex) => ex.result !== undefined))("$op: $expr", (ex) => {
    const value = evaluate(ex.expr, { runs: docRuns }, { now: new Date(docNow) });
    expect(toJsonValue(value)).toEqual(ex.result);
  });
});

function qelExamples(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/^```qel\n([\s\S]*?)^```$/gm)) {
    for (const line of (block[1] ?? "").split("\n")) {
      if (line.trim() === "") continue;
      if (/^\s/.test(line) && out.length > 0) out[out.length - 1] += `\n${line}`;
      else out.push(line);
    }
  }
  return out;
}

describe("docs/language.md examples evaluate over the sample project", () => {
  const runs = sampleRuns();
  const schema = inferSchema(runs);
  const examples = qelExamples(readFileSync(new URL("../docs/language.md", import.meta.url), "utf8"));
  test.for(examples)("%s", (source) => {
    const compiled = compile(source, { schema });
    expect(() => compiled.run({ runs }, { now: new Date("2026-04-01T00:00:00Z") })).not.toThrow();
  });
});
