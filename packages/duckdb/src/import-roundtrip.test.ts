/**
 * Runs that go into the database come back as the same runs: every field of the canonical format, values JSON
 * writes in more than one way (NaN, ±Infinity, -0, integers past 2^53), config entries shaped like W&B's
 * `{value, desc}` wrapper, and strings holding a lone UTF-16 surrogate (which DuckDB's JSON reader refuses, so
 * their batch is appended value by value).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { evaluate, toJsonValue } from "@qel/lang";
import { docRuns, exportRuns, JsonDict, loadRunsDocument, RunsStreamLoader, serializeRunsDocument, stringifyJsonLenient, type Run } from "@qel/ops";
import { describe, expect, it } from "vitest";
import { DuckDbProject, importRunBatches } from "./index.js";

const text = (runs: readonly Run[]): string => stringifyJsonLenient(exportRuns(runs));

function load(runs: unknown[]): Run[] {
  const loaded = loadRunsDocument({ format: "qel-runs/1", runs }, { fileName: "test" });
  expect(loaded.issues.filter((i) => i.severity === "error")).toEqual([]);
  return loaded.runs;
}

const awkward = load([
  {
    name: "odd", displayName: "Odd one", jobType: "train", state: "finished", group: "g", sweep: "s1", tags: ["a", "b"], notes: "n", id: "x1",
    user: { username: "ann", name: "Ann", email: "ann@example.com" }, createdAt: "2026-03-01T10:00:00.123Z", heartbeatAt: "2026-03-01T11:00:00Z",
    config: { lr: Number.NaN, LR: -0, big: 2 ** 60, wrapped: { value: { value: 3, desc: "kept" } }, "a/b.c": [1, Infinity, { x: null }] },
    summary: { acc: -Infinity, "val/acc": 0.5, text: "é\u0000\"q\"", nested: { deep: [true, false, null] } },
    history: [{ _step: 0, loss: 1, note: "start" }, { _step: 1, loss: Number.NaN, img: { kind: "image" } }, { _step: 2 }, { _step: 3, loss: -0 }],
    loggedArtifacts: [{ name: "model", version: 2, aliases: ["latest"], type: "model", size: 10 }],
    usedArtifacts: [{ name: "data", version: 0, aliases: [] }],
    metadata: { host: "h" }, extraField: { kept: 1 },
  },
  { name: "plain", createdAt: "2026-03-02T10:00:00Z", config: {}, summary: {} },
]);
const surrogate = load([{ name: "lone \ud800 name", createdAt: "2026-03-03T10:00:00Z", config: { k: "\udc00" }, summary: { s: "a\ud83d" }, history: [{ _step: 0, "\ud800": "\udfff" }] }]);

async function roundTrip(batches: readonly (readonly Run[])[]): Promise<DuckDbProject> {
  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  await importRunBatches(conn, batches);
  return DuckDbProject.attach(conn);
}

describe("runs read back from the database", () => {
  it("are the runs that went in, field for field, in every batch", async () => {
    const all = [...awkward, ...surrogate, ...docRuns];
    const project = await roundTrip([awkward, surrogate, docRuns]);
    expect(text(await project.allRuns())).toBe(text(all));
    project.close();
  });

  it("are the runs that went in when read from JSON Lines bytes (config and summary kept as their bytes)", async () => {
    const all = [...awkward, ...surrogate, ...docRuns];
    const loader = new RunsStreamLoader({ fileName: "runs.jsonl" });
    loader.push(new TextEncoder().encode(serializeRunsDocument(all, null, { format: "jsonl" })));
    const read = loader.end();
    expect(read.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(read.runs.some((r) => r.configSource instanceof JsonDict)).toBe(true);
    const project = await roundTrip([read.runs]);
    expect(text(await project.allRuns())).toBe(text(all));
    project.close();
  });

  it("answer queries over the awkward values as the runs in memory do", async () => {
    const project = await roundTrip([awkward]);
    const runs = awkward;
    for (const src of [
      "runs.map(r => {lr: r.config.lr, LR: r.config.LR, big: r.config.big, acc: r.summary.acc, va: r.summary[\"val/acc\"]})",
      "runs.map(r => {n: r.history.loss.count, min: r.history.loss.min, last: r.history.loss.last, sum: r.history.loss.sum})",
      "runs.filter(r => r.config.big > 1).map(r => r.name)",
      "runs.filter(r => r.history.loss.count > 0).map(r => r.name)",
    ]) {
      expect(toJsonValue(await project.evaluate(src))).toEqual(toJsonValue(evaluate(src, { runs }, { env: project.env })));
    }
    project.close();
  });

  it("hold U+FFFD for a lone surrogate in the columns SQL reads, and the string as written in the runs", async () => {
    const project = await roundTrip([surrogate]);
    expect(await project.evaluate("runs.map(r => r.name)")).toEqual(["lone \ufffd name"]);
    // a literal holding one is passed to DuckDB the same way, so comparisons still agree
    expect(await project.evaluate('runs.map(r => r.config.k == "\\udc00")')).toEqual([true]);
    expect((await project.allRuns())[0]!.name).toBe("lone \ud800 name");
    project.close();
  });
});
