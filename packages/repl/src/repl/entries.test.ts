import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, parse } from "@qel/lang";
import { describe, expect, it } from "vitest";
import { EntryAssembler, type Step } from "./entries.js";
import { needsMoreInput } from "./input.js";

/** Feeds lines one at a time; returns the complete entries, in order. */
function entriesOf(lines: readonly string[], assembler = new EntryAssembler()): Step[] {
  return lines.map((l) => assembler.line(l)).filter((s) => s.kind !== "more");
}

describe("when an entry goes on to the next line", () => {
  it.each([
    "runs.filter(r =>",
    "runs.",
    "runs?.",
    "1 +",
    "a &&",
    "x ??",
    "r.jobType in",
    "a ? b :",
    "x and",
    ":let best = runs.",
    ":type 1 *",
    "[1, 2",
  ])("%j continues", (text) => {
    expect(needsMoreInput(text)).toBe(true);
  });

  it.each([
    "runs.count",
    "runs.filter(r =>\n r.state == \"crashed\")",
    'r.summary["a +"]',
    '"ends with a dot."',
    "r.in",
    "r.config.and",
    ":load ../runs/",
    ":schema val/",
    ":help +",
    ":problems (",
    "(1))",
  ])("%j is complete", (text) => {
    expect(needsMoreInput(text)).toBe(false);
  });
});

describe("EntryAssembler", () => {
  it("joins the lines of an entry that ends mid-expression", () => {
    expect(entriesOf(["runs.filter(r => r.jobType ==", '"train")', "1 +", "2"])).toEqual([
      { kind: "entry", text: 'runs.filter(r => r.jobType ==\n"train")', lines: 2 },
      { kind: "entry", text: "1 +\n2", lines: 2 },
    ]);
  });

  it("continues the previous entry with a line starting with `.`", () => {
    const steps = entriesOf(["runs", "  .filter(r => r.jobType == \"train\")", "  .count"]);
    expect(steps).toEqual([
      { kind: "entry", text: "runs", lines: 1 },
      { kind: "entry", text: 'runs\n  .filter(r => r.jobType == "train")', replaces: "runs", lines: 2 },
      { kind: "entry", text: 'runs\n  .filter(r => r.jobType == "train")\n  .count', replaces: 'runs\n  .filter(r => r.jobType == "train")', lines: 2 },
    ]);
  });

  it("continues an expression command, and nothing else", () => {
    expect(entriesOf([":let x = runs", ".count"]).at(-1)).toMatchObject({ text: ":let x = runs\n.count" });
    expect(entriesOf([":help map", ".count"]).at(-1)).toMatchObject({ kind: "rejected" });
    expect(entriesOf([".count"])).toEqual([{ kind: "rejected", message: expect.stringContaining("continues the previous expression") }]);
  });

  it("makes one entry of a bracketed paste, whether or not it ends with a newline", () => {
    const a = new EntryAssembler();
    a.pasteStart();
    expect(entriesOf(["1 + 1", "  .toString"], a)).toEqual([]);
    expect(a.pasteEnd("")).toEqual({ kind: "entry", text: "1 + 1\n  .toString", lines: 2 });
    // The last line stays in the editor until Enter.
    a.pasteStart();
    expect(entriesOf(["[1,", "2,"], a)).toEqual([]);
    expect(a.pasteEnd("3]")).toBeUndefined();
    expect(a.line("3]")).toEqual({ kind: "entry", text: "[1,\n2,\n3]", lines: 3 });
  });

  it("forgets an unfinished entry on clear", () => {
    const a = new EntryAssembler();
    expect(a.line("[1,")).toEqual({ kind: "more" });
    a.clear();
    expect(a.pending).toBe("");
    expect(a.line("2")).toEqual({ kind: "entry", text: "2", lines: 1 });
  });

  it("takes the formatter's multi-line output and docs/language.md's examples typed line by line", () => {
    const long = 'runs.filter(r => r.config.learning_rate > 0.01 && r.summary["val/acc"] >= 0.9).map(r => {name: r.name, acc: r.summary.accuracy, loss: r.summary.loss}).sort(x => x.acc, "desc").limit(5)';
    const formatted = format(long);
    if (!formatted.ok) throw new Error("format failed");
    expect(formatted.value.split("\n").length).toBeGreaterThan(3);
    const last = entriesOf(formatted.value.split("\n")).at(-1)!;
    expect(last).toMatchObject({ kind: "entry", text: formatted.value });
    // Every fenced qel example of the language guide that spans lines reads as one entry.
    const doc = readFileSync(fileURLToPath(new URL("../../../../docs/language.md", import.meta.url)), "utf8");
    const blocks = [...doc.matchAll(/```qel\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd()).filter((b) => b.includes("\n") && parse(b).ok);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(entriesOf(block.split("\n")).at(-1)).toMatchObject({ kind: "entry", text: block });
  });
});
