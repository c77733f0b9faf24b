import { beforeAll, describe, expect, it } from "vitest";
import { buildBundle, qel, writeRunsFile } from "./qel.js";

let runsFile = "";
beforeAll(() => {
  buildBundle();
  runsFile = writeRunsFile();
});

describe("qel eval", () => {
  it("evaluates an argument against the sample project", () => {
    const r = qel(["eval", "runs.count > 0"]);
    expect(r.stderr).toBe("");
    expect(r.lines).toEqual(["true"]);
    expect(r.code).toBe(0);
  });

  it("evaluates several arguments in order, one result each", () => {
    const r = qel(["eval", "1 + 2", '"a" + "b"', "[1, 2, 3].sum"]);
    expect(r.lines).toEqual(["3", '"ab"', "6"]);
    expect(r.code).toBe(0);
  });

  it("reads one expression per line from stdin, skipping blank lines", () => {
    const r = qel(["eval", "--json"], { stdin: "1 + 1\n\n[1, 2].map(x => x * 10)\n" });
    expect(r.lines).toEqual(["2", "[10,20]"]);
    expect(r.code).toBe(0);
  });

  it("--json reports a result too large to write, rather than building it, and goes on", () => {
    const r = qel(["eval", "--json", "range(0, 100000).map(i => runs)", "runs.count > 0"]);
    const first = JSON.parse(r.lines[0]!) as { error: { code: string; message: string } };
    expect(first.error.code).toBe("output_limit_exceeded");
    expect(first.error.message).toContain("too large to write as JSON");
    expect(r.lines[1]).toBe("true");
    expect(r.code).toBe(1);
  });

  it("--json prints an error line for a failing expression and goes on with the next one", () => {
    const r = qel(["eval", "--json"], { stdin: "1 +\nruns.cont\n40 + 2\n" });
    expect(r.lines).toHaveLength(3);
    const first = JSON.parse(r.lines[0]!) as { error: { code: string; message: string; span: { start: number; end: number } } };
    expect(first.error.code).toBe("unexpected_end");
    expect(first.error.span).toEqual({ start: expect.any(Number), end: expect.any(Number) });
    expect(typeof first.error.message).toBe("string");
    const second = JSON.parse(r.lines[1]!) as { error: { code: string; span: { start: number; end: number } } };
    expect(second.error.span).toEqual({ start: 5, end: 9 });
    expect(r.lines[2]).toBe("42");
    expect(r.code).toBe(1);
  });

  it("prints diagnostics for people on stderr with a caret, without colors off a terminal", () => {
    const r = qel(["eval", "runs.cont"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("1 | runs.cont");
    expect(r.stderr).toContain("     ^~~~");
    expect(r.stderr).not.toContain("\x1b[");
  });

  it("--now fixes now()", () => {
    const r = qel(["eval", "--json", "--now", "2026-03-11T00:00:00Z", "now().toISOString", "now() - date(\"2026-03-10T00:00:00Z\")"]);
    expect(r.lines[0]).toBe('"2026-03-11T00:00:00.000Z"');
    expect(JSON.parse(r.lines[1]!)).toEqual({ duration_ms: 86_400_000 });
    expect(r.code).toBe(0);
  });

  it("--runs reads a canonical runs file", () => {
    const r = qel(["eval", "--runs", runsFile, "--json", "runs.count", "runs.filter(r => r.jobType == \"train\").map(runName)", "runs[0]"]);
    expect(r.lines[0]).toBe("3");
    expect(JSON.parse(r.lines[1]!)).toEqual(["r1", "r2"]);
    const run = JSON.parse(r.lines[2]!) as Record<string, unknown>;
    expect(run["name"]).toBe("r1");
    expect(run["createdAt"]).toBe("2026-03-01T10:00:00.000Z");
    expect(r.code).toBe(0);
  });

  it("renders a list of runs as a table for people", () => {
    const r = qel(["eval", "--runs", runsFile, "runs"], { env: { COLUMNS: "120" } });
    expect(r.lines[0]).toMatch(/^name\s+job type\s+state\s+user\s+created\s+runtime\s+lr\s+batch_size\s+acc\s+val\/loss$/);
    expect(r.lines[1]).toMatch(/^r1\s+train\s+finished\s+alice\s+2026-03-01 10:00\s+1h 30m\s+0\.1\s+32\s+0\.9\s+0\.3$/);
    expect(r.lines).toHaveLength(4);
  });

  it.each([
    [["eval", "--bogus", "1"], "unknown flag --bogus"],
    [["eval", "--runs", "/no/such/file.json", "1"], "no such file"],
    [["eval", "--now", "yesterday", "1"], "--now expects an ISO-8601 date"],
    [["eval", "--now"], "--now needs a value"],
    [["frobnicate"], "unknown command"],
  ])("exits 2 on a usage error: %j", (args, message) => {
    const r = qel(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("prints help", () => {
    const r = qel(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("qel eval [--runs PATH] [--json] [--now ISO] [--max-steps N] [--timeout SECONDS] [--max-output N] EXPR…");
    expect(r.stdout).toContain("qel export [--runs PATH] [--jsonl]");
  });

  it("--max-steps, --timeout and --max-output set the limits, and a limit's error names its flag", () => {
    const r = qel(["eval", "--json", "--max-steps", "20", "runs.map(runName)", "range(0, 10)"]);
    expect(JSON.parse(r.lines[0]!)).toEqual({ error: expect.objectContaining({ code: "step_limit_exceeded", message: expect.stringContaining("raise it with --max-steps N") }) });
    expect(JSON.parse(r.lines[1]!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.code).toBe(1);
    expect(qel(["eval", "--max-steps", "off", "--timeout", "30", "--max-output", "5", "range(0, 5).count"]).lines).toEqual(["5"]);
    const big = qel(["eval", "--max-output", "5", "range(0, 6)"]);
    expect(big.stderr).toContain("raise it with --max-output N");
    expect(qel(["eval", "--timeout", "soon", "1"]).code).toBe(2);
  });

  it("qel export writes the runs it loaded as a runs file that loads to the same runs", () => {
    const doc = qel(["export", "--runs", runsFile]);
    expect(doc.code).toBe(0);
    expect(doc.lines[0]).toBe('{"format":"qel-runs/1","project":{"entity":"acme","name":"vision"},"runs":[');
    const lines = qel(["export", "--runs", runsFile, "--jsonl"]);
    expect(lines.lines).toHaveLength(3);
    expect(JSON.parse(lines.lines[2]!)).toMatchObject({ name: "r3", config: { lr: 0.01, batch_size: 64 } });
  });
});
