/**
 * The REPL over a DuckDB database in a real terminal (tmux), as a person types it: `:explain` before a database is
 * loaded, `:load FILE.duckdb` written by `qel import`, queries answered from it (with `:let` variables), and
 * `:explain` showing the SQL of what is pushed and why the rest stays local, an error under the bad part.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, toJsonValue } from "@qel/lang";
import { docRuns, serializeRunsDocument } from "@qel/ops";
import { BIN, buildBundle } from "./cli/qel.js";
import { atPrompt, hasTmux, Tty } from "./tty.js";

const tty = new Tty();
const dir = mkdtempSync(join(tmpdir(), "qel-tty-duckdb-"));
const db = join(dir, "runs.duckdb");

/** `Tty.enter` with this file's wait. */
const enter = (input: string, done?: (out: string) => boolean): Promise<string> => tty.enter(input, done, 30_000);

const title = hasTmux ? "the REPL over a DuckDB database in a terminal (needs tmux)" : "the REPL over a DuckDB database in a terminal: tmux is not installed, skipped";
describe.skipIf(!hasTmux)(title, () => {
  beforeAll(async () => {
    buildBundle();
    const file = join(dir, "docs.jsonl");
    writeFileSync(file, serializeRunsDocument(docRuns, null, { format: "jsonl" }));
    execFileSync(process.execPath, [BIN, "import", file, "--db", db], { stdio: "pipe", env: { ...process.env, TZ: "UTC" } });
    tty.start(`TZ=UTC QEL_HISTORY= '${process.execPath}' '${BIN}'`, 160, 60);
    await tty.waitFor((s) => atPrompt(s), "the first prompt", 90_000);
  }, 120_000);

  afterAll(() => {
    tty.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(":explain says the runs are in memory before a database is loaded", async () => {
    expect(await enter(":explain runs.count")).toMatch(/^the runs are in memory: all of it runs as qel's closures/);
  });

  it(":load FILE.duckdb loads the database and queries answer from it as from the runs in memory", async () => {
    expect(await enter(`:load ${db}`, (o) => o.includes("loaded"))).toMatch(new RegExp(`^project docs\\.jsonl · ${docRuns.length} runs loaded in`));
    const trained = toJsonValue(evaluate('runs.filter(r => r.jobType == "train").count', { runs: docRuns }));
    expect(await enter('runs.filter(r => r.jobType == "train").count', (o) => o.includes("number"))).toBe(`${String(trained)}\nnumber`);
    expect(await enter(":let lr = 0.005")).toBe("lr : number");
    const names = toJsonValue(evaluate("runs.filter(r => r.config.learning_rate > 0.005).map(r => r.name)", { runs: docRuns })) as string[];
    const out = await enter("runs.filter(r => r.config.learning_rate > lr).map(r => r.name)", (o) => o.includes("list<"));
    for (const n of names) expect(out).toContain(n);
    expect(names.length).toBeGreaterThan(0);
    expect(out).toMatch(/list<string>/);
  });

  it(":explain prints the SQL of the pushed part and why the rest stays local", async () => {
    const out = await enter(':explain runs.filter(r => r.jobType == "train" && r.name.startsWith("run")).count', (o) => o.includes("local"));
    expect(out).toMatch(/^as SQL: runs filtered by r\.jobType == "train"\n\s+SELECT .* FROM "runs"/);
    expect(out).toContain('local: r.name.startsWith("run"): `startsWith` has no SQL');
    const grouped = await enter(":explain runs.groupBy(r => r.user.username).map(g => {user: g.key, n: g.count})", (o) => o.includes("GROUP BY"));
    expect(grouped).toMatch(/GROUP BY .* ORDER BY min\("r"\."_ord"\)/);
  });

  it(":explain of a broken expression points at the mistake and the session goes on", async () => {
    const out = await enter(":explain runs.filter(r => r.jobType ==)", (o) => o.includes("^"));
    expect(out).toMatch(/\^/);
    expect(await enter("runs.count", (o) => o.includes("number"))).toBe(`${docRuns.length}\nnumber`);
  });
});
