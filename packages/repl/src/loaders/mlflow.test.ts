import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, test } from "vitest";
import type { DateValue, Run } from "@qel/ops";
import { loadRunsFromPath } from "./load-path.js";
import { parsePythonFloat } from "./mlflow.js";

const REAL = fileURLToPath(new URL("../../../../../shared/real-runs", import.meta.url));
const FRAMEWORK = join(REAL, "11sleahy__MLFlow_Framework");
const present = existsSync(FRAMEWORK);
const WANDB_RUN = fileURLToPath(new URL("../../../../test/fixtures/wandb/project/wandb/run-20260105_101500-fx01abcd", import.meta.url));

const iso = (d: DateValue | null | undefined): string | null => (d == null ? null : new Date(d.ms).toISOString());
const plain = (m: ReadonlyMap<string, unknown>): Record<string, unknown> => Object.fromEntries(m);
const rows = (r: Run): Record<string, unknown>[] => r.history.map(plain);

const temp = mkdtempSync(join(tmpdir(), "qel-mlflow-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

/** Writes `files` (path → text) below a fresh folder and returns it. */
function tree(files: Record<string, string>): string {
  const root = join(temp, `case-${++n}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

/** A run's meta.yaml as MLflow's file store writes it. */
function runMeta(id: string, fields: { name?: string; start?: number | null; end?: number | null; status?: number | string; stage?: string }): string {
  return [
    `artifact_uri: file:///tmp/mlruns/1/${id}/artifacts`,
    `end_time: ${fields.end ?? "null"}`,
    "entry_point_name: ''",
    "experiment_id: '1'",
    `lifecycle_stage: ${fields.stage ?? "active"}`,
    `run_id: ${id}`,
    `run_name: ${fields.name ?? "''"}`,
    `run_uuid: ${id}`,
    "source_name: ''",
    "source_type: 4",
    "source_version: ''",
    ...(fields.start === null ? [] : [`start_time: ${fields.start ?? 1767225600000}`]),
    `status: ${fields.status ?? 3}`,
    "tags: []",
    "user_id: meta-user",
    "",
  ].join("\n");
}

const EXPERIMENT = "artifact_location: file:///tmp/mlruns/1\ncreation_time: 1767225600000\nexperiment_id: '1'\nlast_update_time: 1767225600000\nlifecycle_stage: active\nname: vision\n";
const A = "a".repeat(32);
const B = "b".repeat(32);
const C = "c".repeat(32);
/** 2026-01-01T00:00:00Z in ms. */
const T0 = 1767225600000;

/** An mlruns folder with three runs: finished with metrics, still running, killed and deleted. */
function mlruns(extra: Record<string, string> = {}): string {
  return tree({
    "mlruns/1/meta.yaml": EXPERIMENT,
    [`mlruns/1/${A}/meta.yaml`]: runMeta(A, { name: "resnet-a", start: T0, end: T0 + 60_000 }),
    [`mlruns/1/${A}/params/lr`]: "0.001",
    [`mlruns/1/${A}/params/model/name`]: "resnet",
    [`mlruns/1/${A}/metrics/loss`]: `${T0 + 1000} 0.9 0\n${T0 + 2000} nan 1\n${T0 + 3000} 0.4 2\n`,
    [`mlruns/1/${A}/metrics/acc`]: `${T0 + 1500} inf 0\n${T0 + 3500} -inf 2\n`,
    [`mlruns/1/${A}/metrics/train/lr`]: `${T0 + 1000} 0.1 0\n${T0 + 1100} 0.05 0\n${T0 + 1200} 0.01 0\n`,
    [`mlruns/1/${A}/tags/mlflow.user`]: "ada",
    [`mlruns/1/${A}/tags/mlflow.runName`]: "resnet-a",
    [`mlruns/1/${A}/tags/mlflow.note.content`]: "first try",
    [`mlruns/1/${A}/tags/team`]: "vision",
    [`mlruns/1/${B}/meta.yaml`]: runMeta(B, { start: T0 + 100_000, status: 1 }),
    [`mlruns/1/${B}/metrics/loss`]: `${T0 + 105_000} 1.5 0\n${T0 + 107_500} 1.25 1\n`,
    [`mlruns/1/${B}/tags/mlflow.runName`]: "tagged-name",
    [`mlruns/1/${B}/tags/mlflow.parentRunId`]: A,
    [`mlruns/1/${C}/meta.yaml`]: runMeta(C, { name: "gone", start: T0 + 200_000, status: 5, stage: "deleted" }),
    ...extra,
  });
}

describe("an mlruns folder", async () => {
  const root = mlruns();
  const progress: [number, number][] = [];
  const { runs, issues, sources, project } = await loadRunsFromPath(root, { onProgress: (p) => progress.push([p.done, p.total]) });
  const get = (name: string): Run => runs.find((r) => r.name === name) as Run;

  it("loads every run, with the experiment as project, and reports progress", () => {
    expect(runs.map((r) => r.name)).toEqual([A, B, C]);
    expect(sources.map((s) => [s.kind, s.path.slice(root.length + 1), s.runs])).toEqual([
      ["mlflow-run", `mlruns/1/${A}`, 1], ["mlflow-run", `mlruns/1/${B}`, 1], ["mlflow-run", `mlruns/1/${C}`, 1],
    ]);
    expect(project).toEqual({ name: "vision" });
    expect(progress.sort()).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(issues.map((i) => i.message.slice(root.length + 1))).toEqual([
      `mlruns/1/${C}: no end_time and no metric points; heartbeatAt is the start time`,
    ]);
  });

  test.for([
    ["meta and tags", (r: Run) => [r.displayName, r.state, r.jobType, r.user?.username, r.tags, r.details.notes, r.details.project],
      ["resnet-a", "finished", null, "ada", ["team=vision"], "first try", "vision"]],
    ["every tag is kept in metadata", (r: Run) => Object.keys(plain(r.details.metadata.get("mlflow_tags") as Map<string, unknown>) as object).sort(),
      ["mlflow.note.content", "mlflow.runName", "mlflow.user", "team"]],
    ["times", (r: Run) => [iso(r.createdAt), iso(r.heartbeatAt)], ["2026-01-01T00:00:00.000Z", "2026-01-01T00:01:00.000Z"]],
    ["params stay strings; a key with / is one key", (r: Run) => plain(r.config), { lr: "0.001", "model/name": "resnet" }],
    ["summary: each metric's last value, nan and inf as numbers", (r: Run) => plain(r.summary), { acc: -Infinity, loss: 0.4, "train/lr": 0.01 }],
  ] as const)("%s", ([, pick, expected]) => {
    expect(pick(get(A))).toEqual(expected);
  });

  it("groups points by step into history rows, one row per point logged at the same step", () => {
    expect(rows(get(A))).toEqual([
      { _step: 0, _timestamp: (T0 + 1500) / 1000, acc: Infinity, loss: 0.9, "train/lr": 0.1 },
      { _step: 0, _timestamp: (T0 + 1100) / 1000, "train/lr": 0.05 },
      { _step: 0, _timestamp: (T0 + 1200) / 1000, "train/lr": 0.01 },
      { _step: 1, _timestamp: (T0 + 2000) / 1000, loss: NaN },
      { _step: 2, _timestamp: (T0 + 3500) / 1000, acc: -Infinity, loss: 0.4 },
    ]);
  });

  it("a running run without end_time: heartbeat from its newest point, name from the tag, user from meta", () => {
    const r = get(B);
    expect([r.state, r.displayName, r.user?.username, iso(r.createdAt), iso(r.heartbeatAt), r.config.size]).toEqual(
      ["running", "tagged-name", "meta-user", "2026-01-01T00:01:40.000Z", "2026-01-01T00:01:47.500Z", 0],
    );
    // a nested run's group is its parent run
    expect([r.group, get(A).group]).toEqual([A, null]);
  });

  it("a killed, deleted run without metrics keeps its state and is labelled deleted", () => {
    const r = get(C);
    expect([r.state, r.tags, iso(r.heartbeatAt), r.history.length, r.summary.size]).toEqual(["killed", ["deleted"], "2026-01-01T00:03:20.000Z", 0, 0]);
  });

  test.for([
    ["the experiment folder", "mlruns/1", [A, B, C]],
    ["one run folder", `mlruns/1/${A}`, [A]],
    ["a folder above mlruns", "", [A, B, C]],
  ] as const)("loads from %s", async ([, sub, names]) => {
    const r = await loadRunsFromPath(join(root, sub));
    expect([r.runs.map((x) => x.name), r.project]).toEqual([names, { name: "vision" }]);
  });
});

describe("damaged MLflow files give issues naming file and line and keep the rest", () => {
  const load = async (root: string) => {
    const r = await loadRunsFromPath(root);
    return { r, names: r.runs.map((x) => x.name), issues: r.issues.map((i) => `${i.severity} ${i.message.slice(root.length + 1)}`) };
  };

  it("skips a malformed metric line and keeps the metric's other points", async () => {
    const lines = `${T0} 0.5 0\n${T0 + 1} 0.25\n${T0 + 2} oops 2\n12:00 0.1 3\n${T0 + 4} 0.1 4 extra\n${T0 + 5} 0.125 1.5\n${T0 + 6} 0.0625 6\n`;
    const { r, issues } = await load(mlruns({ [`mlruns/1/${B}/metrics/loss`]: lines }));
    const file = `mlruns/1/${B}/metrics/loss`;
    expect(issues.filter((i) => i.includes("metrics"))).toEqual([
      `error ${file}:3: value "oops" is not a number; point skipped`,
      `error ${file}:4: timestamp "12:00" is not an integer (milliseconds); point skipped`,
      `error ${file}:5: expected "<timestamp> <value> <step>", found "${T0 + 4} 0.1 4 extra"; point skipped`,
      `error ${file}:6: step "1.5" is not an integer; point skipped`,
    ]);
    expect(r.issues.find((i) => i.message.includes(":3:"))).toMatchObject({ severity: "error", file: join(r.sources[1]?.path ?? "", "metrics", "loss"), line: 3 });
    const run = r.runs.find((x) => x.name === B) as Run;
    // A line without step is step 0, as in MLflow's old files.
    expect(run.history.map((h) => [h.get("_step"), h.get("loss")])).toEqual([[0, 0.5], [0, 0.25], [6, 0.0625]]);
    expect(r.runs).toHaveLength(3);
  });

  test.for([
    ["invalid YAML", A, "run_id: x\nstatus: [3\n", /^error mlruns\/1\/a{32}\/meta.yaml:3: invalid YAML at column 1: .*; run skipped$/],
    ["meta.yaml that is not a mapping", A, "- 1\n", /^error mlruns\/1\/a{32}\/meta.yaml: expected a mapping of run fields; run skipped$/],
    ["no start_time and no metrics", C, runMeta(C, { start: null }), /^error mlruns\/1\/c{32}: meta.yaml has no start_time and there are no metrics; run skipped$/],
  ] as const)("%s skips the run", async ([, id, meta, message]) => {
    const { names, issues } = await load(mlruns({ [`mlruns/1/${id}/meta.yaml`]: meta }));
    expect(issues).toContainEqual(expect.stringMatching(message));
    expect(names).toEqual([A, B, C].filter((x) => x !== id));
  });

  it("keeps a run with an unknown status, without state", async () => {
    const { r, issues } = await load(mlruns({ [`mlruns/1/${A}/meta.yaml`]: runMeta(A, { status: 9 }) }));
    expect(issues).toContain(`warning mlruns/1/${A}: meta.yaml status 9 is not an MLflow run status; state left unset`);
    expect(r.runs.map((x) => [x.name, x.state])).toEqual([[A, null], [B, "running"], [C, "killed"]]);
  });

  it("takes createdAt from the earliest point when start_time is missing, with a warning", async () => {
    const { r, issues } = await load(mlruns({ [`mlruns/1/${A}/meta.yaml`]: runMeta(A, { start: null, end: T0 + 60_000 }) }));
    expect(iso(r.runs[0]?.createdAt)).toBe("2026-01-01T00:00:01.000Z");
    expect(issues).toContain(`warning mlruns/1/${A}: meta.yaml has no start_time; createdAt taken from the earliest metric point`);
  });

  it("reports a run folder without meta.yaml, an empty metric file, and skips .trash and model folders", async () => {
    const root = mlruns({
      [`mlruns/1/${"d".repeat(32)}/params/lr`]: "0.1",
      [`mlruns/1/${B}/metrics/empty`]: "",
      [`mlruns/.trash/2/meta.yaml`]: EXPERIMENT,
      [`mlruns/.trash/2/${"e".repeat(32)}/meta.yaml`]: runMeta("e".repeat(32), {}),
      [`mlruns/models/net/version-1/meta.yaml`]: `name: net\nrun_id: ${A}\nversion: 1\n`,
      [`mlruns/1/models/m-1/meta.yaml`]: "experiment_id: '1'\nmodel_id: m-1\nname: net\n",
    });
    const { names, issues } = await load(root);
    expect(names).toEqual([A, B, C]);
    expect(issues).toEqual([
      `warning mlruns/1/${"d".repeat(32)}: an MLflow run folder without meta.yaml; skipped`,
      `warning mlruns/1/${B}/metrics/empty: an empty metric file; metric left out`,
      `warning mlruns/1/${C}: no end_time and no metric points; heartbeatAt is the start time`,
    ]);
  });

  it("reports a folder with no runs of either kind as one error", async () => {
    const root = tree({ "notes/meta.yaml": "title: not a run\n", "mlruns/README": "empty" });
    const r = await loadRunsFromPath(root);
    expect(r.runs).toEqual([]);
    expect(r.issues.map((i) => i.message)).toEqual([
      `${root}: no W&B run folders (run-*, offline-run-*, dryrun-*) or MLflow runs (mlruns/<experiment>/<run>/meta.yaml) found here or below`,
    ]);
  });
});

it("loads W&B run folders and MLflow runs of one tree together", async () => {
  const root = mlruns();
  cpSync(WANDB_RUN, join(root, "wandb", "run-20260105_101500-fx01abcd"), { recursive: true });
  const progress: number[] = [];
  const r = await loadRunsFromPath(root, { onProgress: (p) => progress.push(p.total) });
  expect(r.runs.map((x) => x.name)).toEqual(["fx01abcd", A, B, C]);
  expect(r.sources.map((s) => s.kind)).toEqual(["wandb-run", "mlflow-run", "mlflow-run", "mlflow-run"]);
  expect(r.project).toBeNull(); // the W&B run names its own project, the experiment another
  expect(progress).toEqual([4, 4, 4, 4]);
});

test.for([
  ["0.5", 0.5], ["1e-05", 1e-5], ["-3", -3], [".5", 0.5], ["2.", 2], ["nan", NaN], ["NaN", NaN], ["inf", Infinity], ["-inf", -Infinity],
  ["Infinity", Infinity], ["", null], ["0x10", null], ["1,5", null], ["- 1", null],
] as const)("parsePythonFloat(%j) is %s", ([text, value]) => {
  expect(parsePythonFloat(text)).toEqual(value);
});

describe.skipIf(!present)(present ? "real MLflow runs in ../shared/real-runs" : "real MLflow runs: ../shared/real-runs is absent, skipped", async () => {
  const r = present ? await loadRunsFromPath(FRAMEWORK) : null;
  const get = (name: string): Run => r?.runs.find((x) => x.name === name) as Run;

  it("loads all 27 runs of experiment 0 without issues", () => {
    expect(r?.runs).toHaveLength(27);
    expect(r?.issues).toEqual([]);
    expect(r?.project).toEqual({ name: "Default" });
    expect(r?.runs.filter((x) => x.state === "failed")).toHaveLength(7);
    expect(r?.runs.filter((x) => x.history.length > 0)).toHaveLength(5);
  });

  test.for([
    // mlruns/0/cdf585c3a5234316adcf7c3437d5c991: params/alpha "0.5", metrics/rmse "1698089629665 0.7931640229276851 0",
    // start_time 1698089629606, end_time 1698089635155, status 3.
    ["cdf585c3a5234316adcf7c3437d5c991", (x: Run) => [x.displayName, x.state, x.config.get("alpha"), x.summary.get("rmse"), iso(x.createdAt), iso(x.heartbeatAt), x.user?.username],
      ["redolent-bear-282", "finished", "0.5", 0.7931640229276851, "2023-10-23T19:33:49.606Z", "2023-10-23T19:33:55.155Z", "simle"]],
    ["cdf585c3a5234316adcf7c3437d5c991", (x: Run) => rows(x), [{ _step: 0, _timestamp: 1698089629.673, mae: 0.6271946374319586, r2: 0.10862644997792614, rmse: 0.7931640229276851 }]],
    // mlruns/0/95357aad6fff4f62abee37c97a17c79e: meta.yaml and tags only, status 4, start_time 1698089582536.
    ["95357aad6fff4f62abee37c97a17c79e", (x: Run) => [x.displayName, x.state, iso(x.createdAt), x.config.size, x.summary.size, x.tags],
      ["enchanting-fish-487", "failed", "2023-10-23T19:33:02.536Z", 0, 0, []]],
    // tags/mlflow.source.git.commit "a2cb526d5f3a70723b31db6e6eec6a7550800a5d"; tags/mlflow.source.name is the Windows path below.
    ["cdf585c3a5234316adcf7c3437d5c991", (x: Run) => [x.details.project, plain(x.details.metadata.get("git") as Map<string, unknown>), x.details.metadata.get("program")],
      ["Default", { commit: "a2cb526d5f3a70723b31db6e6eec6a7550800a5d" }, "c:\\Users\\simle\\OneDrive\\Documents\\Apexon\\MLFlow\\knn_flow.py"]],
  ] as const)("%s", ([name, pick, expected]) => {
    expect(pick(get(name))).toEqual(expected);
  });
});
