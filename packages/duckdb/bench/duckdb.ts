/**
 * The DuckDB engine in `pnpm bench` (docs/duckdb.md): qel's answer over an imported database against hand-written
 * DuckDB SQL giving the same answer, and `qel import` against DuckDB's own `read_json` into the same tables. Data
 * is generated deterministically in a temporary folder, deleted afterwards; rows are skipped, with a message,
 * when free memory is short. Prints one markdown table of medians and ratios measured in this run.
 *
 *   node --conditions=@qel/source --import tsx packages/duckdb/bench/duckdb.ts [--runs N] [--history-rows N] [--reps N]
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { freemem, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { toJsonValue } from "@qel/lang";
import { DuckDbProject, importRuns } from "../src/index.js";
import { loadRunsDocument } from "@qel/ops";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const GB = 1024 ** 3;
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = arg("--runs", 1_000_000);
const HISTORY_ROWS = arg("--history-rows", 10_000_000);
const REPS = arg("--reps", 3);

/** A seeded generator (mulberry32): the same data on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` runs as JSON Lines: job types (some missing), 50 users, learning rates, optimizers, accuracy (5% missing). */
async function writeRuns(path: string, n: number): Promise<void> {
  const rnd = random(7);
  const out = createWriteStream(path);
  const jobs = ["train", "eval", "sweep"];
  let buf = "";
  for (let i = 0; i < n; i++) {
    const created = 1_760_000_000_000 + i * 1000;
    const run = {
      name: `run-${i}`,
      ...(rnd() < 0.05 ? {} : { jobType: jobs[Math.floor(rnd() * 3)] }),
      state: "finished",
      user: { username: `user-${Math.floor(rnd() * 50)}` },
      createdAt: new Date(created).toISOString(),
      heartbeatAt: new Date(created + Math.floor(rnd() * 3_600_000)).toISOString(),
      config: { learning_rate: Math.round(rnd() * 1000) / 20000, optimizer: rnd() < 0.5 ? "adam" : "sgd", batch_size: 2 ** (4 + Math.floor(rnd() * 4)) },
      summary: { ...(rnd() < 0.05 ? {} : { accuracy: rnd() }), loss: rnd() * 2 },
    };
    buf += JSON.stringify(run) + "\n";
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once("drain", r));
      buf = "";
    }
  }
  out.end(buf);
  await new Promise((r) => out.once("finish", r));
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** Interleaved samples of each function (machine load drifts over all alike): median milliseconds. */
async function compare(fns: readonly (() => Promise<unknown>)[], reps: number): Promise<number[]> {
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) {
    for (const [j, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      times[j]!.push(performance.now() - t);
    }
  }
  return times.map(median);
}

/** Equal as JSON, numbers within 1e-9 relative (SQL sums in its own order). */
function agree(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => agree(x, b[i]));
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => agree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Hand-written SQL read back as qel reads its own: plain JavaScript values. */
async function sql(conn: DuckDBConnection, text: string, shape: (row: Record<string, unknown>) => unknown): Promise<unknown[]> {
  return (await conn.runAndReadAll(text)).getRowObjectsJS().map(shape);
}

const num = (v: unknown): number | null => (v === null ? null : Number(v));

interface Line {
  readonly measure: string;
  readonly qelMs: number;
  readonly baseMs: number;
  readonly target: number;
}

async function queryRows(dbPath: string): Promise<Line[]> {
  const project = await DuckDbProject.open(dbPath);
  const conn = project.connection;
  const cases = [
    {
      measure: `${RUNS.toLocaleString("en")} runs, \`runs.filter(r => r.jobType == "train" && r.config.learning_rate > 0.01).count\``,
      qel: 'runs.filter(r => r.jobType == "train" && r.config.learning_rate > 0.01).count',
      hand: async () => Number((await sql(conn, `SELECT count(*) AS n FROM runs WHERE job_type = 'train' AND CAST(config->>'learning_rate' AS DOUBLE) > 0.01`, (r) => r.n))[0]),
    },
    {
      measure: `${RUNS.toLocaleString("en")} runs, \`runs.groupBy(r => r.user.username).map(g => {user: g.key, accuracy: g.map(r => r.summary.accuracy).avg})\``,
      qel: "runs.groupBy(r => r.user.username).map(g => {user: g.key, accuracy: g.map(r => r.summary.accuracy).avg})",
      hand: () => sql(conn, `SELECT username, avg(CAST(summary->>'accuracy' AS DOUBLE)) AS a FROM runs GROUP BY username ORDER BY min(_ord)`, (r) => ({ user: r.username, accuracy: num(r.a) })),
    },
  ];
  const lines: Line[] = [];
  for (const c of cases) {
    const expected = await c.hand();
    const got = toJsonValue((await project.evaluate(c.qel)) as never);
    if (!agree(got, expected)) throw new Error(`${c.qel}: qel and the hand-written SQL disagree`);
    const [q, h] = await compare([() => project.evaluate(c.qel), c.hand], REPS);
    lines.push({ measure: c.measure, qelMs: q!, baseMs: h!, target: 1.5 });
  }
  project.close();
  return lines;
}

/** A database of `runs` runs whose history holds `rows` loss values in all, filled by SQL (the query is measured). */
async function historyRow(dir: string): Promise<Line> {
  const perRun = 100;
  const runs = Math.ceil(HISTORY_ROWS / perRun);
  const path = join(dir, "history.duckdb");
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  const doc = { format: "qel-runs/1", runs: Array.from({ length: runs }, (_, i) => ({ name: `run-${i}`, createdAt: new Date(1_760_000_000_000 + i * 1000).toISOString(), history: [{ _step: 0, loss: 1 }] })) };
  await importRuns(conn, loadRunsDocument(doc, { fileName: "bench" }).runs);
  await conn.run(`DELETE FROM history`);
  // every run but each 50th logs `perRun` losses; a seeded hash gives the values
  await conn.run(`INSERT INTO history SELECT CAST(i // ${perRun} AS INTEGER), CAST(i % ${perRun} AS INTEGER), CAST(i % ${perRun} AS DOUBLE), 'loss', v, CAST(v AS JSON)
    FROM (SELECT i, (hash(i) % 1000000) / 1e6 AS v FROM range(${runs * perRun}) t(i)) WHERE (i // ${perRun}) % 50 <> 7 ORDER BY i`);
  await conn.run(`UPDATE runs SET history_rows = CASE WHEN _ord % 50 = 7 THEN 0 ELSE ${perRun} END`);
  conn.closeSync();
  instance.closeSync();
  const project = await DuckDbProject.open(path);
  const src = 'runs.map(r => r.history["loss"].min)';
  const hand = () => sql(project.connection, `SELECT h.m FROM runs AS r LEFT JOIN (SELECT run_ord, min(num) AS m FROM history WHERE "key" = 'loss' GROUP BY run_ord) AS h ON h.run_ord = r._ord ORDER BY r._ord`, (r) => num(r.m));
  if (!agree(toJsonValue((await project.evaluate(src)) as never), await hand())) throw new Error(`${src}: qel and the hand-written SQL disagree`);
  const [q, h] = await compare([() => project.evaluate(src), hand], REPS);
  project.close();
  const values = (runs - Math.ceil((runs - 7) / 50)) * perRun;
  return { measure: `${values.toLocaleString("en")} history values over ${runs.toLocaleString("en")} runs, \`${src}\``, qelMs: q!, baseMs: h!, target: 1.5 };
}

/** `qel import` as a process (the bundled command), against DuckDB's read_json filling the same tables. */
async function importRow(dir: string, file: string): Promise<{ line: Line; db: string }> {
  const qelBin = resolve(root, "packages/repl/bin/qel.js");
  const times: number[] = [];
  const base: number[] = [];
  let db = "";
  for (let i = 0; i < REPS; i++) {
    db = join(dir, `imported-${i}.duckdb`);
    let t = performance.now();
    const r = spawnSync(process.execPath, [qelBin, "import", file, "--db", db], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`qel import failed: ${r.stderr}`);
    times.push(performance.now() - t);
    const path = join(dir, `read-json-${i}.duckdb`);
    t = performance.now();
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE runs AS SELECT CAST(row_number() OVER () - 1 AS INTEGER) AS _ord, name, CAST(NULL AS VARCHAR) AS display_name, jobType AS job_type, state,
      epoch_ms(CAST(createdAt AS TIMESTAMP)) * 1.0 AS created_ms, epoch_ms(CAST(heartbeatAt AS TIMESTAMP)) * 1.0 AS heartbeat_ms, "user".username AS username,
      CAST(NULL AS VARCHAR) AS "group", CAST(NULL AS VARCHAR) AS sweep, config, summary,
      json_object('name', name, 'jobType', jobType, 'state', state, 'user', "user", 'createdAt', createdAt, 'heartbeatAt', heartbeatAt, 'config', config, 'summary', summary) AS doc, 0 AS history_rows
      FROM read_json(${`'${file.replaceAll("'", "''")}'`}, format = 'newline_delimited', columns = {name: 'VARCHAR', jobType: 'VARCHAR', state: 'VARCHAR', "user": 'STRUCT(username VARCHAR)', createdAt: 'VARCHAR', heartbeatAt: 'VARCHAR', config: 'JSON', summary: 'JSON'})`);
    await conn.run(`CREATE TABLE users AS SELECT DISTINCT username, CAST(NULL AS VARCHAR) AS name, CAST(NULL AS VARCHAR) AS email FROM runs WHERE username IS NOT NULL`);
    await conn.run(`CREATE TABLE history ("run_ord" INTEGER, "row" INTEGER, "step" DOUBLE, "key" VARCHAR, "num" DOUBLE, "val" JSON)`);
    conn.closeSync();
    instance.closeSync();
    base.push(performance.now() - t);
    if (i < REPS - 1) rmSync(db, { force: true });
    rmSync(path, { force: true });
  }
  return { line: { measure: `\`qel import\` of ${RUNS.toLocaleString("en")} runs (JSON Lines) vs DuckDB's read_json into the same tables`, qelMs: median(times), baseMs: median(base), target: 2 }, db };
}

const dir = mkdtempSync(join(tmpdir(), "qel-bench-duckdb-"));
const lines: string[] = ["| DuckDB engine | qel ms | DuckDB SQL ms | ratio | target |", "|---|---:|---:|---:|---|"];
const emit = (l: Line): void => void lines.push(`| ${l.measure} | ${fmt(l.qelMs)} | ${fmt(l.baseMs)} | ${(l.qelMs / l.baseMs).toFixed(2)}x | ≤ ${l.target}x ${l.qelMs / l.baseMs <= l.target ? "(met)" : "(not met)"} |`);
try {
  if (freemem() < 3 * GB) {
    lines.push(`| skipped: ${(freemem() / GB).toFixed(1)} GB of memory free, the DuckDB rows need 3 GB | | | | |`);
  } else {
    const file = join(dir, "runs.jsonl");
    await writeRuns(file, RUNS);
    const imported = await importRow(dir, file);
    for (const l of await queryRows(imported.db)) emit(l);
    emit(await historyRow(dir));
    emit(imported.line);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${lines.join("\n")}\n`);
