import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { EngineRestarted, WorkerEngine } from "./worker.js";

// A stand-in engine speaking the worker protocol: "spin" never returns and ignores the abort flag (as a
// runaway op would); "poll" waits for the flag (as the evaluator does); anything else answers at once.
const FAKE = `
import { parentPort, workerData } from "node:worker_threads";
const flag = new Int32Array(workerData.abort);
let loads = 0;
parentPort.on("message", (req) => {
  if (req.op === "load") {
    loads++;
    parentPort.postMessage({ id: req.id, kind: "progress", done: 1, total: 1 });
    parentPort.postMessage({ id: req.id, kind: "loaded", info: { project: "fake", runCount: loads, path: req.path ?? null } });
    return;
  }
  if (req.source === "spin") for (;;) {}
  if (req.source === "crash") process.exit(3);
  if (req.source === "poll") while (Atomics.load(flag, 0) !== 1) {}
  const text = req.source === "poll" ? "stopped" : req.request.bind ? "bound " + req.request.bind : "value of " + req.source;
  parentPort.postMessage({ id: req.id, kind: "evaluated", reply: { ok: true, text, type: { kind: "any" }, warnings: [], compileMs: 0, runMs: 0 } });
});
`;

function fakeEntry(): string {
  const file = join(mkdtempSync(join(tmpdir(), "qel-worker-")), "fake-engine.mjs");
  writeFileSync(file, FAKE);
  return pathToFileURL(file).href;
}

const render = { color: false, width: 80 };
let engine: WorkerEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe("WorkerEngine", () => {
  it("answers requests in order and forwards load progress", async () => {
    engine = new WorkerEngine(fakeEntry(), () => ({ path: undefined, lets: [] }));
    const progress: number[] = [];
    const info = await engine.load("/runs.json", (done) => progress.push(done));
    expect(info).toMatchObject({ project: "fake", path: "/runs.json" });
    expect(progress).toEqual([1]);
    expect(await engine.evaluate("1 + 1", { render })).toMatchObject({ ok: true, text: "value of 1 + 1" });
  });

  it("stops an evaluation that watches the abort flag, keeping the worker", async () => {
    engine = new WorkerEngine(fakeEntry(), () => ({ path: undefined, lets: [] }));
    await engine.load(undefined);
    const pending = engine.evaluate("poll", { render });
    await new Promise((r) => setTimeout(r, 50));
    expect(await engine.interrupt()).toBe(true);
    expect(await pending).toMatchObject({ ok: true, text: "stopped" });
    expect((await engine.load(undefined)).runCount).toBe(2);
  });

  it("restarts a worker that does not stop, then reloads the runs and replays the variables", async () => {
    const replayed: string[] = [];
    engine = new WorkerEngine(fakeEntry(), () => {
      replayed.push("replay");
      return { path: "/runs.json", lets: [{ name: "x", source: "1" }] };
    }, 200);
    await engine.load("/runs.json");
    const pending = engine.evaluate("spin", { render });
    const failed = expect(pending).rejects.toBeInstanceOf(EngineRestarted);
    await new Promise((r) => setTimeout(r, 50));
    expect(await engine.interrupt()).toBe(false);
    await failed;
    expect(replayed).toEqual(["replay"]);
    expect(await engine.evaluate("2", { render })).toMatchObject({ ok: true, text: "value of 2" });
  });

  it("replaces an engine that exits on its own", async () => {
    engine = new WorkerEngine(fakeEntry(), () => ({ path: "/runs.json", lets: [] }));
    await engine.load("/runs.json");
    await expect(engine.evaluate("crash", { render })).rejects.toThrow(/stopped unexpectedly/);
    expect(await engine.evaluate("3", { render })).toMatchObject({ ok: true, text: "value of 3" });
  });

  it("interrupting while idle does nothing", async () => {
    engine = new WorkerEngine(fakeEntry(), () => ({ path: undefined, lets: [] }));
    expect(await engine.interrupt()).toBe(true);
  });
});
