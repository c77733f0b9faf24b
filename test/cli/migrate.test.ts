import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { LANGUAGE_VERSION as V } from "@qel/lang";
import { buildBundle, qel, writeRunsFile } from "./qel.js";

beforeAll(() => buildBundle(), 60_000);

const dashboard = {
  dashboard: "vision",
  panels: [
    { title: "lr", query: { qel: V, expr: "runs.map(r => r.config.lr)", width: 4 } },
    { title: "acc", query: { qel: V, expr: "runs.summary.acc.max" } },
    { title: "other dict", query: { qel: V, expr: "{lr: 1}.lr" } },
  ],
};

function file(content: unknown, indent: number | string = 2): string {
  const path = join(mkdtempSync(join(tmpdir(), "qel-migrate-")), "panels.json");
  writeFileSync(path, typeof content === "string" ? content : `${JSON.stringify(content, null, indent)}\n`);
  return path;
}

describe("qel migrate", () => {
  test("reports every change and writes nothing without --write", () => {
    const path = file(dashboard);
    const before = readFileSync(path, "utf8");
    const r = qel(["migrate", path, "--rename", "config.lr=learning_rate", "--rename", "acc=accuracy"]);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      `$.panels[0].query (v${V}): changed`,
      '  changed (1:24): config key "lr" renamed to "learning_rate"',
      "  was: runs.map(r => r.config.lr)",
      "  now: runs.map(r => r.config.learning_rate)",
      `$.panels[1].query (v${V}): changed`,
      '  changed (1:14): summary key "acc" renamed to "accuracy"',
      "  was: runs.summary.acc.max",
      "  now: runs.summary.accuracy.max",
      `$.panels[2].query (v${V}): unchanged`,
      "3 saved expression(s): 2 changed, 0 with problems; not written (pass --write to save the changes)",
    ]);
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  test("--write rewrites the documents in place, keeping every other field and the file's indentation", () => {
    const path = file(dashboard, 4);
    expect(qel(["migrate", path, "--rename", "lr=learning_rate", "--write"]).code).toBe(0);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^\{\n {4}"dashboard"/);
    const expected = structuredClone(dashboard);
    expected.panels[0]!.query.expr = "runs.map(r => r.config.learning_rate)";
    expect(JSON.parse(text)).toEqual(expected);
  });

  test("--json prints one line per document", () => {
    const r = qel(["migrate", file(dashboard), "--rename", "lr=learning_rate", "--json"]);
    expect(r.lines).toHaveLength(3);
    const first = JSON.parse(r.lines[0]!);
    expect(first).toMatchObject({ path: "$.panels[0].query", status: "current", version: V, changed: true, expr: "runs.map(r => r.config.learning_rate)", type: "list<any>" });
    expect(first.changes).toEqual([{ message: 'config key "lr" renamed to "learning_rate"', span: { start: 23, end: 25 } }]);
  });

  test("with --runs, expressions are checked against the project's keys", () => {
    const r = qel(["migrate", file([{ qel: V, expr: "runs.map(r => r.config.lr)" }]), "--rename", "lr=learning_rate", "--runs", writeRunsFile(), "--json"]);
    expect(JSON.parse(r.lines[0]!).diagnostics.map((d: { code: string }) => d.code)).toEqual(["unknown_key"]);
  });

  test("documents that no longer check, come from a newer version or are malformed make the exit code 1", () => {
    const path = file([{ qel: V, expr: "runs.map(r => r.nosuch)" }, { qel: 99, expr: "runs" }, { qel: "x", expr: "runs" }]);
    const r = qel(["migrate", path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`$[0] (v${V}): no longer checks`);
    expect(r.stdout).toContain("error[unknown_field]");
    expect(r.stdout).toContain("$[1] (v99): saved by the newer version 99");
    expect(r.stdout).toContain("$[2] (v?): not a saved expression");
    expect(r.lines.at(-1)).toBe("3 saved expression(s): 0 changed, 3 with problems; nothing to write");
  });

  test.for([
    [["migrate"], /exactly one FILE/],
    [["migrate", "/nonexistent/panels.json"], /no such file/],
    [["migrate", "FILE", "--rename", "lr"], /--rename expects OLD=NEW/],
  ] as const)("usage errors exit 2: %j", ([args, message]) => {
    const path = file(dashboard);
    const r = qel(args.map((a) => (a === "FILE" ? path : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test("a document of an older version is upgraded to the current one, its text kept when no migration rewrites it", () => {
    const path = file([{ qel: 1, expr: "runs.count", title: "n" }]);
    const r = qel(["migrate", path, "--write"]);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([`$[0] (v1): upgraded to v${V}`, "1 saved expression(s): 1 changed, 0 with problems; written to " + path]);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual([{ qel: V, expr: "runs.count", title: "n" }]);
  });

  test("a file that is not JSON, or holds no documents, says so", () => {
    const bad = qel(["migrate", file("{not json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not JSON/);
    const none = qel(["migrate", file({ panels: [] })]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/holds no saved expressions/);
  });

  test("a rename that cannot be used leaves every document as it is and says why", () => {
    const path = file(dashboard);
    const before = readFileSync(path, "utf8");
    const r = qel(["migrate", path, "--rename", "config.lr=config.", "--write"]);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe(`$.panels[0].query (v${V}): not migrated: the renames cannot be used`);
    expect(r.stdout).toMatch(/`to` must be/);
    expect(readFileSync(path, "utf8")).toBe(before);
  });
});
