import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, test } from "vitest";
import type { Run } from "@qel/ops";
import { loadRunsFromPath, type LoadPathResult } from "../packages/repl/src/loaders/load-path.js";
import { RUN_FOLDER } from "../packages/repl/src/loaders/discover.js";
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
  beforeAll(async () => {
    all = await loadRunsFromPath(REAL);
  });

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
      "warning: no recorded end time; heartbeatAt taken from the files' modification time, which is wrong for copied folders": 19,
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
});
