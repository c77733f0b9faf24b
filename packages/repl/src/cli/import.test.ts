import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate, toJsonValue } from "@qel/lang";
import { DuckDbProject } from "@qel/duckdb";
import type { Run } from "@qel/ops";
import { importCommand } from "./import.js";
import { loadRunsFile } from "../loaders/runs-file.js";
import type { Io } from "./io.js";

const dir = mkdtempSync(join(tmpdir(), "qel-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A JSON Lines project of `n` runs, each padded so the file spans several of the reader's 4 MB chunks. */
function runsFile(name: string, n: number, pad: number, lines?: (i: number) => string): string {
  const path = join(dir, name);
  const text: string[] = [];
  for (let i = 0; i < n; i++) {
    text.push(lines?.(i) ?? JSON.stringify({
      name: `run-${i}`, jobType: i % 3 === 0 ? "eval" : "train", user: { username: `u${i % 4}` },
      createdAt: new Date(1.7e12 + i * 1000).toISOString(),
      config: { learning_rate: (i % 10) / 100, pad: "x".repeat(pad) }, summary: { acc: (i % 7) / 7 },
      history: [{ _step: 0, loss: 1 + (i % 3) }, { _step: 1, loss: (i % 5) / 10 }],
    }));
  }
  writeFileSync(path, text.join("\n") + "\n");
  return path;
}

async function imported(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on("data", (c: Buffer) => chunks.push(c));
  const io: Io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {} };
  const code = await importCommand(args, io);
  return { code, stderr: Buffer.concat(chunks).toString("utf8") };
}

describe("qel import of a runs file", () => {
  const big = runsFile("big.jsonl", 600, 20_000);

  it("hands the runs over chunk by chunk, keeping none", async () => {
    const batches: number[] = [];
    const loaded = await loadRunsFile(big, undefined, async (runs: readonly Run[]) => void batches.push(runs.length));
    expect(batches.length).toBeGreaterThan(2);
    expect(Math.max(...batches)).toBeLessThan(600);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(600);
    expect(loaded.runs).toEqual([]);
  });

  it("streams the file into the database, which answers as the runs in memory do", async () => {
    const db = join(dir, "big.duckdb");
    expect((await imported([big, "--db", db])).code).toBe(0);
    const project = await DuckDbProject.open(db);
    const runs = (await loadRunsFile(big)).runs;
    try {
      for (const src of [
        "runs.count",
        "runs.map(r => r.name).last",
        'runs.filter(r => r.jobType == "train" && r.config.learning_rate > 0.05).count',
        "runs.groupBy(r => r.user.username).map(g => {user: g.key, acc: g.map(r => r.summary.acc).avg, n: g.count})",
        "runs.map(r => r.history.loss.min).sum",
      ]) {
        expect(toJsonValue(await project.evaluate(src)), src).toEqual(toJsonValue(evaluate(src, { runs })));
      }
    } finally {
      project.close();
    }
  }, 120_000);

  it("warns of runs that share a name", async () => {
    const path = runsFile("twice.jsonl", 3, 0, (i) => JSON.stringify({ name: i === 2 ? "run-0" : `run-${i}`, createdAt: "2026-01-01T00:00:00Z" }));
    const r = await imported([path, "--db", join(dir, "twice.duckdb")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('several runs are named "run-0"');
  });

  it("leaves no database behind when the document is broken after runs were written", async () => {
    const path = join(dir, "broken.json");
    const run = (i: number) => JSON.stringify({ name: `run-${i}`, createdAt: "2026-01-01T00:00:00Z", config: { pad: "x".repeat(20_000) } });
    writeFileSync(path, `[${Array.from({ length: 400 }, (_, i) => run(i)).join(",\n")},\n{"name": oops}]`);
    const db = join(dir, "broken.duckdb");
    await expect(imported([path, "--db", db])).rejects.toThrow(/cannot read runs from .*invalid JSON/);
    expect(existsSync(db)).toBe(false);
  });
});
