import { beforeAll, describe, expect, it } from "vitest";
import { buildBundle, qel, writeRunsFile } from "./qel.js";

let runsFile = "";
beforeAll(() => {
  buildBundle();
  runsFile = writeRunsFile();
});

interface Item {
  label: string;
  kind: string;
  detail: string;
  insert: string;
  from: number;
  to: number;
}

describe("qel complete", () => {
  it("--json prints the completions at the offset as one array", () => {
    const r = qel(["complete", "--json", "--at", "8", "runs.cou"]);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.lines[0]!) as Item[];
    expect(items[0]).toMatchObject({ label: "count", kind: "op" });
    expect(items.every((c) => c.label.startsWith("cou"))).toBe(true);
  });

  it("completes config keys of --runs inside a lambda", () => {
    const src = "runs.map(r => r.config.)";
    const r = qel(["complete", "--runs", runsFile, "--json", "--at", String(src.length - 1), src]);
    const labels = (JSON.parse(r.lines[0]!) as Item[]).filter((c) => c.kind === "key").map((c) => c.label);
    expect(labels.sort()).toEqual(["batch_size", "lr"]);
  });

  it("prints one completion per line for people", () => {
    const r = qel(["complete", "--at", "3", "run"]);
    expect(r.lines[0]).toMatch(/^runs\s+variable\s+list<Run>$/);
  });

  it("completes at the end without --at, each item with the range it replaces", () => {
    const r = qel(["complete", "--json", "runs[0].summary.ke"]);
    expect(r.code).toBe(0);
    const keys = (JSON.parse(r.lines[0]!) as Item[]).find((c) => c.label === "keys");
    expect(keys).toMatchObject({ kind: "op", insert: "keys()", from: 16, to: 18 });
  });

  it("rejects an --at past the end of the expression as a usage error", () => {
    const r = qel(["complete", "--at", "6", "runs."]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("past the end");
  });
});
