/**
 * The documentation cannot drift from the language: every op example in the registry (what docs/ops.md shows)
 * evaluates to its stated result over the documentation dataset, and every expression in docs/language.md
 * checks and evaluates over the bundled sample project without an error.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { qelExamples } from "./markdown.js";
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


describe("docs/language.md examples evaluate over the sample project", () => {
  const runs = sampleRuns();
  const schema = inferSchema(runs);
  const examples = qelExamples(readFileSync(new URL("../docs/language.md", import.meta.url), "utf8"));
  test.for(examples)("%s", (source) => {
    const compiled = compile(source, { schema });
    expect(() => compiled.run({ runs }, { now: new Date("2026-04-01T00:00:00Z") })).not.toThrow();
  });
});

describe("README examples evaluate over the sample project", () => {
  const runs = sampleRuns();
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const typed = [...readme.matchAll(/^qel> (.+)$/gm)].map((m) => m[1]!).filter((line) => !line.startsWith(":"));
  const examples = [...qelExamples(readme), ...typed];
  test("the README has examples", () => expect(examples.length).toBeGreaterThan(3));
  test.for(examples)("%s", (source) => {
    expect(() => evaluate(source, { runs }, { now: new Date("2026-04-01T00:00:00Z") })).not.toThrow();
  });
});
