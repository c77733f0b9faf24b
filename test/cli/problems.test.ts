import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBundle, qel, writeRunsFile } from "./qel.js";

let bad = "";
beforeAll(() => {
  buildBundle();
  bad = join(mkdtempSync(join(tmpdir(), "qel-problems-")), "runs.jsonl");
  const lines = [
    '{"name":"a","createdAt":"2026-01-01"}',
    ...Array.from({ length: 7 }, (_, i) => `{"name":"b${i}","createdAt":"yesterday"}`),
    '{"name":"c","createdAt":"2026-01-01","state":"odd"}',
  ];
  writeFileSync(bad, `${lines.join("\n")}\n`);
});

describe("qel problems", () => {
  it("prints every problem, not only the first five", () => {
    const r = qel(["problems", "--runs", bad]);
    expect(r.lines).toHaveLength(8);
    expect(r.lines[0]).toBe(`error: ${bad}:2: runs[1].createdAt: "yesterday" is not an ISO-8601 date (run "b0"); run skipped`);
    expect(r.lines[7]).toBe(`warning: ${bad}:9: runs[8].state: unknown state "odd" (run "c"); kept as written`);
    expect(r.code).toBe(1);
  });

  it("--json prints one object per problem, with file, place and line", () => {
    const r = qel(["problems", "--json", "--runs", bad]);
    expect(JSON.parse(r.lines[7]!)).toEqual({
      severity: "warning", file: bad, path: "runs[8].state", line: 9,
      message: `${bad}:9: runs[8].state: unknown state "odd" (run "c"); kept as written`,
    });
  });

  it("prints nothing and exits 0 for clean runs; a missing path is a usage error", () => {
    expect(qel(["problems", "--runs", writeRunsFile()])).toMatchObject({ stdout: "", code: 0 });
    expect(qel(["problems", "--runs", join(tmpdir(), "no-such-qel-runs")]).code).toBe(2);
  });

  it("the other commands keep printing five and say how to see the rest", () => {
    const r = qel(["eval", "--runs", bad, "runs.count"]);
    expect(r.stderr.split("\n").filter((l) => l !== "")).toHaveLength(6);
    expect(r.stderr).toContain("… and 3 more problems (qel problems --runs PATH lists them all)");
  });
});

describe("./qel at the repository root", () => {
  it("runs the same command as the bin script", async () => {
    const { spawnSync } = await import("node:child_process");
    const { ROOT } = await import("./qel.js");
    const r = spawnSync(join(ROOT, "qel"), ["eval", "--json", "1 + 1"], { encoding: "utf8", timeout: 30_000 });
    expect([r.status, r.stdout]).toEqual([0, "2\n"]);
  });
});
