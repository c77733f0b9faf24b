// Bundles @qel/lang (with @qel/ops and chevrotain) into one ES module: what browsers and the benchmark load.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

await build({
  entryPoints: [fileURLToPath(new URL("./src/index.ts", import.meta.url))],
  // `node build.mjs --outfile PATH` writes elsewhere (the garbage-collection test bundles into a temp folder)
  outfile: process.argv.includes("--outfile") ? process.argv[process.argv.indexOf("--outfile") + 1] : fileURLToPath(new URL("./dist/qel-lang.mjs", import.meta.url)),
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["@qel/source"],
  mainFields: ["module", "main"],
  // QEL_PLAIN=1: unminified, so that CPU profiles and V8's function events name functions and lines
  minify: process.env.QEL_PLAIN !== "1",
  // immer reads process.env.NODE_ENV; fix it so the bundle needs no `process` global in a browser
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
