/**
 * A schema is what the checker knows of the runs, not a promise about the runs evaluated: a saved panel compiled
 * against yesterday's schema runs over today's runs. Values of a kind the schema did not foresee follow the rule
 * of data (docs/language.md "Types from data"): null, never a coerced answer or a JavaScript error.
 */
import { inferSchema } from "@qel/ops";
import { describe, expect, test } from "vitest";
import { analyze, check } from "../check/analyze.js";
import { compile } from "./compile.js";
import { loadRuns } from "./host-data.js";

const run = (name: string, config: object, summary: object) => ({ name, createdAt: "2026-01-01T00:00:00Z", config, summary });
const inferredFrom = loadRuns([run("a", { lr: 0.1, tag: "x", opt: { name: "adam" } }, { acc: 0.9, hist: [1, 2] })]);
const schema = inferSchema(inferredFrom);
const other = loadRuns([run("b", { lr: "0.1", tag: 5, opt: "sgd" }, { acc: [1, 2], hist: "none" })]);

describe("an expression compiled with a schema, run over runs of other kinds", () => {
  test.each([
    ["runs.map(r => r.config.lr * 2)", [0.2], [null]],
    ["runs.map(r => r.summary.acc.toFixed(2))", ["0.90"], [null]],
    ["runs.map(r => r.config.tag.upper())", ["X"], [null]],
    ["runs.map(r => r.summary.acc > 0.5)", [true], [null]],
    ["runs.map(r => r.config.opt.name)", ["adam"], [null]],
    ["runs.map(r => r.summary.hist.count)", [2], [null]],
    ["runs.map(r => r.config.tag.len())", [1], [null]],
  ])("%s gives what the data holds, and null where its kind fits nothing", (source, onSchemaRuns, onOtherRuns) => {
    const c = compile(source, { schema });
    expect(c.run({ runs: inferredFrom })).toEqual(onSchemaRuns);
    expect(c.run({ runs: other })).toEqual(onOtherRuns);
    // the same as without a schema
    expect(compile(source).run({ runs: other })).toEqual(onOtherRuns);
  });

  test("the schema still types the keys: a call that fits no kind the schema knows is an error", () => {
    const r = check("runs.map(r => r.config.lr.upper())", { schema });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain("no_matching_overload");
    expect(check("runs.map(r => r.config.lr * 2)", { schema }).ok).toBe(true);
  });

  test("a key the schema lacks is run data too: null where its kind fits nothing, with the schema's warning", () => {
    const c = compile("runs.map(r => r.config.seed * 2)", { schema });
    expect(c.warnings.map((d) => d.code)).toContain("unknown_key");
    const seeded = loadRuns([run("c", { seed: 3 }, {}), run("d", { seed: "three" }, {})]);
    expect(c.run({ runs: seeded })).toEqual([6, null]);
  });
});

describe("an exact schema (a project's own)", () => {
  test("its kinds are trusted: the calls they type are resolved once, not at run time", () => {
    const plan = (exactSchema: boolean) => {
      const a = analyze("runs.map(r => r.config.lr * 2)", { schema, exactSchema });
      const node = [...a.plans.entries()].find(([n]) => n.kind === "Binary")![1] as { dynamic: readonly boolean[] };
      return node.dynamic;
    };
    expect(plan(true)).toEqual([false, false]);
    expect(plan(false)).toEqual([true, false]);
    expect(compile("runs.map(r => r.config.lr * 2)", { schema, exactSchema: true }).run({ runs: inferredFrom })).toEqual([0.2]);
  });

  test("exactSchema must be true or false", () => {
    const r = check("1", { schema, exactSchema: "yes" as never });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["invalid_option"]);
  });
});
