import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import { evaluate, toJsonValue } from "@qel/lang";
import { DuckDbProject } from "@qel/duckdb";
import { serializeRunsDocument, type Run } from "@qel/ops";
import { importCommand } from "./import.js";
import { loadRunsFile } from "../loaders/runs-file.js";
import { loadRunsFromPath } from "../loaders/load-path.js";
import { streamRunFolders } from "./import-folders.js";
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

  it("reads JSON Lines on worker threads into the database and the problems one thread gives (--workers 0)", async () => {
    const path = runsFile("workers.jsonl", 300, 3_000, (i) => (i === 7 ? "{oops" : i === 250 ? JSON.stringify({ name: "late", createdAt: "soon" }) : ""));
    writeFileSync(path, readFileSync(path, "utf8").replace(/^\n/gm, `${JSON.stringify({ name: "ü-run", createdAt: "2026-01-01T00:00:00Z", config: { "é": "ß".repeat(9_000) } })}\n`));
    const dbs = [join(dir, "workers-0.duckdb"), join(dir, "workers-3.duckdb")];
    const [one, three] = [await imported([path, "--db", dbs[0]!, "--workers", "0"]), await imported([path, "--db", dbs[1]!, "--workers", "3"])];
    expect(three).toEqual(one);
    expect(one.stderr).toMatch(/workers\.jsonl:8: invalid JSON[^]*workers\.jsonl:251: runs\[250\]\.createdAt: "soon"/);
    const texts: string[] = [];
    for (const db of dbs) {
      const project = await DuckDbProject.open(db);
      try {
        texts.push(serializeRunsDocument(await project.allRuns()));
      } finally {
        project.close();
      }
    }
    expect(texts[1]).toBe(texts[0]);
    expect(texts[0]).toContain("ü-run");
  }, 120_000);

  it("refuses a number of workers that is not one", async () => {
    await expect(imported([big, "--db", join(dir, "never.duckdb"), "--workers", "two"])).rejects.toThrow(/--workers takes a whole number/);
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

describe("qel import of run folders", () => {
  const REAL = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../../shared/real-runs");

  /** `n` W&B run folders (the last one resumed in a second folder of the same run ID) under `root`. */
  function wandbTree(root: string, n: number): void {
    for (let i = 0; i < n; i++) {
      const id = `r${String(i).padStart(4, "0")}`;
      const folders = i === n - 1 ? [`run-20260101_000${String(i % 10)}00-${id}`, `run-20260102_000000-${id}`] : [`run-20260101_000${String(i % 10)}00-${id}`];
      folders.forEach((f, part) => {
        const files = join(root, "wandb", f, "files");
        mkdirSync(files, { recursive: true });
        writeFileSync(join(files, "config.yaml"), `lr:\n  value: ${(i % 10) / 100}\n`);
        writeFileSync(join(files, "wandb-summary.json"), JSON.stringify({ acc: i / n, part }));
        writeFileSync(join(files, "wandb-history.jsonl"), `${JSON.stringify({ _step: part * 2, loss: 1 / (i + 1) })}\n${JSON.stringify({ _step: part * 2 + 1, loss: 0.5 / (i + 1) })}\n`);
      });
    }
  }

  it("hands the runs over a few at a time, in the order --runs loads them, a resumed run merged", async () => {
    const root = join(dir, "tree");
    wandbTree(root, 30);
    const batches: Run[][] = [];
    const done: number[] = [];
    const streamed = await streamRunFolders(root, async (runs) => void batches.push([...runs]), (p) => done.push(p.done));
    expect(streamed.runs).toBe(30);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(8);
    expect(batches.length).toBeGreaterThan(3);
    expect(done.at(-1)).toBe(31);
    const inMemory = await loadRunsFromPath(root);
    expect(serializeRunsDocument(batches.flat())).toBe(serializeRunsDocument(inMemory.runs));
    expect(batches.flat().at(-1)!.history.length).toBe(4);
    // the same issues; a resumed run's warning comes with its folders' issues rather than before all of them
    expect(streamed.issues.map((i) => i.message).sort()).toEqual(inMemory.issues.map((i) => i.message).sort());
  });

  it("imports a tree of run folders into a database that answers as the runs in memory do", async () => {
    const root = join(dir, "tree-db");
    wandbTree(root, 12);
    const db = join(dir, "tree.duckdb");
    expect((await imported([root, "--db", db])).code).toBe(0);
    const project = await DuckDbProject.open(db);
    try {
      expect(serializeRunsDocument(await project.allRuns())).toBe(serializeRunsDocument((await loadRunsFromPath(root)).runs));
    } finally {
      project.close();
    }
  });

  it.skipIf(!existsSync(REAL))("imports the real W&B and MLflow folders as --runs loads them (skipped where ../shared/real-runs is absent)", async () => {
    const db = join(dir, "real.duckdb");
    const r = await imported([REAL, "--db", db]);
    expect(r.code).toBe(0);
    const project = await DuckDbProject.open(db);
    try {
      const runs = (await loadRunsFromPath(REAL)).runs;
      expect(serializeRunsDocument(await project.allRuns())).toBe(serializeRunsDocument(runs));
      for (const src of ["runs.count", "runs.map(r => r.history.loss.count).sum", "runs.groupBy(r => r.state).map(g => {s: g.key, n: g.count})"]) {
        expect(toJsonValue(await project.evaluate(src)), src).toEqual(toJsonValue(evaluate(src, { runs })));
      }
    } finally {
      project.close();
    }
  }, 120_000);

  it("shows a progress line on a terminal, cleared at the end", async () => {
    const root = join(dir, "tree-tty");
    wandbTree(root, 20);
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    const chunks: Buffer[] = [];
    stderr.on("data", (c: Buffer) => chunks.push(c));
    // the line appears after a second; each reading of the clock here moves it half a second on
    let now = Date.now();
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (now += 500));
    try {
      expect(await importCommand([root, "--db", join(dir, "tty.duckdb")], { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {} })).toBe(0);
    } finally {
      clock.mockRestore();
    }
    const text = Buffer.concat(chunks).toString("utf8");
    expect(text).toMatch(/\rimporting: \d+ runs, \d+ history values \(\d+ of 21 run folders read\)\x1b\[K/);
    expect(text).toContain("(21 of 21 run folders read)");
    expect(text.endsWith("\r\x1b[K")).toBe(true);
  });

  it("refuses a folder without runs and leaves no database", async () => {
    const empty = join(dir, "empty");
    mkdirSync(empty, { recursive: true });
    const db = join(dir, "empty.duckdb");
    await expect(imported([empty, "--db", db])).rejects.toThrow(/cannot read runs from [^]*no W&B run folders/);
    expect(existsSync(db)).toBe(false);
  });
});
