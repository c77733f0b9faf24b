/**
 * `pnpm bench`: qel against hand-written JavaScript, @marcbachmann/cel-js and JSONata on the same generated runs,
 * in one process; a predicate called per run; compile time; cold import time and a whole `qel eval` process.
 * Prints markdown tables of medians and ratios measured in this run (never absolute targets: the machine is
 * shared and noisy). By default each sample starts with a forced full garbage collection, as a long-lived host
 * process meets them between requests; `--no-gc` measures without. `--quick` takes fewer samples.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { parse as celParse } from "@marcbachmann/cel-js";
import jsonata from "jsonata";
import { generate } from "./data.js";
import { compare, firstAfterGc, fmt, forcedGc, fullGc, median, ratio, sample, warmUp as warmFor } from "./measure.js";
import { processTimes } from "./process.js";
import { perRow, queries } from "./queries.js";
import { editorServicesTable } from "./editor-services.js";
import { bigTable } from "./big.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const quick = process.argv.includes("--quick");

// Measure what users load: the bundled build (esbuild), not the TypeScript sources through a loader.
execFileSync("node", ["packages/lang/build.mjs"], { cwd: root, stdio: "inherit" });
const bundle = resolve(root, "packages/lang/dist/qel-lang.mjs");
const qel = (await import(bundle)) as typeof import("@qel/lang");
const { compile, toJsonValue, T } = qel;

/** Results compared as JSON, CEL's integers (bigint) as numbers. */
function same(a: unknown, b: unknown): boolean {
  const j = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
  return j(a) === j(b);
}

/**
 * One row per query over `n` runs: the median ms per call of batched samples. With `firstRows`, also the first
 * call after a full collection alone, against the batched time (rows pushed there).
 */
async function queryTable(n: number, reps: number, firstRows?: string[]): Promise<string[]> {
  const data = generate(qel, n);
  const rows: string[] = [];
  for (const q of queries) {
    const compiled = compile(q.qel);
    const expected = q.js(data.runs);
    if (!same(toJsonValue(compiled.run({ runs: data.runs })), expected)) throw new Error(`${q.name}: qel and JavaScript disagree`);
    const runQel = () => compiled.run({ runs: data.runs });
    const runJs = () => q.js(data.runs);
    const fns: (() => unknown)[] = [runQel, runJs];
    if (q.cel !== undefined) {
      const cel = celParse(q.cel);
      const ctx = { runs: data.cel };
      if (!same(cel(ctx), expected)) throw new Error(`${q.name}: cel-js and JavaScript disagree`);
      fns.push(() => cel(ctx));
    }
    const [mq, mj, mc] = compare(fns, reps);
    if (firstRows !== undefined) {
      const [fq, fj, fc] = firstAfterGc(fns, reps);
      const celFirst = fc !== undefined ? [fmt(fc), ratio(fc / mc!)] : ["—", "—"];
      firstRows.push(`| ${q.name} | ${fmt(fq!)} | ${fmt(fj!)} | ${celFirst[0]} | ${ratio(fq! / mq!)} | ${ratio(fj! / mj!)} | ${celFirst[1]} |`);
    }
    // JSONata apart, after: its garbage would otherwise land in the others' samples
    const expr = jsonata(q.jsonata);
    const withJsonata = n <= (q.jsonataMaxRuns ?? Infinity);
    const ta: number[] = [];
    for (let i = 0; withJsonata && i < Math.min(reps, 15); i++) {
      if (forcedGc) fullGc();
      const t = performance.now();
      await expr.evaluate(data.json);
      ta.push(performance.now() - t);
    }
    const ma = withJsonata ? median(ta) : NaN;
    const cel = mc !== undefined ? [fmt(mc), ratio(mc / mj!)] : ["no sort or grouping in CEL", "—"];
    const jn = withJsonata ? [fmt(ma), ratio(ma / mj!)] : ["out of memory", "—"];
    rows.push(`| ${n.toLocaleString("en")} | ${q.name} | ${fmt(mq!)} | ${fmt(mj!)} | ${cel[0]} | ${jn[0]} | ${ratio(mq! / mj!)} | ${cel[1]} | ${jn[1]} |`);
  }
  return rows;
}

/** A predicate compiled once, called once per run over 2 000 runs: microseconds per call. */
function perRowTable(reps: number): string[] {
  const data = generate(qel, 2000);
  const compiled = compile(perRow.qel, { variables: { r: T.Run } });
  const cel = celParse(perRow.cel);
  const runs = data.runs;
  const celRuns = data.cel;
  let agree = 0;
  for (let i = 0; i < runs.length; i++) {
    const x = compiled.run({ r: runs[i] });
    if (x === perRow.js(runs[i]!) && x === cel({ r: celRuns[i] })) agree++;
  }
  if (agree !== runs.length) throw new Error("per-row: qel, JavaScript and cel-js disagree");
  const passQel = () => {
    let k = 0;
    for (let i = 0; i < runs.length; i++) if (compiled.run({ r: runs[i] }) === true) k++;
    return k;
  };
  const passJs = () => {
    let k = 0;
    for (let i = 0; i < runs.length; i++) if (perRow.js(runs[i]!)) k++;
    return k;
  };
  const passCel = () => {
    let k = 0;
    for (let i = 0; i < celRuns.length; i++) if (cel({ r: celRuns[i] }) === true) k++;
    return k;
  };
  const [q, j, c] = compare([passQel, passJs, passCel], reps).map((ms) => (ms * 1000) / runs.length);
  return [`| \`${perRow.qel}\` | ${q!.toFixed(3)} | ${j!.toFixed(3)} | ${c!.toFixed(3)} | ${ratio(q! / j!)} | ${ratio(c! / j!)} |`];
}

/** Calls `fn` for a second (a fifth with `--quick`): long enough for the engine to optimize what it runs. */
function warmUp(fn: () => unknown): void {
  warmFor(() => {
    for (let i = 0; i < 100; i++) fn();
  }, quick ? 200 : 1000);
}

function compileTable(): string[] {
  const rows: string[] = [];
  for (const q of queries) {
    const reps = quick ? 11 : 51;
    // warmed up until the engine has optimized the compiler, as in a long-lived host that compiles many panels;
    // a process's very first compile is measured apart (the process table)
    warmUp(() => compile(q.qel, { cache: false }));
    const warm: number[] = [];
    for (let i = 0; i < reps; i++) warm.push(sample(() => compile(q.qel, { cache: false }), 10, false));
    const cached: number[] = [];
    for (let i = 0; i < reps; i++) cached.push(sample(() => compile(q.qel), 1000, false));
    let cel = "—";
    if (q.cel !== undefined) {
      const src = q.cel;
      warmUp(() => celParse(src));
      const ts: number[] = [];
      for (let i = 0; i < reps; i++) ts.push(sample(() => celParse(src), 10, false));
      cel = (median(ts) * 1000).toFixed(1);
    }
    rows.push(`| \`${q.qel}\` | ${q.qel.length} | ${(median(warm) * 1000).toFixed(1)} | ${(median(cached) * 1000).toFixed(2)} | ${cel} |`);
  }
  return rows;
}

/** Each table is printed as soon as it is measured, so a long run shows progress and a failure keeps what came before. */
const emit = (...lines: string[]): void => void process.stdout.write(`${lines.join("\n")}\n`);
emit(`Each sample ${forcedGc ? "starts with a forced full garbage collection" : "runs without a forced collection"}.`, "");
const firstRows: string[] = [];
emit(
  "| runs | query | qel ms | JS ms | cel-js ms | JSONata ms | qel / JS | cel-js / JS | JSONata / JS |",
  "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ...(await queryTable(100_000, quick ? 3 : 9)),
  ...(await queryTable(2_000, quick ? 15 : 101, firstRows)),
);
if (forcedGc) {
  emit(
    "",
    "| 2 000 runs, one call right after a full collection | qel ms | JS ms | cel-js ms | qel: first / batched | JS: first / batched | cel-js: first / batched |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...firstRows,
  );
}
emit("", "| per-row predicate (2 000 runs) | qel µs/call | JS µs/call | cel-js µs/call | qel / JS | cel-js / JS |", "|---|---:|---:|---:|---:|---:|");
emit(...perRowTable(quick ? 15 : 51));
emit("", "| expression | chars | qel compile µs (uncached, warm) | qel compile µs (cached) | cel-js parse µs (warm) |", "|---|---:|---:|---:|---:|");
emit(...compileTable());
emit("", "| editor service | µs, new text | µs, same text again | ratio to check | target |", "|---|---:|---:|---:|---|");
emit(...editorServicesTable(qel, (fn, k) => sample(fn, k, false), median, quick ? 11 : 31));
emit("", "| process | median ms | ratio to the floor |", "|---|---:|---:|");
emit(...processTimes(root, bundle, queries, quick ? 5 : 15));
// big projects: whole processes on generated files (--no-big leaves them out; --quick keeps only the smallest)
if (!process.argv.includes("--no-big")) emit("", ...(await bigTable(quick ? 1 : Infinity)));
// the DuckDB engine, in its own process (@qel/duckdb is not lang's dependency; --no-duckdb leaves it out)
if (!process.argv.includes("--no-duckdb")) {
  execFileSync("node", ["packages/repl/build.mjs"], { cwd: root, stdio: "inherit" });
  const size = quick ? ["--runs", "100000", "--history-rows", "1000000", "--reps", "1"] : [];
  emit("", execFileSync("node", ["--conditions=@qel/source", "--import", "tsx", "packages/duckdb/bench/duckdb.ts", ...size], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trimEnd());
}
