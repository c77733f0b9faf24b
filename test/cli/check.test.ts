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

  it("--json lists every diagnostic of an expression: errors, and warnings with their hints", () => {
    const r = qel(["check", "--runs", runsFile, "--json", "runs.map(r => r.config.lrr).count.foo + nope", "runs.map(r => r.config.lrr)"]);
    const failed = JSON.parse(r.lines[0]!) as { error: { code: string }; diagnostics: { code: string; severity: string; hint?: string }[] };
    expect(failed.error.code).toBe("unknown_field");
    expect(failed.diagnostics.map((d) => [d.code, d.severity])).toEqual([["unknown_key", "warning"], ["unknown_field", "error"], ["unknown_name", "error"]]);
    expect(failed.diagnostics[0]!.hint).toContain('"lr"');
    const warned = JSON.parse(r.lines[1]!) as { type: string; diagnostics: { code: string }[] };
    expect(warned.type).toMatch(/^list</);
    expect(warned.diagnostics.map((d) => d.code)).toEqual(["unknown_key"]);
    expect(r.code).toBe(1);
  });

  it("says which input each diagnostic belongs to when there are several", () => {
    const r = qel(["check", "runs.count", "runz + nope"]);
    expect(r.stderr).toMatch(/^input 2:1:1: error\[unknown_name\]/m);
    expect(r.stderr).toMatch(/^input 2:1:8: error\[unknown_name\]/m);
    expect(qel(["check", "runz"]).stderr).toMatch(/^1:1: error\[unknown_name\]/m);
  });

  it("exits 2 on an unknown flag", () => {
    expect(qel(["check", "--now", "2026-01-01T00:00:00Z", "1"]).code).toBe(2);
  });
});
