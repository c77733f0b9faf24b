import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docRuns } from "@qel/ops";
import { importRuns } from "@qel/duckdb";
import { handleInput, load, type CommandContext } from "./commands.js";
import { inProcessEngine } from "./engine.js";
import { Session } from "./session.js";

const dir = mkdtempSync(join(tmpdir(), "qel-repl-db-"));
const db = join(dir, "runs.duckdb");
let ctx: CommandContext;
let out: string[];

async function input(text: string): Promise<string> {
  out = [];
  await handleInput(text, ctx);
  return out.join("\n");
}

beforeAll(async () => {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  await importRuns(conn, docRuns, { project: { name: "docs" } });
  conn.closeSync();
  instance.closeSync();
  out = [];
  ctx = { session: new Session(), engine: inProcessEngine(), print: (t) => out.push(t), color: false, width: () => 100, busy: (_label, task) => task(() => {}) };
});
afterAll(async () => {
  await ctx.engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the REPL over a DuckDB database", () => {
  it(":explain says the runs are in memory before a database is loaded", async () => {
    await load(undefined, ctx);
    expect(await input(":explain runs.count")).toMatch(/^the runs are in memory/);
  });

  it(":load FILE.duckdb evaluates against the database, with :let variables and `_`", async () => {
    const info = await load(db, ctx);
    expect(info).toMatchObject({ project: "docs", runCount: docRuns.length });
    expect(await input('runs.filter(r => r.jobType == "train").count')).toBe("4\nnumber");
    expect(await input(":let n = runs.count")).toBe("n : number");
    expect(await input("runs.filter(r => r.runtime > 0).count + n")).toBe(`${docRuns.filter((r) => r.heartbeatAt.ms > r.createdAt.ms).length + docRuns.length}\nnumber`);
    expect(await input("_ * 2")).toMatch(/^\d+\nnumber$/);
  });

  it(":explain EXPR prints the SQL and what stays local", async () => {
    await load(db, ctx);
    const text = await input(':explain runs.filter(r => r.jobType == "train" && r.name.startsWith("run")).count');
    expect(text).toMatch(/^as SQL: runs filtered by r.jobType == "train"\n  SELECT .* FROM "runs"/);
    expect(text).toContain("local: r.name.startsWith(\"run\"): `startsWith` has no SQL");
    expect(await input(":explain runs.(")).toMatch(/\^/);
  });
});
