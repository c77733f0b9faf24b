import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, test } from "vitest";
import type { Run } from "@qel/ops";
import { loadRunsFromPath, type LoadPathResult } from "../packages/repl/src/loaders/load-path.js";
import { RUN_FOLDER } from "../packages/repl/src/loaders/discover.js";
import { replayLog } from "../packages/repl/src/loaders/wandb-replay.js";
import { PROJECT, fixtureLogs } from "./fixtures/wandb/build.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const REAL = resolve(repoRoot, "../shared/real-runs");
const present = existsSync(REAL);
const iso = (r: Run | undefined, f: "createdAt" | "heartbeatAt"): string | null => (r === undefined ? null : new Date(r[f].ms).toISOString());

describe("fixture logs", () => {
  test.for(Object.entries(fixtureLogs()))("%s equals its definition in test/fixtures/wandb/build.ts", ([path, bytes]) => {
    // On a mismatch, rebuild with: npx tsx test/fixtures/wandb/build.ts
    expect(Buffer.compare(readFileSync(join(PROJECT, path)), bytes)).toBe(0);
  });
});

/** `<owner>__<repo>/<run folder>` for every W&B run folder of the real-runs collection (see its SOURCES.md). */
const folders: string[] = present
  ? readdirSync(REAL, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((repo) => readdirSync(join(REAL, repo.name)).filter((f) => RUN_FOLDER.test(f)).map((f) => `${repo.name}/${f}`))
      .sort()
  : [];

describe.skipIf(!present)(present ? "real W&B runs in ../shared/real-runs" : "real W&B runs: ../shared/real-runs is absent, skipped", () => {
  let all: LoadPathResult;
  const run = (name: string): Run | undefined => all.runs.find((r) => r.name === name);
  // Reading 249 runs takes seconds, more on a busy machine.
  beforeAll(async () => {
    all = await loadRunsFromPath(REAL);
  }, 120_000);

  test.for(folders)("%s loads as one run", async (folder) => {
    const r = await loadRunsFromPath(join(REAL, folder));
    expect(r.runs.map((x) => x.name)).toEqual([RUN_FOLDER.exec(folder.split("/")[1] ?? "")?.[2]]);
    expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("finds every folder from the top, and reads history from both sources", () => {
    expect(folders).toHaveLength(222);
    // The 222 W&B runs, and the 27 MLflow runs of 11sleahy__MLFlow_Framework/mlruns (5 of them with metrics).
    expect(all.runs).toHaveLength(249);
    expect(all.sources.filter((s) => s.kind === "mlflow-run")).toHaveLength(27);
    expect(all.sources.filter((s) => s.logRecords !== null)).toHaveLength(36);
    expect(all.sources.filter((s) => s.historyFrom === ".wandb")).toHaveLength(22);
    expect(all.sources.filter((s) => s.historyFrom === "wandb-history.jsonl")).toHaveLength(36);
    expect(all.runs.filter((r) => r.history.length > 0)).toHaveLength(58 + 5);
  });

  it("warns only where the files lack data or the log is damaged", () => {
    const kinds = new Map<string, number>();
    for (const i of all.issues) {
      const kind = `${i.severity}: ${i.message.slice(i.file.length + 2).replace(/\d+/g, "N")}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(kinds)).toEqual({
      // The e-mail sanitizing of SOURCES.md changed the string in 20 EnvironmentRecords but not its length prefix.
      "warning: record at byte N is not a valid protobuf message (invalid end group tag); skipped": 20,
    });
  });

  test.for([
    ["2nz3prl8", "0.8 config, summary, metadata", (r: Run) => [r.config.get("lr_cr"), r.config.get("batch_size"), r.summary.get("Episode reward"), r.user?.username, r.state],
      [1e-6, 50, -113.51673815043155, "user", "killed"]],
    ["2nz3prl8", "0.8 start and heartbeat", (r: Run) => [iso(r, "createdAt"), iso(r, "heartbeatAt")], ["2020-03-24T21:38:51.706Z", "2020-03-24T21:51:38.039Z"]],
    ["29wa70cs", "NaN in a summary", (r: Run) => Number.isNaN(r.summary.get("Policy Loss")), true],
    ["1pzvzlu9", "wandb-history.jsonl", (r: Run) => [r.history.length, r.history[499]?.get("_step")], [500, 499]],
    ["meifn9da", "a dryrun folder", (r: Run) => [r.user?.username, r.state, r.history.length], ["Pablo Lubitz", "failed", 0]],
    ["w0raviok", ".wandb run record and history", (r: Run) => [r.history.length, r.sweep, r.jobType, r.state, r.config.get("learning_rate")],
      [12, "bk9z220w", null, "finished", 0.002476624276854241]],
    ["ngl8u5ju", "core files and .wandb", (r: Run) => [r.displayName, r.history.length, r.summary.get("best_val_acc"), r.user?.username, iso(r, "createdAt")],
      ["q1-lora-r4-a8-d0.1-full", 361, 0.741796875, "someone", "2026-04-01T23:08:42.348Z"]],
    ["8i8eo9dk", "an empty summary and a failed exit", (r: Run) => [r.user?.username, r.state, r.config.get("lr"), r.summary.size, r.displayName],
      ["gdzhang", "failed", 0.03, 0, "vgg16_cifar_kfac_lr0.0300_lam0.10_prec10.0"]],
    ["nnjpjbl3", "config.yaml only: start from _wandb.start_time", (r: Run) => [iso(r, "createdAt"), r.config.get("n_layer"), r.user], ["2024-04-18T03:37:07.905Z", 12, null]],
    ["kj3gdsjx", "a core summary", (r: Run) => [r.summary.get("val/ppl"), iso(r, "heartbeatAt")], [42.0227842285141, "2026-02-11T04:40:27.651Z"]],
    ["g9dvvkua", "an offline run", (r: Run) => [r.user?.username, iso(r, "createdAt")], ["vanpelt", "2021-02-16T23:44:07.003Z"]],
  ] as const)("%s: %s", ([name, , pick, expected]) => {
    expect(pick(run(name) as Run)).toEqual(expected);
  });

  // The last heartbeat, derived by hand from each folder's files (docs/wandb-folders.md, "Heartbeat and runtime").
  test.for([
    // 0.10.20 offline, summary `{}`, no log: metadata heartbeatAt (written at start-up) is all there is.
    ["g9dvvkua", "2021-02-16T23:44:07.003Z", "2021-02-16T23:44:10.058Z", 3.055, null],
    // 0.22 core, wandb-metadata.json only (startedAt, no heartbeatAt): runtime 0.
    ["dou77108", "2025-11-04T08:05:13.262Z", "2025-11-04T08:05:13.262Z", 0, null],
    // 0.16.6, no summary: metadata heartbeatAt "2024-04-24T21:40:44.596940".
    ["ffj39ftg", "2024-04-24T21:40:43.078Z", "2024-04-24T21:40:44.596Z", 1.518, null],
    // 0.16.6, summary {"_wandb": {"runtime": 3215}} only: startedAt + 3215 s; it exited, with a code the files lack.
    ["lrd071ud", "2024-04-24T22:51:46.583Z", "2024-04-24T23:45:21.583Z", 3215, null],
    // 0.16.6, summary _timestamp 1714004156.2660618 (its _runtime 1382.94 agrees).
    ["ubhdgob5", "2024-04-24T23:52:53.317Z", "2024-04-25T00:15:56.266Z", 1382.949, null],
    // 0.16.2, summary _timestamp 1706758508.8751216 and no `_wandb`: it never exited.
    ["akqyovfn", "2024-02-01T03:31:51.374Z", "2024-02-01T03:35:08.875Z", 197.501, "crashed"],
    // 0.8.30: metadata heartbeatAt "2020-03-24T21:51:38.039…", state "killed".
    ["2nz3prl8", "2020-03-24T21:38:51.706Z", "2020-03-24T21:51:38.039Z", 766.333, "killed"],
  ] as const)("%s: heartbeat and state from its own files", ([name, created, heartbeat, runtime, state]) => {
    const r = run(name) as Run;
    expect([iso(r, "createdAt"), iso(r, "heartbeatAt"), (r.heartbeatAt.ms - r.createdAt.ms) / 1000, r.state]).toEqual([created, heartbeat, runtime, state]);
  });

  it("gives no run a runtime beyond the span of the times its own files record", () => {
    const over: string[] = [];
    for (const r of all.runs.filter((x) => !/^[0-9a-f]{32}$/.test(x.name))) {
      const stamps: number[] = [];
      const durations: number[] = [];
      const sec = (v: unknown): void => void (typeof v === "number" && Number.isFinite(v) && stamps.push(v * 1000));
      sec(r.summary.get("_timestamp"));
      for (const row of r.history) sec(row.get("_timestamp"));
      const dur = (v: unknown): void => void (typeof v === "number" && Number.isFinite(v) && durations.push(v * 1000));
      dur(r.summary.get("_runtime"));
      const folder = folders.find((f) => f.endsWith(`-${r.name}`)) as string;
      const files = existsSync(join(REAL, folder, "files")) ? join(REAL, folder, "files") : join(REAL, folder);
      const read = (f: string): Record<string, unknown> => (existsSync(join(files, f)) ? (JSON.parse(readFileSync(join(files, f), "utf8").replace(/\bNaN\b|-?Infinity\b/g, "null")) as Record<string, unknown>) : {});
      const meta = read("wandb-metadata.json");
      if (typeof meta.heartbeatAt === "string") stamps.push(Date.parse(`${meta.heartbeatAt.replace(/Z$/, "")}Z`));
      const wandb = read("wandb-summary.json")._wandb as { runtime?: number } | undefined;
      dur(wandb?.runtime);
      const log = readdirSync(join(REAL, folder)).find((f) => f.endsWith(".wandb"));
      if (log !== undefined) {
        const { data } = replayLog(readFileSync(join(REAL, folder, log)), log);
        if (data.lastActivityMs !== null) stamps.push(data.lastActivityMs);
        dur(data.exit?.runtime);
      }
      const span = Math.max(0, ...stamps.map((t) => t - r.createdAt.ms), ...durations);
      const runtime = r.heartbeatAt.ms - r.createdAt.ms;
      if (runtime > span + 1000) over.push(`${r.name}: runtime ${runtime / 1000} s > ${span / 1000} s`);
    }
    expect(over).toEqual([]);
    expect(Math.max(...all.runs.map((r) => r.heartbeatAt.ms - r.createdAt.ms)) / 86400000).toBeLessThan(2);
  });

  it("derives states as W&B does, never a state the files do not support", () => {
    const count = new Map<string | null, number>();
    for (const r of all.runs) count.set(r.state, (count.get(r.state) ?? 0) + 1);
    // 0.8–0.9 metadata: 36 finished, 14 killed, 8 failed, 5 "running" that never exited (crashed); .wandb exit
    // records; 0.11–0.16 summaries without `_wandb.runtime`; 20 MLflow finished, 7 failed.
    expect(Object.fromEntries(count)).toEqual({ finished: 79, failed: 28, killed: 14, crashed: 13, null: 115 });
  });

  it("reads project, entity and metadata", () => {
    const r = run("ngl8u5ju") as Run;
    expect([r.details.project, r.details.entity]).toMatchObject([expect.any(String), expect.any(String)]);
    const g = run("g9dvvkua") as Run;
    expect([g.details.metadata.get("host"), (g.details.metadata.get("git") as Map<string, unknown>).get("commit"), g.details.metadata.has("email")])
      .toEqual(["cvp", "86db7dc9144c87a4b41cad77a0dae2e55288b587", false]);
    expect((run("2nz3prl8") as Run).details.project).toBe("pytorch-ac-mountaincarcont");
  });
});
