/**
 * Big projects in `pnpm bench`: whole `qel eval` processes on generated files against hand-written JavaScript
 * doing the same work, each in its own process, timed and with its peak resident memory (maxRSS). Ratios are of
 * processes run back to back on the same machine; the files are generated first and deleted afterwards.
 *
 *   node --import tsx packages/lang/bench/big.ts [--only NAME]… [--before QEL]     (or as part of `pnpm bench`)
 *
 * `--only NAME` (repeatable) measures the rows whose name contains NAME. `--before QEL` measures another build of
 * the command too (its bin/qel.js or bundled qel.mjs, e.g. a copy of packages/repl/dist from an earlier commit),
 * in the same run, so a change is reported before and after on the same machine state.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { freemem, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeBigFile, type BigFileSpec } from "./big-files.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const qelBin = resolve(root, "packages/repl/bin/qel.js");
/** Prints the process's peak resident set size and CPU time on exit, on stderr. */
const RSS_HOOK = `data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>{const u=process.resourceUsage();writeSync(2,"\\n@maxrss "+u.maxRSS+" @cpu "+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;
const GB = 1024 ** 3;

interface Measured {
  readonly ms: number;
  /** CPU time (user and system, all threads): less disturbed than wall time by other work on a shared machine. */
  readonly cpuMs: number;
  readonly rssMB: number;
  readonly stdout: string;
}

/** Runs `node ARGS` once; throws with its stderr when it fails. */
function measure(args: readonly string[], stdin = ""): Measured {
  const t = performance.now();
  const r = spawnSync(process.execPath, ["--import", RSS_HOOK, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30, input: stdin });
  const ms = performance.now() - t;
  const rss = /@maxrss (\d+) @cpu (\d+)/.exec(r.stderr ?? "");
  if (r.status !== 0 || rss === null) {
    throw new Error(`node ${args.join(" ").slice(0, 200)} failed (${r.status ?? r.signal}): ${(r.stderr ?? "").replace(/\n?@maxrss.*/s, "").slice(0, 2000)} ${(r.stdout ?? "").slice(0, 500)}`);
  }
  return { ms, cpuMs: Number(rss[2]) / 1000, rssMB: Number(rss[1]) / 1024, stdout: r.stdout.trim() };
}

/** The better of `reps` runs (the least disturbed by other work on a shared machine). */
function best(args: readonly string[], reps: number, stdin?: string): Measured {
  let out: Measured | undefined;
  for (let i = 0; i < reps; i++) {
    const m = measure(args, stdin);
    if (out === undefined || m.cpuMs < out.cpuMs) out = { ...m, rssMB: Math.min(m.rssMB, out?.rssMB ?? Infinity) };
  }
  return out!;
}

/** Hand-written JavaScript: the file read as one string and parsed. */
const jsonParse = (file: string, then: string): string[] =>
  ["-e", `const d = JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8")); ${then}`];

/** Hand-written JavaScript: the file read in chunks, each line parsed, `test(run)` counted. */
const jsonLines = (file: string, test: string): string[] => ["-e", `
const fs = require("fs"); const fd = fs.openSync(${JSON.stringify(file)}, "r");
const buf = Buffer.alloc(1 << 22); let carry = Buffer.alloc(0); let n = 0; let count = 0;
const test = ${test};
const line = (b) => { if (b.length > 0 && test(JSON.parse(b.toString("utf8")))) count++; };
while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
  let chunk = Buffer.concat([carry, buf.subarray(0, n)]); let start = 0; let nl;
  while ((nl = chunk.indexOf(10, start)) !== -1) { line(chunk.subarray(start, nl)); start = nl + 1; }
  carry = Buffer.from(chunk.subarray(start));
}
line(carry); console.log(count);`];

const qel = (file: string, expr: string, ...flags: string[]): string[] => [qelBin, "eval", "--runs", file, ...flags, expr];

interface Row {
  readonly name: string;
  readonly file: BigFileSpec;
  /** Free memory this row needs, in bytes; skipped (and said so) below it. */
  readonly needs: number;
  readonly reps: number;
  readonly qel: (file: string) => string[];
  /** What qel reads on stdin (expressions typed there are evaluated over the loaded runs, never while reading). */
  readonly stdin?: string;
  readonly js: (file: string) => string[];
  readonly target: string;
}

const rows: readonly Row[] = [
  {
    name: "load 100 000 runs (JSON document), `runs.count` as an argument (streamed)",
    file: { runs: 100_000, historyRows: 0, format: "json" }, needs: 3 * GB, reps: 3,
    qel: (f) => qel(f, "runs.count"),
    js: (f) => jsonParse(f, "console.log(d.runs.length)"),
    target: "time ≤ 1.3x, memory ≤ 1.5x of JSON.parse(readFileSync())",
  },
  {
    // the row above streams (`qel eval` evaluates a pipeline given as an argument while reading the file); an
    // expression on stdin is evaluated over runs loaded and kept in memory first, as in the REPL
    name: "load 100 000 runs (JSON document) and keep them, `runs.count` on stdin",
    file: { runs: 100_000, historyRows: 0, format: "json" }, needs: 3 * GB, reps: 3,
    qel: (f) => [qelBin, "eval", "--runs", f], stdin: "runs.count\n",
    js: (f) => jsonParse(f, "console.log(d.runs.length)"),
    target: "time ≤ 1.3x, memory ≤ 1.5x of JSON.parse(readFileSync())",
  },
  {
    // qel reads this file on threads (this one and a worker per other core, README "qel eval … while the file is
    // read"), the JavaScript on one: on a busy machine the time ratio gains less than on an idle one, and the CPU
    // ratio counts every thread. The better of three runs, as for the rows above: one run of two threads swung by
    // a sixth from one to the next on a shared 2-core machine
    name: "1 000 000 runs (JSON Lines), filter count",
    file: { runs: 1_000_000, historyRows: 0, format: "jsonl" }, needs: 10 * GB, reps: 3,
    qel: (f) => qel(f, `runs.filter(r => r.config.optimizer == "adam" && r.summary.acc > 0.5).count`),
    js: (f) => jsonLines(f, `(r) => r.config.optimizer === "adam" && r.summary.acc > 0.5`),
    target: "loads; time ≤ 1.5x of line-by-line JS",
  },
  {
    name: "2 000 runs × 5 000 history rows (JSON document), `r.history.loss.min` per run",
    file: { runs: 2_000, historyRows: 5_000, format: "json" }, needs: 8 * GB, reps: 1,
    // 10 M rows read take 10 M steps, just past the default limit: the flag its error names raises it. The
    // evaluation's wall-clock limit is raised too, since a shared machine can stretch a second of work past it.
    qel: (f) => qel(f, "runs.map(r => r.history.loss.min)", "--json", "--max-steps", "100000000", "--timeout", "600"),
    js: (f) => jsonParse(f, `console.log(JSON.stringify(d.runs.map((r) => { let m = null; for (const h of r.history) if (typeof h.loss === "number" && (m === null || h.loss < m)) m = h.loss; return m; })))`),
    target: "time ≤ 1.5x of JSON.parse + loops",
  },
];

/** The values of every `--NAME VALUE` on the command line. */
const flagValues = (name: string): string[] => process.argv.flatMap((a, i) => (a === name && i + 1 < process.argv.length ? [process.argv[i + 1]!] : []));
const only = flagValues("--only");
const before = flagValues("--before")[0];
const fmtS = (ms: number): string => (ms / 1000).toFixed(1);
const show = (m: Measured): string => `${fmtS(m.ms)} (${fmtS(m.cpuMs)}) / ${m.rssMB.toFixed(0)}`;

/** The markdown table rows of the big-project benchmark. */
export async function bigTable(rowCount = Infinity): Promise<string[]> {
  const out = [
    `| measure | qel s (CPU s) / MB | JS s (CPU s) / MB | time ratio, wall (CPU) | memory ratio | target |${before !== undefined ? " before: qel s (CPU s) / MB, time ratio (CPU), memory ratio |" : ""}`,
    `|---|---:|---:|---:|---:|---|${before !== undefined ? "---|" : ""}`,
  ];
  const dir = mkdtempSync(join(tmpdir(), "qel-bench-"));
  try {
    for (const row of rows.slice(0, rowCount)) {
      if (only.length > 0 && !only.some((o) => row.name.includes(o))) continue;
      const free = freemem();
      if (free < row.needs) {
        out.push(`| ${row.name} | skipped: ${(free / GB).toFixed(1)} GB free, needs ${(row.needs / GB).toFixed(0)} GB | | | | ${row.target} |`);
        continue;
      }
      const file = join(dir, `runs-${row.file.runs}-${row.file.historyRows}.${row.file.format}`);
      const bytes = await writeBigFile(file, row.file);
      const label = `${row.name}, ${(bytes / 1e6).toFixed(0)} MB`;
      const js = best(row.js(file), row.reps);
      let q: Measured;
      try {
        q = best(row.qel(file), row.reps, row.stdin);
      } catch (e) {
        out.push(`| ${label} | fails: ${String((e as Error).message).replace(/^[^:]*failed/, "").replace(/\s+/g, " ").slice(0, 200)} | ${show(js)} | — | — | ${row.target} |`);
        rmSync(file, { force: true });
        continue;
      }
      let then = "";
      if (before !== undefined) {
        try {
          const b = best([resolve(before), ...row.qel(file).slice(1)], row.reps, row.stdin);
          then = ` ${show(b)}, ${(b.ms / js.ms).toFixed(2)}x (${(b.cpuMs / js.cpuMs).toFixed(2)}x), ${(b.rssMB / js.rssMB).toFixed(2)}x |`;
        } catch (e) {
          then = ` fails: ${String((e as Error).message).replace(/\s+/g, " ").slice(0, 120)} |`;
        }
      }
      rmSync(file, { force: true });
      const agree = q.stdout === js.stdout ? "" : ` (results differ: qel ${q.stdout.slice(0, 40)}…, JS ${js.stdout.slice(0, 40)}…)`;
      out.push(`| ${label}${agree} | ${show(q)} | ${show(js)} | ${(q.ms / js.ms).toFixed(2)}x (${(q.cpuMs / js.cpuMs).toFixed(2)}x) | ${(q.rssMB / js.rssMB).toFixed(2)}x | ${row.target} |${then}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${(await bigTable()).join("\n")}\n`);
}
