import { beforeAll, describe, expect, it } from "vitest";
import { buildBundle, qel, writeRunsFile } from "./qel.js";

let runsFile = "";
beforeAll(() => {
  buildBundle();
  runsFile = writeRunsFile();
});

describe("qel check", () => {
  it("prints each expression's type", () => {
    const r = qel(["check", "runs.count", "runs.map(runName)", "runs[0].summary"]);
    expect(r.lines).toEqual(["number", "list<string>", "SummaryDict|null"]);
    expect(r.code).toBe(0);
  });

  it("--json prints {\"type\"} lines and error lines, and goes on", () => {
    const r = qel(["check", "--json"], { stdin: "runs.count\nrunz\n[1, 2]\n" });
    expect(JSON.parse(r.lines[0]!)).toEqual({ type: "number" });
    const err = JSON.parse(r.lines[1]!) as { error: { code: string; span: unknown } };
    expect(err.error.code).toBe("unknown_name");
    expect(err.error.span).toEqual({ start: 0, end: 4 });
    expect(JSON.parse(r.lines[2]!)).toEqual({ type: "list<number>" });
    expect(r.code).toBe(1);
  });

  it("checks against the schema of --runs", () => {
    const r = qel(["check", "--runs", runsFile, "--json", 'runs.map(r => r.config.lr)']);
    expect(JSON.parse(r.lines[0]!)).toEqual({ type: expect.stringMatching(/^list<number/) });
    expect(r.code).toBe(0);
  });

  it("exits 2 on an unknown flag", () => {
    expect(qel(["check", "--now", "2026-01-01T00:00:00Z", "1"]).code).toBe(2);
  });
});
