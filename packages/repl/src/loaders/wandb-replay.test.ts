import { describe, expect, it } from "vitest";
import { createRecordWriter, writeWandbLog } from "./wandb-log-writer.js";
import { decodeRecord } from "./wandb-records.js";
import { replayLog, summaryFromHistory } from "./wandb-replay.js";

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x)) as unknown;

describe("decodeRecord", () => {
  it("reads the run record fields a loader needs", () => {
    const r = createRecordWriter();
    const rec = decodeRecord(
      r.run({ runId: "abc", entity: "e", project: "p", jobType: "train", displayName: "d", tags: ["x", "y"], group: "g",
        sweepId: "s", notes: "n", startSeconds: 1767225600.25, config: [["lr", "0.1"], [["opt", "name"], '"adam"']] }),
    );
    expect(rec).toEqual({
      kind: "run",
      run: {
        runId: "abc", entity: "e", project: "p", group: "g", jobType: "train", displayName: "d", notes: "n",
        tags: ["x", "y"], sweepId: "s", host: "", gitRemote: "", gitCommit: "", startMs: 1767225600250,
        config: [{ path: ["lr"], valueJson: "0.1" }, { path: ["opt", "name"], valueJson: '"adam"' }], summary: [],
      },
    });
  });

  it("reads history, exit and artifact records, and marks others", () => {
    const r = createRecordWriter();
    expect(decodeRecord(r.history([["_step", "4"], [["a/b"], "NaN"]], 4))).toEqual({
      kind: "history", step: 4, items: [{ path: ["_step"], valueJson: "4" }, { path: ["a/b"], valueJson: "NaN" }],
    });
    expect(decodeRecord(r.exit(0, 12))).toEqual({ kind: "exit", exitCode: 0, runtime: 12 });
    expect(decodeRecord(r.exit(-9, 3))).toEqual({ kind: "exit", exitCode: -9, runtime: 3 });
    expect(decodeRecord(r.useArtifact("mnist:v2", "dataset"))).toEqual({ kind: "useArtifact", name: "mnist:v2", type: "dataset" });
    expect(decodeRecord(r.header())).toEqual({ kind: "other" });
    expect(decodeRecord(r.stats(100.5))).toEqual({ kind: "activity", ms: 100500 });
  });

  it("throws on malformed protobuf, for the caller to report", () => {
    expect(() => decodeRecord(Uint8Array.of(0x12, 0x05, 0x01))).toThrow();
  });
});

describe("replayLog", () => {
  const r = createRecordWriter();
  const log = writeWandbLog([
    r.header(),
    r.run({ runId: "abc", startSeconds: 1000, config: [["_wandb", "{}"], ["model", '{"name": "vit", "depth": 6}']] }),
    r.config([["model", '{"depth": 8}'], ["model", "{}"], ["tmp", "1"]]),
    r.config([], [["tmp", ""]]),
    r.history([["_step", "0"], [["media", "_type"], '"image-file"'], [["media", "path"], '"a.png"']]),
    r.history([["loss", "Infinity"]], 1),
    r.summary([[["loss"], "Infinity"], [["_wandb", "runtime"], "7"], [["gone"], "1"]]),
    r.summary([], [["gone", ""]]),
    r.history([["loss", "not json"]], 2),
    r.exit(2, 7),
  ]);

  it("rebuilds config (deep merge, remove), summary and history rows", () => {
    const { data, issues } = replayLog(log, "run-abc.wandb");
    // `_wandb: {}` and `model: {}` are empty object updates: merged leaf by leaf, they change nothing.
    expect(plain(data.config)).toEqual({ model: { name: "vit", depth: 8 } });
    expect(data.summary).toEqual({ loss: Infinity, _wandb: { runtime: 7 } });
    expect(data.history).toEqual([{ _step: 0, media: { _type: "image-file", path: "a.png" } }, { loss: Infinity, _step: 1 }, { _step: 2 }]);
    expect(data.exit).toEqual({ exitCode: 2, runtime: 7 });
    expect(data.run?.startMs).toBe(1_000_000);
    expect(data).toMatchObject({ complete: true, records: 10 });
    expect(issues.map((i) => i.message)).toEqual([
      'run-abc.wandb: record at byte 382: value of "loss" is not JSON (1:1: expected a JSON value, found character "n"); item skipped',
    ]);
  });

  it("keeps the records before a cut and warns", () => {
    const cut = log.subarray(0, log.length - 5);
    const { data, issues } = replayLog(cut, "run-abc.wandb");
    expect(data.complete).toBe(false);
    expect(data.exit).toBeNull();
    expect(data.history).toHaveLength(3);
    expect(issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/^run-abc\.wandb: file ends inside a record at byte \d+/));
  });

  it("reports an undecodable record and goes on", () => {
    const w = createRecordWriter();
    const { data, issues } = replayLog(writeWandbLog([Uint8Array.of(0x12, 0x05, 0x01), w.exit(0, 1)]), "x.wandb");
    expect(data.exit).toEqual({ exitCode: 0, runtime: 1 });
    expect(issues.map((i) => [i.severity, i.message])).toEqual([
      ["warning", "x.wandb: record at byte 7 is not a valid protobuf message (premature EOF); skipped"],
    ]);
  });

  it("gives a null summary when no summary record holds an item", () => {
    const w = createRecordWriter();
    const { data } = replayLog(writeWandbLog([w.run({ runId: "a" }), w.summary([]), w.history([["x", "1"]], 0)]), "x.wandb");
    expect(data.summary).toBeNull();
    expect(summaryFromHistory([{ a: 1, b: 2 }, { a: 3, b: null }])).toEqual({ a: 3, b: 2 });
  });
});
