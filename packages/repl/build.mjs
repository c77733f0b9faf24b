// Bundles the `qel` command (src/main.ts with @qel/lang, @qel/ops and chevrotain) into one ES module,
// dist/qel.mjs, which bin/qel.js loads: one file starts far faster than hundreds of unbundled modules. What is
// imported only on demand (the DuckDB engine) goes into dist/chunks/, so its native library loads only when a
// command names a database, not at every start.
// Each file is written to a temporary name and renamed, so a process starting meanwhile never reads half of one.
import { build } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const outdir = fileURLToPath(new URL("./dist/", import.meta.url));

/** What the command's bundle and its import worker are built with alike (QEL_PLAIN=1: unminified, for profiles). */
const common = {
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  target: "node20",
  conditions: ["@qel/source"],
  mainFields: ["module", "main"],
  minify: process.env.QEL_PLAIN !== "1",
  legalComments: "none",
  logLevel: "warning",
};

const result = await build({
  ...common,
  entryPoints: [fileURLToPath(new URL("./src/main.ts", import.meta.url))],
  outdir,
  entryNames: "qel",
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  // DuckDB's native library loads from its own package at run time (only when a command names a database).
  external: ["@duckdb/node-api"],
  // Some dependencies are CommonJS and call require(); give the ES module bundle one.
  banner: { js: 'import { createRequire as __qelCreateRequire } from "node:module"; const require = __qelCreateRequire(import.meta.url);' },
});

// The worker thread of `qel import` for JSON Lines (packages/duckdb/src/import-worker.ts), one file next to the
// chunk that starts it (that chunk looks for import-worker.mjs beside itself).
const worker = await build({
  ...common,
  entryPoints: [fileURLToPath(new URL("../duckdb/src/import-worker.ts", import.meta.url))],
  outfile: join(outdir, "chunks/import-worker.mjs"),
});

// The worker thread of `qel eval` over a big JSON Lines file (src/stream/stream-worker.ts), likewise beside the
// chunk that starts it.
const streamWorker = await build({
  ...common,
  entryPoints: [fileURLToPath(new URL("./src/stream/stream-worker.ts", import.meta.url))],
  outfile: join(outdir, "chunks/stream-worker.mjs"),
});

// The chunks first, so that a process starting meanwhile finds every chunk its qel.mjs names.
const entry = join(outdir, "qel.mjs");
for (const file of [...worker.outputFiles, ...streamWorker.outputFiles, ...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry))) {
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
