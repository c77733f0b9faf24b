import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { WorkerPool } from "./worker-pool.js";

/** A worker doubling each part's value after a delay that makes later parts finish first. */
const DOUBLER = `
  const { parentPort } = require("node:worker_threads");
  parentPort.on("message", (m) => {
    if (m === null) return parentPort.close();
    if (m.v < 0) return parentPort.postMessage({ seq: m.seq, error: { name: "RangeError", message: "negative " + m.v } });
    setTimeout(() => parentPort.postMessage({ seq: m.seq, v: m.v * 2 }), 40 - 10 * (m.seq % 4));
  });
`;

type Job = { readonly seq: number; readonly v: number };

describe("worker pool", () => {
  it("gives each part's reply through its own promise, whatever order the workers finish in", async () => {
    const pool = new WorkerPool<Job, Job>(2, () => new Worker(DOUBLER, { eval: true }));
    try {
      const replies = await Promise.all([3, 1, 4, 1, 5, 9, 2, 6].map((v, seq) => pool.run({ seq, v })));
      expect(replies.map((r) => r.v)).toEqual([6, 2, 8, 2, 10, 18, 4, 12]);
      await expect(pool.run({ seq: 8, v: -1 })).rejects.toThrow(/^negative -1$/);
    } finally {
      await pool.close();
    }
  });

  it("rejects the parts sent to a worker that failed, and those sent after, rather than waiting for ever", async () => {
    const pool = new WorkerPool<Job, Job>(1, () => new Worker(`throw new Error("cannot start")`, { eval: true }));
    try {
      await expect(pool.run({ seq: 0, v: 1 })).rejects.toThrow(/cannot start/);
      await expect(pool.run({ seq: 1, v: 1 })).rejects.toThrow(/cannot start/);
    } finally {
      await pool.close();
    }
  });
});
