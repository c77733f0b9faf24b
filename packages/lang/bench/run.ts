/**
 * `pnpm bench`: qel against hand-written JavaScript and JSONata on the same generated runs, in one process,
 * plus compile time, cold import time and a whole `qel eval` process. Prints a markdown table of medians and
 * ratios measured in this run (never absolute targets: the machine is shared and noisy).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import jsonata from "jsonata";
import { generate } from "./data.js";
import { queries } from "./queries.js";
import { editorServicesTable } from "./editor-services.js";
import { servicesTable } from "./services.js";
import { bigTable } from "./big.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const quick = process.argv.includes("--quick");

// Measure what users load: the bundled build (esbuild), not the TypeScript sources through a loader.
execFileSync("node", ["packages/lang/build.mjs"], { cwd: root, stdio: "inherit" });
const bundle = resolve(root, "packages/lang/dist/qel-lang.mjs");
const qel = (await import(bundle)) as typeof import("@qel/lang");
const { compile, toJsonValue } = qel;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** How many calls of `fn` make one sample of at least `minMs`, so short queries are not timed at the timer's grain. */
function batchSize(fn: () => unknown, minMs: number): number {
  let k = 1;
  while (k < 1 << 16) {
    const t = performance.now();
    for (let i = 0; i < k; i++) fn();
    if (performance.now() - t >= minMs) break;
    k *= 2;
  }
  return k;
}

/**
 * Milliseconds per call of `fn`, one sample of `k` calls. No forced collection between samples: a full collection
 * discards the engine's optimized code and feedback, and the next sample would time recompilation.
 */
function sample(fn: () => unknown, k: number): number {
  const t = performance.now();
  for (let i = 0; i < k; i++) fn();
  return (performance.now() - t) / k;
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3));
const ratio = (x: number): string => `${x.toFixed(2)}x`;

function sameResult(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function queryTable(n: number, reps: number): Promise<string[]> {
  const data = generate(qel, n);
  const rows: string[] = [];
  for (const q of queries) {
    const compiled = compile(q.qel);
    const expr = jsonata(q.jsonata);
    const check = toJsonValue(compiled.run({ runs: data.runs }));
    if (!sameResult(check, q.js(data.runs))) throw new Error(`${q.name}: qel and JavaScript disagree`);
    const runQel = () => compiled.run({ runs: data.runs });
    const runJs = () => q.js(data.runs);
    // warm both up, then time them interleaved, so drift in machine load hits both alike
    const kq = batchSize(runQel, 5);
    const kj = batchSize(runJs, 5);
    const tq: number[] = [], tj: number[] = [], ta: number[] = [];
    for (let i = 0; i < reps; i++) {
      tq.push(sample(runQel, kq));
      tj.push(sample(runJs, kj));
    }
    // JSONata apart, after: its garbage would otherwise land in the others' samples
    const withJsonata = n <= (q.jsonataMaxRuns ?? Infinity);
    for (let i = 0; withJsonata && i < Math.min(reps, 15); i++) {
      const t = performance.now();
      await expr.evaluate(data.json);
      ta.push(performance.now() - t);
    }
    const [mq, mj] = [median(tq), median(tj)];
    const ma = withJsonata ? median(ta) : NaN;
    const [jsonataMs, jsonataRatio] = withJsonata ? [fmt(ma), ratio(ma / mq)] : ["out of memory", "—"];
    rows.push(`| ${n.toLocaleString("en")} | ${q.name} | ${fmt(mq)} | ${fmt(mj)} | ${jsonataMs} | ${ratio(mq / mj)} | ${jsonataRatio} |`);
  }
  return rows;
}

function compileTable(): string[] {
  const rows: string[] = [];
  for (const q of queries) {
    const reps = quick ? 11 : 51;
    // warmed up, as in a long-lived host that compiles many panels; a process's very first compile is slower
    for (let i = 0; i < 300; i++) compile(q.qel, { cache: false });
    const cold: number[] = [];
    for (let i = 0; i < reps; i++) cold.push(sample(() => compile(q.qel, { cache: false }), 10));
    const cached: number[] = [];
    for (let i = 0; i < reps; i++) cached.push(sample(() => compile(q.qel), 1000));
    rows.push(`| \`${q.qel}\` | ${q.qel.length} | ${(median(cold) * 1000).toFixed(1)} | ${(median(cached) * 1000).toFixed(2)} |`);
  }
  return rows;
}

function processTimes(reps: number): string[] {
  const run = (args: readonly string[]): number => {
    const t = performance.now();
    const r = spawnSync("node", args, { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr}`);
    return performance.now() - t;
  };
  const measure = (args: readonly string[]): number => median(Array.from({ length: reps }, () => run(args)));
  const floor = measure(["-e", "0"]);
  const imp = measure(["--input-type=module", "-e", `await import(${JSON.stringify(bundle)})`]);
  const rows = [
    `| \`node -e 0\` (the floor) | ${fmt(floor)} | 1.00x |`,
    `| import of the bundled @qel/lang | ${fmt(imp)} (${fmt(imp - floor)} above the floor) | ${ratio(imp / floor)} |`,
  ];
  // the first compile in a fresh process, before the engine has optimized anything: what one `qel eval` pays
  const first = median(Array.from({ length: reps }, () => {
    const script = `const q = await import(${JSON.stringify(bundle)}); const t = performance.now(); ` +
      `q.compile(${JSON.stringify(queries[0]!.qel)}); console.log(performance.now() - t);`;
    const r = spawnSync("node", ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`first compile failed: ${r.stderr}`);
    return Number(r.stdout.trim());
  }));
  rows.push(`| first compile of \`${queries[0]!.qel}\` in a fresh process | ${fmt(first)} | |`);
  const bin = resolve(root, "packages/repl/bin/qel.js");
  if (existsSync(resolve(root, "packages/repl/dist/qel.mjs"))) {
    const evalMs = measure([bin, "eval", "runs.filter(r => r.jobType == \"train\").count"]);
    rows.push(`| whole \`qel eval\` on the sample project | ${fmt(evalMs)} | ${ratio(evalMs / floor)} |`);
  } else {
    rows.push(`| whole \`qel eval\` on the sample project | not measured: packages/repl/dist/qel.mjs is not built | |`);
  }
  return rows;
}

const out: string[] = [];
out.push("| runs | query | qel ms | JS ms | JSONata ms | qel / JS | JSONata / qel |", "|---:|---|---:|---:|---:|---:|---:|");
out.push(...(await queryTable(100_000, quick ? 3 : 9)));
out.push(...(await queryTable(2_000, quick ? 15 : 101)));
out.push("", "| expression | chars | compile µs (uncached, warm) | compile µs (cached) |", "|---|---:|---:|---:|");
out.push(...compileTable());
out.push("", "| editor service | µs, new text | µs, same text again | ratio to check | target |", "|---|---:|---:|---:|---|");
out.push(...editorServicesTable(qel, sample, median, quick ? 11 : 31));
out.push("", "| service | µs (warm) | ratio to compile |", "|---|---:|---:|");
out.push(...servicesTable(qel, quick ? 11 : 51, sample, median));
out.push("", "| process | median ms | ratio to the floor |", "|---|---:|---:|");
out.push(...processTimes(quick ? 5 : 15));
// big projects: whole processes on generated files (--no-big leaves them out; --quick keeps only the smallest)
if (!process.argv.includes("--no-big")) out.push("", ...(await bigTable(quick ? 1 : Infinity)));
process.stdout.write(`${out.join("\n")}\n`);
