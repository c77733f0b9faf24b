import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, test } from "vitest";
import { DateValue, type Run } from "@qel/ops";
import { loadRunsFromPath } from "./load-path.js";

const PROJECT = fileURLToPath(new URL("../../../../test/fixtures/wandb/project", import.meta.url));
const WANDB = join(PROJECT, "wandb");
const RUN1 = "run-20260105_101500-fx01abcd";
const iso = (d: DateValue | null | undefined): string | null => (d == null ? null : new Date(d.ms).toISOString());
/** Maps as plain objects, recursively, keeping NaN. */
const plain = (v: unknown): unknown =>
  v instanceof Map ? Object.fromEntries([...(v as Map<string, unknown>)].map(([k, x]) => [k, plain(x)])) : Array.isArray(v) ? v.map(plain) : v;

const temp = mkdtempSync(join(tmpdir(), "qel-loaders-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
/** A fresh folder under the temp dir, optionally holding a copy of fixture run folders. */
function scratch(...runs: string[]): string {
  const dir = join(temp, `case-${++n}`, "wandb");
  mkdirSync(dir, { recursive: true });
  for (const r of runs) cpSync(join(WANDB, r), join(dir, r), { recursive: true });
  return dir;
}

describe("the fixture project", async () => {
  const progress: number[] = [];
  const { runs, issues, sources, project } = await loadRunsFromPath(PROJECT, { onProgress: (p) => progress.push(p.done) });
  const byName = new Map(runs.map((r) => [r.name, r]));
  const get = (name: string): Run => byName.get(name) as Run;

  it("finds every run folder, skips the sweep folder, and reports what it could not load", () => {
    expect(runs.map((r) => r.name)).toEqual(["fx03ijkl", "fx02efgh", "fx01abcd", "fx04core"]);
    expect(sources.map((s) => [s.path.slice(PROJECT.length + 1), s.historyFrom, s.logRecords])).toEqual([
      ["wandb/dryrun-20200101_000000-fx03ijkl", "wandb-history.jsonl", null],
      ["wandb/offline-run-20260106_120000-fx02efgh", ".wandb", 11],
      [`wandb/${RUN1}`, ".wandb", 13],
      ["wandb/run-20260108_090000-fx04core", null, null],
    ]);
    expect(issues).toEqual([]);
    expect(project).toBeNull(); // the runs name different projects
    expect(progress.sort()).toEqual([1, 2, 3, 4]);
  });

  test.for([
    ["fx01abcd", "run record fields", (r: Run) => [r.displayName, r.jobType, r.state, r.group, r.sweep, r.tags, r.user?.username, r.user?.email],
      ["resnet-lr3e-4", "train", "finished", "resnet-sweep", "swp12345", ["baseline", "resnet"], "ada", "ada@example.com"]],
    ["fx01abcd", "dates and notes", (r: Run) => [iso(r.createdAt), iso(r.heartbeatAt), r.details.notes], ["2026-01-05T10:15:00.500Z", "2026-01-05T10:16:33.500Z", "first try"]],
    ["fx01abcd", "config.yaml", (r: Run) => plain(r.config), { eps: NaN, learning_rate: 0.0003, model: { layers: 12, name: "resnet" }, optimizer: "adam", weight_decay: 1e-6 }],
    ["fx01abcd", "summary", (r: Run) => [r.summary.get("val/loss"), r.summary.get("train/loss"), plain(r.summary.get("best")), r.summary.has("_wandb")], [0.4321, NaN, { min: 0.4, max: Infinity }, false]],
    ["fx01abcd", "history from the log", (r: Run) => r.history.map((h) => [h.get("_step"), h.get("train/loss")]), [[0, 0.9], [1, NaN], [2, 0.4]]],
    ["fx01abcd", "logged artifacts: versions in logging order, from v0", (r: Run) => r.loggedArtifacts.map((a) => [a.name, a.version, a.type, a.aliases]),
      [["resnet-model", 0, "model", ["best", "latest", "v0"]]]],
    ["fx01abcd", "project, entity, id", (r: Run) => [r.details.project, r.details.entity, r.details.id], [expect.any(String), expect.any(String), null]],
    ["fx01abcd", "used artifacts", (r: Run) => r.usedArtifacts.map((a) => [a.name, a.version, a.type, a.aliases]), [["mnist", 3, "dataset", ["v3"]]]],
    ["fx02efgh", "fields", (r: Run) => [r.jobType, r.state, r.sweep, r.user?.username, iso(r.createdAt), iso(r.heartbeatAt)], [null, "failed", "swp777", "grace", "2026-01-06T11:59:58.250Z", "2026-01-06T12:00:23.250Z"]],
    ["fx02efgh", "config and summary replayed from the log", (r: Run) => [plain(r.config), r.summary.get("acc"), r.history.length], [{ lr: 0.001, model: { name: "vit", layers: 8 }, batch_size: 64 }, 0.75, 3]],
    ["fx03ijkl", "a 0.8 flat folder", (r: Run) => [r.jobType, r.state, r.user?.username, iso(r.createdAt), iso(r.heartbeatAt), r.history.length, r.summary.get("Policy Loss")],
      ["eval", "finished", "kay", "2020-01-01T00:15:00.000Z", "2020-01-01T00:15:31.000Z", 4, NaN]],
    ["fx04core", "a core config.yaml", (r: Run) => [plain(r.config), iso(r.createdAt), iso(r.heartbeatAt), r.summary.get("loss"), r.state],
      [{ batch_size: 64, lr: "5e-4", schedule: ["warmup", "cosine"] }, "2026-01-08T01:00:00.000Z", "2026-01-08T01:00:12.250Z", 5e-5, null]],
  ] as const)("%s: %s", ([name, , pick, expected]) => {
    expect(pick(get(name))).toEqual(expected);
  });

  it("loads the same run from its folder or its .wandb file (without the sweep folder beside it)", async () => {
    const fromFolder = await loadRunsFromPath(join(WANDB, RUN1));
    const fromLog = await loadRunsFromPath(join(WANDB, RUN1, "run-fx01abcd.wandb"));
    expect(fromFolder.runs).toEqual(fromLog.runs);
    expect(fromFolder.runs.map((r) => [r.name, r.history.length, r.sweep])).toEqual([["fx01abcd", 3, null]]);
  });
});

describe("canonical files", () => {
  test.for([
    ["runs.json", '{"format":"qel-runs/1","project":{"name":"p"},"runs":[{"name":"a","createdAt":"2026-01-01T00:00:00Z","summary":{"x":NaN}}]}'],
    ["runs.jsonl", '{"name":"a","createdAt":"2026-01-01T00:00:00Z","summary":{"x":NaN}}\n'],
  ] as const)("loads %s", async ([file, text]) => {
    const path = join(scratch(), file);
    writeFileSync(path, text);
    const r = await loadRunsFromPath(path);
    expect([r.runs.map((x) => x.name), r.issues, r.sources.map((s) => s.kind)]).toEqual([["a"], [], ["runs-file"]]);
    expect(r.runs[0]?.summary.get("x")).toBeNaN();
  });
});

describe("bad input gives issues naming where, keeps good runs, and never throws", () => {
  const load = async (path: string) => {
    const r = await loadRunsFromPath(path);
    return { names: r.runs.map((x) => x.name), issues: r.issues.map((i) => `${i.severity} ${i.message.slice(temp.length + 1)}`), runs: r.runs };
  };
  const files = (dir: string, ...rest: string[]) => join(dir, RUN1, "files", ...rest);

  test.for([
    ["broken summary JSON", (d: string) => writeFileSync(files(d, "wandb-summary.json"), '{"a": 1,\n "b": }'),
      "error case-N/wandb/run-20260105_101500-fx01abcd/files/wandb-summary.json:2: invalid JSON at column 7: expected a JSON value, found character \"}\"; file skipped"],
    ["broken YAML", (d: string) => writeFileSync(files(d, "config.yaml"), "lr:\n  value: [1, 2\n"),
      "error case-N/wandb/run-20260105_101500-fx01abcd/files/config.yaml:3: invalid YAML at column 1: Flow sequence in block collection must be sufficiently indented and end with a ]; file skipped"],
    ["a config entry without its wrapper", (d: string) => writeFileSync(files(d, "config.yaml"), "wandb_version: 1\n\nlr: 0.1\nbs:\n  value: 8\n"),
      "error case-N/wandb/run-20260105_101500-fx01abcd/files/config.yaml: lr: expected a {value, desc} entry as W&B writes them; key skipped"],
    ["metadata that is not an object", (d: string) => writeFileSync(files(d, "wandb-metadata.json"), "[1, 2]"),
      "error case-N/wandb/run-20260105_101500-fx01abcd/files/wandb-metadata.json: expected a JSON object; file skipped"],
    ["a startedAt that is not a date", (d: string) => writeFileSync(files(d, "wandb-metadata.json"), '{"startedAt": "yesterday", "username": 7}'),
      'warning case-N/wandb/run-20260105_101500-fx01abcd: wandb-metadata.json startedAt "yesterday" is not an ISO-8601 date; ignored'],
    ["an unreadable file", (d: string) => { rmSync(files(d, "wandb-summary.json")); mkdirSync(files(d, "wandb-summary.json")); },
      "error case-N/wandb/run-20260105_101500-fx01abcd/files/wandb-summary.json: cannot read the file (EISDIR); skipped"],
    ["a log that is not a log", (d: string) => writeFileSync(join(d, RUN1, "run-fx01abcd.wandb"), "hello"),
      "warning case-N/wandb/run-20260105_101500-fx01abcd/run-fx01abcd.wandb: not a W&B transaction log (no :W&B header)"],
  ] as const)("%s", async ([, damage, message]) => {
    const dir = scratch(RUN1, "run-20260108_090000-fx04core");
    damage(dir);
    const r = await load(dir);
    expect(r.names).toEqual(["fx01abcd", "fx04core"]);
    expect(r.issues.map((i) => i.replace(/case-\d+/, "case-N"))).toContain(message);
    expect(r.runs[0]?.createdAt).toEqual(new DateValue(Date.UTC(2026, 0, 5, 10, 15, 0, 500)));
  });

  test.for([
    ["a folder without runs", () => scratch(), "no W&B run folders (run-*, offline-run-*, dryrun-*) or MLflow runs (mlruns/<experiment>/<run>/meta.yaml) found here or below"],
    ["a missing path", () => join(temp, "nowhere"), "no such file or folder"],
    ["a file of another kind", () => { const f = join(scratch(), "notes.txt"); writeFileSync(f, "x"); return f; },
      "not a runs file (.json, .jsonl, .ndjson), a .wandb log or a folder of W&B or MLflow runs"],
  ] as const)("reports %s as one error", async ([, make, text]) => {
    const path = make();
    const r = await loadRunsFromPath(path);
    expect(r.runs).toEqual([]);
    expect(r.issues).toEqual([{ severity: "error", file: path, path: "", message: `${path}: ${text}` }]);
  });

  it("reports a run folder with no readable files and keeps the others", async () => {
    const dir = scratch("run-20260108_090000-fx04core");
    mkdirSync(join(dir, "run-20260109_000000-empty001", "files"), { recursive: true });
    const r = await load(dir);
    expect(r.names).toEqual(["fx04core"]);
    expect(r.issues).toEqual([expect.stringMatching(/^error .*run-20260109_000000-empty001: no readable W&B files .*; skipped$/)]);
  });

  it("skips a latest-run link and a latest-run copy of a run it already has, and uses a copy of one it lacks", async () => {
    const dir = scratch(RUN1);
    symlinkSync(join(dir, RUN1), join(dir, "latest-run"));
    cpSync(join(dir, RUN1), join(dir, "..", "other", "latest-run"), { recursive: true });
    expect((await load(join(dir, ".."))).names).toEqual(["fx01abcd"]);
    rmSync(join(dir, RUN1), { recursive: true });
    expect((await load(join(dir, ".."))).names).toEqual(["fx01abcd"]);
  });

  it("merges a resumed run's folders into one run", async () => {
    const dir = scratch(RUN1);
    const later = join(dir, "run-20260105_120000-fx01abcd");
    cpSync(join(dir, RUN1), later, { recursive: true });
    const meta = join(later, "files", "wandb-metadata.json");
    writeFileSync(meta, readFileSync(meta, "utf8").replace("2026-01-05T10:15:00.500000", "2026-01-05T12:00:00"));
    const r = await load(dir);
    expect(r.names).toEqual(["fx01abcd"]);
    expect(r.issues.filter((i) => i.includes("resumed"))).toEqual([expect.stringMatching(/warning .*: run "fx01abcd" was resumed: 2 folders merged into one run/)]);
    expect(iso(r.runs[0]?.createdAt)).toBe("2026-01-05T10:15:00.500Z");
    expect(r.runs[0]?.history).toHaveLength(6);
  });
});
