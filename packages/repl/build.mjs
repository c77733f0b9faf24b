// Bundles the `qel` command (src/main.ts with @qel/lang, @qel/ops and chevrotain) into one ES module,
// dist/qel.mjs, which bin/qel.js loads: one file starts far faster than hundreds of unbundled modules.
// The file is written to a temporary name and renamed, so a process starting meanwhile never reads half of it.
import { build } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const outfile = fileURLToPath(new URL("./dist/qel.mjs", import.meta.url));

const result = await build({
  entryPoints: [fileURLToPath(new URL("./src/main.ts", import.meta.url))],
  outfile,
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  target: "node20",
  conditions: ["@qel/source"],
  // DuckDB's native library loads from its own package at run time (only when a command names a database).
  external: ["@duckdb/node-api"],
  mainFields: ["module", "main"],
  minify: true,
  legalComments: "none",
  // Some dependencies are CommonJS and call require(); give the ES module bundle one.
  banner: { js: 'import { createRequire as __qelCreateRequire } from "node:module"; const require = __qelCreateRequire(import.meta.url);' },
  logLevel: "warning",
});

mkdirSync(fileURLToPath(new URL("./dist/", import.meta.url)), { recursive: true });
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
