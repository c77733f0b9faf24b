import { beforeAll, describe, expect, test } from "vitest";
import { buildBundle, qel, writeRunsFile } from "./qel.js";

beforeAll(() => buildBundle(), 60_000);

describe("qel hover", () => {
  test("for people: the text, its type, and for an op the signature and doc", () => {
    const r = qel(["hover", "--at", "8", 'runs.filter(r => r.jobType == "train")']);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(["filter: list<Run>", "filter(list: list<Run>, pred: (Run) => boolean) → list<Run>", "The elements for which `pred` returns true, in order."]);
  });

  test("--json: one line per expression, null where nothing is", () => {
    const r = qel(["hover", "--json", "--at", "25", "--runs", writeRunsFile()], { stdin: "runs.map(r => r.config.lr)\nruns  \n" });
    expect(r.lines.map((l) => JSON.parse(l))).toEqual([{ from: 23, to: 25, type: "number|null" }, null]);
  });

  test("works on unfinished text", () => {
    const r = qel(["hover", "--json", "--at", "20", "runs.filter(r => r.config"]);
    expect(JSON.parse(r.lines[0]!)).toMatchObject({ from: 19, to: 25, op: "runConfig(run: Run) → ConfigDict" });
  });

  test.for([[["hover", "runs"]], [["hover", "--at", "x", "runs"]]] as const)("usage errors exit 2: %j", ([args]) => {
    expect(qel(args).code).toBe(2);
  });
});
