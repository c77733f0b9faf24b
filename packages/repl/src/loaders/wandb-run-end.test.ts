import { describe, expect, test } from "vitest";
import { HEARTBEAT_TIMEOUT_MS, lastHeartbeat, runState, type RunEndSources } from "./wandb-run-end.js";
import { createRecordWriter, writeWandbLog } from "./wandb-log-writer.js";
import { replayLog, type JsonObject } from "./wandb-replay.js";
import { buildRun, type FolderParts } from "./wandb-run-build.js";

const T0 = Date.UTC(2024, 0, 1);
const s = T0 / 1000;
const none: RunEndSources = { flat: false, metadata: null, summary: null, history: null, log: null, cliVersion: null };
const obj = (o: Record<string, unknown>): JsonObject => o;

describe("lastHeartbeat", () => {
  test.for([
    ["nothing recorded: createdAt", none, T0],
    ["the latest _timestamp of summary and history", { ...none, summary: obj({ _timestamp: s + 50 }), history: [obj({ _timestamp: s + 90 }), obj({ _timestamp: s + 70 })] }, T0 + 90_000],
    ["a wall-clock time wins over start + _runtime (a resumed run)", { ...none, summary: obj({ _timestamp: s + 60, _runtime: 5000 }) }, T0 + 60_000],
    ["no wall-clock time: start + the longest runtime", { ...none, summary: obj({ _runtime: 12.5, _wandb: obj({ runtime: 12 }) }) }, T0 + 12_500],
    ["0.10+ metadata heartbeatAt is a start-up time, used only last", { ...none, metadata: obj({ heartbeatAt: "2024-01-01T00:00:03" }), summary: obj({ _wandb: obj({ runtime: 40 }) }) }, T0 + 40_000],
    ["0.10+ metadata heartbeatAt alone", { ...none, metadata: obj({ heartbeatAt: "2024-01-01T00:00:03" }) }, T0 + 3_000],
    ["0.8 metadata heartbeatAt is refreshed until exit", { ...none, flat: true, metadata: obj({ heartbeatAt: "2024-01-01T01:00:00" }), summary: obj({ _timestamp: s + 10 }) }, T0 + 3_600_000],
    ["a time before the start is ignored", { ...none, summary: obj({ _timestamp: s - 100 }) }, T0],
    ["non-finite and non-numeric values are ignored", { ...none, summary: obj({ _timestamp: Infinity, _runtime: "5" }) }, T0],
  ] as const)("%s", ([, sources, expected]) => {
    expect(lastHeartbeat(sources, T0)).toBe(expected);
  });
});

describe("runState", () => {
  const w = createRecordWriter();
  const log = (...records: Uint8Array[]) => replayLog(writeWandbLog([w.header(), w.run({ runId: "r" }), ...records]), "x.wandb").data;
  const later = T0 + HEARTBEAT_TIMEOUT_MS + 1;
  test.for([
    ["an exit record with code 0", { ...none, log: log(w.exit(0, 3)) }, later, "finished"],
    ["an exit record with another code", { ...none, log: log(w.exit(1, 3)) }, later, "failed"],
    ["a log without exit, silent past the timeout", { ...none, log: log(w.stats(s)) }, later, "crashed"],
    ["a log without exit, heard from recently", { ...none, log: log(w.stats(s)) }, T0 + 1000, "running"],
    ["0.8 metadata state", { ...none, flat: true, metadata: obj({ state: "killed", exitcode: 255 }) }, later, "killed"],
    ["0.8 metadata exitcode without state", { ...none, flat: true, metadata: obj({ exitcode: 0 }) }, later, "finished"],
    ["0.8 metadata still running", { ...none, flat: true, metadata: obj({ state: "running" }) }, later, "crashed"],
    ["0.10+ metadata running means nothing", { ...none, metadata: obj({ state: "running" }) }, later, null],
    ["a 0.16 summary without _wandb.runtime: never exited", { ...none, summary: obj({ loss: 1 }), cliVersion: "0.16.2" }, later, "crashed"],
    ["a 0.16 summary with _wandb.runtime: exited, code unknown", { ...none, summary: obj({ _wandb: obj({ runtime: 3 }) }), cliVersion: "0.16.2" }, later, null],
    ["a 0.10 summary tells nothing", { ...none, summary: obj({}), cliVersion: "0.10.20" }, later, null],
    ["a core summary tells nothing", { ...none, summary: obj({ loss: 1 }), cliVersion: "0.24.2" }, later, null],
  ] as const)("%s", ([, sources, now, expected]) => {
    expect(runState(sources, lastHeartbeat(sources, T0), now)).toBe(expected);
  });
});

describe("buildRun: logged artifacts", () => {
  test("are numbered in logging order per name, from v0, and `latest` goes to the last of each name", () => {
    const w = createRecordWriter();
    const data = replayLog(writeWandbLog([
      w.header(), w.run({ runId: "r", startSeconds: s }),
      w.artifact("model", "model", ["latest"]), w.artifact("data", "dataset", []), w.artifact("model", "model", ["latest", "best"]),
    ]), "x.wandb").data;
    const parts: FolderParts = {
      ref: { dir: "/x", display: "x", id: "r", stamp: null }, flat: false, config: null, summary: null, metadata: null, history: null,
      log: data, sweep: null, nowMs: T0,
    };
    const { json } = buildRun(parts, []);
    expect(json?.loggedArtifacts).toEqual([
      { name: "model", version: 0, aliases: [], type: "model" },
      { name: "data", version: 0, aliases: ["latest"], type: "dataset" },
      { name: "model", version: 1, aliases: ["best", "latest"], type: "model" },
    ]);
  });
});
