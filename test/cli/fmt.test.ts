import { beforeAll, describe, expect, it } from "vitest";
import { buildBundle, qel } from "./qel.js";

beforeAll(() => buildBundle());

describe("qel fmt", () => {
  it("prints the canonical form", () => {
    const r = qel(["fmt", "runs.filter((r)=>r.jobType===\"train\")"]);
    expect(r.lines).toEqual(['runs.filter(r => r.jobType == "train")']);
    expect(r.code).toBe(0);
  });

  it("--json prints one JSON string per expression, from stdin too", () => {
    const r = qel(["fmt", "--json"], { stdin: "1+2\n[1,2 ,3]\n" });
    expect(r.lines.map((l) => JSON.parse(l) as unknown)).toEqual(["1 + 2", "[1, 2, 3]"]);
    expect(r.code).toBe(0);
  });

  it("--check exits 1 when an input is not canonical and 0 when all are", () => {
    const bad = qel(["fmt", "--check", "1 + 2", "1+2"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("not canonical: 1+2");
    const good = qel(["fmt", "--check", "1 + 2"]);
    expect(good.code).toBe(0);
    expect(good.stdout + good.stderr).toBe("");
  });

  it("reports a syntax error as an error line under --json", () => {
    const r = qel(["fmt", "--json", "(1 +", "2*3"]);
    expect(JSON.parse(r.lines[0]!)).toMatchObject({ error: { code: expect.any(String), span: { start: expect.any(Number), end: expect.any(Number) } } });
    expect(JSON.parse(r.lines[1]!)).toBe("2 * 3");
    expect(r.code).toBe(1);
  });
});
