/** Whole-process timings: the floor of `node -e 0`, importing the bundle, a first compile, a whole `qel eval`. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fmt, median, ratio } from "./measure.js";
import type { Query } from "./queries.js";

function timeProcess(root: string, args: readonly string[]): number {
  const t = performance.now();
  const r = spawnSync("node", args, { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr}`);
  return performance.now() - t;
}

/**
 * The milliseconds a fresh process spends on its first call of `code` after `setup` (both ES module text), wall
 * and CPU (process.cpuUsage, less disturbed by other work on a shared machine): medians of `reps` processes.
 */
function firstCall(root: string, setup: string, code: string, reps: number): { wall: number; cpu: number } {
  const times = Array.from({ length: reps }, () => {
    const script = `${setup}; const c = process.cpuUsage(); const t = performance.now(); ${code}; ` +
      `const w = performance.now() - t; const d = process.cpuUsage(c); console.log(w, (d.user + d.system) / 1000);`;
    const r = spawnSync("node", ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`first call failed: ${r.stderr}`);
    const [wall, cpu] = r.stdout.trim().split(" ").map(Number);
    return { wall: wall!, cpu: cpu! };
  });
  return { wall: median(times.map((x) => x.wall)), cpu: median(times.map((x) => x.cpu)) };
}

export function processTimes(root: string, bundle: string, queries: readonly Query[], reps: number): string[] {
  const measure = (args: readonly string[]): number => median(Array.from({ length: reps }, () => timeProcess(root, args)));
  const floor = measure(["-e", "0"]);
  const imp = measure(["--input-type=module", "-e", `await import(${JSON.stringify(bundle)})`]);
  const rows = [
    `| \`node -e 0\` (the floor) | ${fmt(floor)} | 1.00x |`,
    `| import of the bundled @qel/lang | ${fmt(imp)} (${fmt(imp - floor)} above the floor) | ${ratio(imp / floor)} |`,
  ];
  // the first compile in a fresh process, before the engine has optimized anything: what one `qel eval` pays
  const q = queries[1]!;
  const first = firstCall(root, `const q = await import(${JSON.stringify(bundle)})`, `q.compile(${JSON.stringify(q.qel)})`, reps);
  rows.push(`| first compile of \`${q.qel}\` (${q.qel.length} chars) in a fresh process | ${fmt(first.wall)} (CPU ${fmt(first.cpu)}) | |`);
  const celFirst = firstCall(root, `const cel = await import("@marcbachmann/cel-js")`, `cel.parse(${JSON.stringify(q.cel)})`, reps);
  rows.push(`| first cel-js parse of the same query in CEL, in a fresh process | ${fmt(celFirst.wall)} (CPU ${fmt(celFirst.cpu)}) | |`);
  const bin = resolve(root, "packages/repl/bin/qel.js");
  if (existsSync(resolve(root, "packages/repl/dist/qel.mjs"))) {
    const evalMs = measure([bin, "eval", "runs.filter(r => r.jobType == \"train\").count"]);
    rows.push(`| whole \`qel eval\` on the sample project | ${fmt(evalMs)} | ${ratio(evalMs / floor)} |`);
  } else {
    rows.push(`| whole \`qel eval\` on the sample project | not measured: packages/repl/dist/qel.mjs is not built | |`);
  }
  return rows;
}
