import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { T, type RunSchema } from "@qel/ops";
import { completeLine } from "./completer.js";
import { appendHistory, historyPath, needsMoreInput, openBrackets, readHistory } from "./input.js";
import { clearedVariables, defined, initialState, loaded, remembered, sessionEnv } from "./session.js";

const schema: RunSchema = { config: new Map([["lr", T.Number]]), summary: new Map([["val/loss", T.Number]]), history: new Map() };

describe("session state", () => {
  it("records loads, variables and history without mutating earlier states", () => {
    const s0 = initialState();
    const s1 = loaded(s0, { project: "vision", runCount: 3, schema, path: "/x.json", issues: [], ms: 1 });
    const s2 = defined(s1, "best", "runs[0]", T.Run);
    const s3 = remembered(remembered(remembered(s2, "a"), "a"), "b");
    expect(s0.project).toBeNull();
    expect(s1).toMatchObject({ project: "vision", runCount: 3, runsPath: "/x.json" });
    expect(s2.variables["best"]).toEqual({ source: "runs[0]", type: T.Run });
    expect(s1.variables).toEqual({});
    expect(s3.history).toEqual(["a", "b"]);
    expect(Object.isFrozen(s3)).toBe(true);
    expect(clearedVariables(s3).variables).toEqual({});
    expect(sessionEnv(s2).variables).toEqual({ runs: T.List(T.Run), best: T.Run });
    expect(sessionEnv(s2).schema).toBe(s2.schema);
  });

  it("keeps only the last entries of the history", () => {
    let s = initialState();
    for (let i = 0; i < 5; i++) s = remembered(s, `e${i}`, 3);
    expect(s.history).toEqual(["e2", "e3", "e4"]);
  });
});

describe("input", () => {
  it.each<[string, string[]]>([
    ["runs.map(r => [r.name", ["(", "["]],
    ["runs.count", []],
    ['summary["(("', ["["]],
    ["{a: (1", ["{", "("]],
    ["(1))", []],
    ["'it\\'s ('", []],
  ])("openBrackets(%j) is %j", (text, open) => {
    expect(openBrackets(text)).toEqual(open);
  });

  it("continues while a bracket is open", () => {
    expect(needsMoreInput("runs.filter(r =>")).toBe(true);
    expect(needsMoreInput("runs.filter(r =>\n r.state == \"crashed\")")).toBe(false);
  });

  it("persists history in $QEL_HISTORY, folding multi-line entries", () => {
    const file = join(mkdtempSync(join(tmpdir(), "qel-history-")), "h");
    expect(historyPath({ QEL_HISTORY: file })).toBe(file);
    expect(historyPath({ QEL_HISTORY: "" })).toBeNull();
    expect(historyPath({})).toMatch(/\.qel_history$/);
    expect(readHistory(file)).toEqual([]);
    appendHistory(file, "runs.count");
    appendHistory(file, "[1,\n  2]");
    expect(readFileSync(file, "utf8")).toBe("runs.count\n[1, 2]\n");
    expect(readHistory(file)).toEqual(["runs.count", "[1, 2]"]);
    writeFileSync(file, Array.from({ length: 30 }, (_, i) => `e${i}`).join("\n"));
    expect(readHistory(file, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `e${i + 20}`));
    expect(readFileSync(file, "utf8").split("\n").filter(Boolean)).toHaveLength(10);
  });
});

describe("completer", () => {
  const env = () => ({ variables: { runs: T.List(T.Run), best: T.Run }, schema });

  it("replaces the partial word with the text to insert: keys closed, ops on dicts called", () => {
    expect(completeLine('best.summary["val/l', "", env)).toEqual([['val/loss"]'], "val/l"]);
    expect(completeLine("best.summary.ke", "", env)).toEqual([["keys()"], "ke"]);
    expect(completeLine("runs.fil", "", env)).toEqual([["filter("], "fil"]);
    expect(completeLine("runs.", "", env)[1]).toBe("");
  });

  it("completes commands, op names after :help, and expressions after :type", () => {
    expect(completeLine(":he", "", env)).toEqual([[":help"], ":he"]);
    expect(completeLine(":help runCon", "", env)).toEqual([["runConfig"], "runCon"]);
    expect(completeLine(":type runs.cou", "", env)).toEqual([["count", "countBy("], "cou"]);
    expect(completeLine(":let x = be", "", env)[0]).toContain("best");
  });

  it("completes expressions, also on the later lines of a multi-line entry", () => {
    expect(completeLine("runs.cou", "", env)).toEqual([["count", "countBy("], "cou"]);
    expect(completeLine("  r.config.l", "runs.map(r =>", env)).toEqual([["lr"], "l"]);
  });
});
