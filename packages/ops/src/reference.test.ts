import { describe, expect, test } from "vitest";
import { docRuns } from "./doc-dataset.js";
import { CATEGORY_TITLES, renderOpMarkdown, renderOpsReference, renderSignatures } from "./reference.js";
import { createRegistry, standardOps, standardRegistry } from "./std.js";
import { defineOp, overload } from "./define.js";
import { guardHostOp } from "./host-ops.js";
import { T } from "./types.js";

describe("standard ops", () => {
  test("every op is registered under its name", () => {
    for (const op of standardOps) expect(standardRegistry.lookup(op.name)).toBe(op);
    expect(standardRegistry.all()).toHaveLength(standardOps.length);
  });

  test.for(standardOps.map((op) => [op.name, op] as const))("%s is documented with examples and results", ([, op]) => {
    expect(op.doc.summary).toMatch(/\.$/);
    expect(op.doc.examples.length).toBeGreaterThan(0);
    for (const ex of op.doc.examples) {
      expect(ex.expr.trim()).toBe(ex.expr);
      expect(ex.result).not.toBeUndefined();
      expect(JSON.parse(JSON.stringify(ex.result))).toEqual(ex.result);
    }
    const widest = Math.max(...op.overloads.map((o) => o.params.length));
    expect((op.doc.params ?? []).length).toBeLessThanOrEqual(widest);
    expect(CATEGORY_TITLES[op.category]).toBeDefined();
  });

  test("operators are all present", () => {
    for (const s of ["+", "-", "*", "/", "%", "**", "neg", "!", "==", "!=", "<", "<=", ">", ">=", "??", "&&", "||", "[]"]) {
      expect(standardRegistry.operator(s), s).toBeDefined();
    }
  });

  test("createRegistry adds host ops and refuses taken names", () => {
    const extra = defineOp({
      name: "double", category: "number", overloads: [overload([T.Number], T.Number, (x) => 2 * x)],
      doc: { summary: "Twice x.", examples: [{ expr: "double(2)", result: 4 }] },
    });
    // held guarded: its results are converted and checked as they cross into qel (host-ops.ts)
    expect(createRegistry([extra]).lookup("double")).toBe(guardHostOp(extra));
    expect(standardRegistry.lookup("double")).toBeUndefined();
    expect(() => createRegistry([{ ...extra, name: "count" }])).toThrow(/already registered/);
  });

  test("the documentation dataset", () => {
    expect(docRuns).toHaveLength(8);
    expect(new Set(docRuns.map((r) => r.name)).size).toBe(8);
  });
});

describe("reference", () => {
  const text = renderOpsReference(standardOps);

  test("has a section per category and every op", () => {
    for (const op of standardOps) expect(text).toContain(`\n### ${op.name}\n`);
    expect(text).toContain("\n## Runs\n");
    expect(text.endsWith("\n")).toBe(true);
    expect(renderOpsReference(standardOps)).toBe(text);
  });

  test("signatures name parameters and mark optional ones", () => {
    expect(renderSignatures(standardRegistry.lookup("round")!)).toEqual(["round(x: number, digits?: number) → number"]);
    expect(renderSignatures(standardRegistry.lookup("filter")!)).toEqual(["filter(list: list<T>, pred: (T) => boolean) → list<T>"]);
    expect(renderSignatures(standardRegistry.lookup("dropna")!)).toEqual(["dropna(list: list<T>) → list<T>"]);
    expect(renderSignatures(standardRegistry.lookup("days")!)).toEqual(["days(n: number) → duration", "days(n: duration) → number"]);
  });

  test("an op section shows names, parameters and examples with results", () => {
    const md = renderOpMarkdown(standardRegistry.lookup("groupBy")!);
    expect(md).toContain("Also spelled: `groupby`.");
    expect(md).toContain("| list | `list<T>` | The list. |");
    expect(md).toContain("```qel\nruns.groupBy(run => run.jobType).map(g => {jobType: g.key, runs: g.count})\n```");
    expect(md).toContain('→ `[{"jobType":"train","runs":4}');
    expect(renderOpMarkdown(standardRegistry.lookup("runConfig")!)).toContain("Alias: `config` (`x.config`).");
    expect(renderOpMarkdown(standardRegistry.lookup("coalesce")!)).toContain("Operator: `a ?? b`. Handles null arguments itself.");
  });
});
