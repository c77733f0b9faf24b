/**
 * A run's time that is written but is not a time is reported as such, in MLflow's meta.yaml and in W&B's
 * wandb-metadata.json alike, rather than as missing or not at all.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadRunsFromPath } from "./load-path.js";

const temp = mkdtempSync(join(tmpdir(), "qel-times-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

function tree(files: Record<string, string>): string {
  const root = join(temp, `case-${++n}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const A = "a".repeat(32);
const experiment = "experiment_id: '1'\nlifecycle_stage: active\nname: vision\n";
const meta = (start: string, end = "null") => `run_id: ${A}\nexperiment_id: '1'\nstart_time: ${start}\nend_time: ${end}\nstatus: 3\nlifecycle_stage: active\n`;
const messages = async (root: string) => (await loadRunsFromPath(root)).issues.map((i) => `${i.severity} ${i.message.slice(root.length + 1)}`);

describe("MLflow meta.yaml times", () => {
  test.for([
    ["a start_time that is not a number, no metrics", meta("not-a-number"), {},
      `error mlruns/1/${A}: meta.yaml start_time "not-a-number" is not a time in milliseconds since 1970 and there are no metrics; run skipped`],
    ["a start_time that is not a number, with metrics", meta("not-a-number"), { [`mlruns/1/${A}/metrics/loss`]: "1767225601000 0.5 0\n" },
      `warning mlruns/1/${A}: meta.yaml start_time "not-a-number" is not a time in milliseconds since 1970; createdAt taken from the earliest metric point`],
    ["no start_time, no metrics", `run_id: ${A}\nexperiment_id: '1'\nstatus: 3\n`, {},
      `error mlruns/1/${A}: meta.yaml has no start_time and there are no metrics; run skipped`],
    ["an end_time that is not a number", meta("1767225600000", "soon"), {},
      `warning mlruns/1/${A}: meta.yaml end_time "soon" is not a time in milliseconds since 1970; ignored`],
  ] as const)("%s", async ([, runMeta, more, message]) => {
    const root = tree({ "mlruns/1/meta.yaml": experiment, [`mlruns/1/${A}/meta.yaml`]: runMeta, ...more });
    expect(await messages(root)).toContain(message);
  });
});

describe("W&B wandb-metadata.json times", () => {
  const folder = (metadata: Record<string, unknown>): string => tree({
    "wandb/run-20260101_000000-abc/files/wandb-metadata.json": JSON.stringify({ username: "ann", ...metadata }),
    "wandb/run-20260101_000000-abc/files/wandb-summary.json": '{"acc": 0.5, "_timestamp": 1767229200}',
  });
  const where = "wandb/run-20260101_000000-abc";
  test.for([
    ["heartbeatAt a number", { startedAt: "2026-01-01T00:00:00", heartbeatAt: 5 }, `warning ${where}: wandb-metadata.json heartbeatAt 5 is not an ISO-8601 date; ignored`],
    ["heartbeatAt not a date", { startedAt: "2026-01-01T00:00:00", heartbeatAt: "soon" }, `warning ${where}: wandb-metadata.json heartbeatAt "soon" is not an ISO-8601 date; ignored`],
    ["startedAt a number", { startedAt: 5 }, `warning ${where}: wandb-metadata.json startedAt 5 is not an ISO-8601 date; ignored`],
    ["startedAt not a date", { startedAt: "garbage" }, `warning ${where}: wandb-metadata.json startedAt "garbage" is not an ISO-8601 date; ignored`],
  ] as const)("%s is reported, and the run kept", async ([, metadata, message]) => {
    const root = folder(metadata);
    const r = await loadRunsFromPath(root);
    expect(r.runs).toHaveLength(1);
    expect(r.issues.map((i) => `${i.severity} ${i.message.slice(root.length + 1)}`)).toContain(message);
  });

  test("times that are dates are not reported", async () => {
    const root = folder({ startedAt: "2026-01-01T00:00:00", heartbeatAt: "2026-01-01T00:00:05" });
    expect((await loadRunsFromPath(root)).issues).toEqual([]);
  });
});
