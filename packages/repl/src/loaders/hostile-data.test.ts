/**
 * Hostile data: a folder or file holding five good runs and one bad one loads the five, reports the bad one as a
 * load issue naming its file and what is wrong, and answers queries over the rest. Grouped by class of attack.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze, compile, evaluate } from "@qel/lang";
import { CUT_CYCLE, CUT_TOO_DEEP, inferSchema, MAX_DATA_DEPTH, toJsonValue, type LoadIssue, type Run } from "@qel/ops";
import { loadRunsFromPath, type LoadPathResult } from "./load-path.js";

const temp = mkdtempSync(join(tmpdir(), "qel-hostile-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

/** The files of one W&B run folder (below `files/`); metadata gives it a start time. */
export interface FolderFiles {
  readonly config?: string | Uint8Array;
  readonly summary?: string | Uint8Array;
  readonly history?: string;
}

const GOOD_CONFIG = "wandb_version: 1\nlr:\n  value: 0.1\n";

/** Writes a run folder `run-<stamp>-<id>` under `dir`. */
export function writeRunFolder(dir: string, id: string, files: FolderFiles, stamp = "20260101_000000"): string {
  const run = join(dir, `run-${stamp}-${id}`);
  const f = join(run, "files");
  mkdirSync(f, { recursive: true });
  const day = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}`;
  writeFileSync(join(f, "wandb-metadata.json"), JSON.stringify({ startedAt: `${day}T00:00:00`, username: "ann" }));
  writeFileSync(join(f, "config.yaml"), files.config ?? GOOD_CONFIG);
  writeFileSync(join(f, "wandb-summary.json"), files.summary ?? JSON.stringify({ acc: 0.5, _timestamp: 1767229200 }));
  if (files.history !== undefined) writeFileSync(join(f, "wandb-history.jsonl"), files.history);
  return run;
}

/** A fresh folder holding five good run folders (good0 … good4) and, when given, one more called `bad`. */
export function folderWithBadRun(bad?: FolderFiles): string {
  const dir = join(temp, `case-${++n}`, "wandb");
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 5; i++) writeRunFolder(dir, `good${i}`, {});
  if (bad !== undefined) writeRunFolder(dir, "bad", bad);
  return dir;
}

/** Checks the five good runs survived intact and a query over every run answers. */
export function expectGoodRunsSurvive(runs: readonly Run[]): void {
  const good = runs.filter((r) => r.name.startsWith("good")).sort((a, b) => (a.name < b.name ? -1 : 1));
  expect(good.map((r) => [r.name, r.config.get("lr"), r.summary.get("acc")])).toEqual(
    [0, 1, 2, 3, 4].map((i) => [`good${i}`, 0.1, 0.5]),
  );
  const answer = evaluate("runs.map(r => [r.name, r.config, r.summary, r.history.count])", { runs }) as readonly unknown[];
  expect(answer).toHaveLength(runs.length);
  expect(() => toJsonValue(answer as never)).not.toThrow();
}

const messages = (issues: readonly LoadIssue[], severity?: LoadIssue["severity"]): string[] =>
  issues.filter((i) => severity === undefined || i.severity === severity).map((i) => i.message);

function deepJson(levels: number): string {
  return '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
}

const badRun = (r: LoadPathResult): Run | undefined => r.runs.find((x) => x.name === "bad");

/** Follows `.a` as far as it goes, counting the levels. */
function depthOf(v: unknown): { levels: number; end: unknown } {
  let levels = 0;
  let x = v;
  while (x instanceof Map) {
    levels++;
    x = x.get("a");
  }
  return { levels, end: x };
}

describe("loading never crashes and never loses the good runs", () => {
  it("cuts a wandb-summary.json nested 10 000 levels deep at the data depth limit, naming the file and the field", async () => {
    const r = await loadRunsFromPath(folderWithBadRun({ summary: `{"acc": 0.5, "x": ${deepJson(10_000)}}` }));
    expectGoodRunsSurvive(r.runs);
    expect(messages(r.issues, "error")).toEqual([
      expect.stringMatching(/run-20260101_000000-bad\/files\/wandb-summary\.json: summary\.x\.a\.a\.a\.a…92 levels…a\.a\.a: nested deeper than 100 levels; cut \(run "bad"\)$/),
    ]);
    // summary (1) > x (2) > a … : the summary dict and 99 levels below it, then the marker.
    expect(depthOf(badRun(r)?.summary.get("x"))).toEqual({ levels: MAX_DATA_DEPTH - 1, end: CUT_TOO_DEEP });
  });

  it("cuts a runs file's config nested 3 000 and 10 000 levels deep, and queries over config and summary still work", async () => {
    for (const levels of [3_000, 10_000]) {
      const dir = join(temp, `case-${++n}`);
      mkdirSync(dir);
      const good = [0, 1, 2, 3, 4].map((i) => JSON.stringify({ name: `good${i}`, createdAt: "2026-01-01T00:00:00Z", config: { lr: 0.1 }, summary: { acc: 0.5 } }));
      const file = join(dir, "runs.json");
      writeFileSync(file, `{"format":"qel-runs/1","runs":[${good.join(",")},{"name":"bad","createdAt":"2026-01-01T00:00:00Z","config":{"x":${deepJson(levels)}}}]}`);
      const r = await loadRunsFromPath(file);
      expectGoodRunsSurvive(r.runs);
      expect(messages(r.issues)).toEqual([expect.stringMatching(/runs\.json: runs\[5\]\.config\.x\.a\.a\.a\.a…92 levels…a\.a\.a: nested deeper than 100 levels; cut \(run "bad"\)$/)]);
      expect(evaluate("runs.map(r => r.config.lr)", { runs: r.runs })).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, null]);
      expect(evaluate("runs.filter(r => r.summary.acc > 0).count", { runs: r.runs })).toBe(5);
    }
  });

  it("skips a config.yaml whose aliases are a bomb (ten levels of ten), keeping the run", async () => {
    let yaml = "wandb_version: 1\nx:\n  value:\n    a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n";
    for (let i = 1; i < 10; i++) yaml += `    a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    const r = await loadRunsFromPath(folderWithBadRun({ config: yaml }));
    expectGoodRunsSurvive(r.runs);
    expect(messages(r.issues, "error")).toEqual([
      expect.stringMatching(/run-20260101_000000-bad\/files\/config\.yaml: invalid YAML: aliases expand to more than 1000 nodes; file skipped$/),
    ]);
    expect(badRun(r)?.config.size).toBe(0);
  });

  it("cuts a YAML alias that refers to itself", async () => {
    const r = await loadRunsFromPath(folderWithBadRun({ config: "wandb_version: 1\nlr:\n  value: 0.2\nx:\n  value: &a\n    self: *a\n" }));
    expectGoodRunsSurvive(r.runs);
    expect(messages(r.issues, "error")).toEqual([expect.stringMatching(/bad\/files\/config\.yaml: config\.x\.self: refers to a list or dict that contains it; cut \(run "bad"\)$/)]);
    const config = badRun(r)?.config;
    expect([config?.get("lr"), (config?.get("x") as Map<string, unknown>).get("self")]).toEqual([0.2, CUT_CYCLE]);
  });

  it("shares an anchor used many times (within the alias cap) without copying it per use", async () => {
    const uses = Array.from({ length: 200 }, (_, i) => `    u${i}: *base`).join("\n");
    const r = await loadRunsFromPath(folderWithBadRun({ config: `wandb_version: 1\nx:\n  value:\n    base: &base {lr: 0.3}\n${uses}\n` }));
    const x = badRun(r)?.config.get("x") as Map<string, unknown>;
    expect([x.size, (x.get("u199") as Map<string, unknown>).get("lr"), x.get("u0") === x.get("u1")]).toEqual([201, 0.3, true]);
    expect(messages(r.issues, "error")).toEqual([]);
  });

  it("merges a resumed run of two folders with 150 000 history rows each", async () => {
    const dir = folderWithBadRun();
    const rows = (from: number): string => Array.from({ length: 150_000 }, (_, i) => `{"_step":${from + i},"loss":${i}}`).join("\n");
    writeRunFolder(dir, "bad", { history: rows(0) }, "20260101_000000");
    writeRunFolder(dir, "bad", { history: rows(150_000) }, "20260102_000000");
    const r = await loadRunsFromPath(dir);
    expectGoodRunsSurvive(r.runs);
    expect(badRun(r)?.history.length).toBe(300_000);
    expect(messages(r.issues, "error")).toEqual([]);
  }, 60_000);
});

describe("silent losses become load issues", () => {
  it("keeps a YAML !!set as the list of its members, with a warning naming the field", async () => {
    const r = await loadRunsFromPath(folderWithBadRun({ config: "wandb_version: 1\ntags:\n  value: !!set\n    ? a\n    ? b\n" }));
    expectGoodRunsSurvive(r.runs);
    expect(badRun(r)?.config.get("tags")).toEqual(["a", "b"]);
    expect(messages(r.issues, "warning")).toContainEqual(expect.stringMatching(/bad\/files\/config\.yaml: config\.tags: a set; kept as the list of its members \(run "bad"\)$/));
  });

  it("keeps YAML !!binary as its base64 text, with a warning", async () => {
    const r = await loadRunsFromPath(folderWithBadRun({ config: "wandb_version: 1\nblob:\n  value: !!binary aGVsbG8=\n" }));
    expect(badRun(r)?.config.get("blob")).toBe("aGVsbG8=");
    expect(messages(r.issues, "warning")).toContainEqual(expect.stringMatching(/config\.blob: binary data \(5 bytes\); kept as its base64 text/));
  });

  it("reports bytes that are not UTF-8, with the line of the first", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"acc": 0.5,\n"name": "'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
    const r = await loadRunsFromPath(folderWithBadRun({ summary: bytes }));
    expectGoodRunsSurvive(r.runs);
    expect(badRun(r)?.summary.get("name")).toBe("\uFFFD\uFFFD");
    expect(r.issues).toContainEqual(expect.objectContaining({
      severity: "warning", line: 2,
      message: expect.stringMatching(/bad\/files\/wandb-summary\.json:2: bytes that are not UTF-8 \(the first at byte 22\) were replaced with U\+FFFD$/),
    }));
  });

  it("reports a JSON key written twice, with its path and line", async () => {
    const r = await loadRunsFromPath(folderWithBadRun({ summary: '{"acc": 0.5,\n"best": {"loss": 1, "loss": 2}}' }));
    expect((badRun(r)?.summary.get("best") as Map<string, unknown>).get("loss")).toBe(2);
    expect(messages(r.issues, "warning")).toContainEqual(expect.stringMatching(/wandb-summary\.json:2: best\.loss: key written more than once; the last value kept$/));
    const dir = join(temp, `case-${++n}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "runs.json"), '[{"name": "a", "createdAt": "2026-01-01",\n "config": {"lr": 1, "lr": 2}}]');
    const f = await loadRunsFromPath(join(dir, "runs.json"));
    expect([f.runs[0]?.config.get("lr"), messages(f.issues)]).toEqual([2, [expect.stringMatching(/runs\.json:2: runs\[0\]\.config\.lr: key written more than once; the last value kept$/)]]);
  });
});

describe("limits hold near their value", () => {
  it("150 000 keys in one summary are data, not nesting: queries check and run against the inferred schema", async () => {
    const dir = join(temp, `case-${++n}`);
    mkdirSync(dir);
    const wide: Record<string, number> = { acc: 0.5 };
    for (let i = 0; i < 150_000; i++) wide[`k${i}`] = i;
    const good = [0, 1, 2, 3, 4].map((i) => ({ name: `good${i}`, createdAt: "2026-01-01T00:00:00Z", config: { lr: 0.1 }, summary: { acc: 0.5 } }));
    const file = join(dir, "runs.json");
    writeFileSync(file, JSON.stringify({ format: "qel-runs/1", runs: [...good, { name: "bad", createdAt: "2026-01-01T00:00:00Z", summary: wide }] }));
    const r = await loadRunsFromPath(file);
    expectGoodRunsSurvive(r.runs);
    expect(r.issues).toEqual([]);
    const schema = inferSchema(r.runs);
    const check = (source: string) => analyze(source, { schema }).diagnostics.map((d) => d.code);
    expect([check("runs.map(r => r.summary.k149999)"), check("runs.map(r => r.summary.nosuch)"), check("runs.map(r => r.summary).last")])
      .toEqual([[], ["unknown_key"], []]);
    expect(compile("runs.map(r => r.summary.k149999)", { schema }).run({ runs: r.runs })).toEqual([null, null, null, null, null, 149_999]);
  }, 60_000);
});
