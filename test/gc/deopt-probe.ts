/**
 * Run by gc.test.ts in a child process with `--expose-gc --trace-deopt`: compiles each query, calls it until the
 * engine has optimized it, prints the line `rounds begin`, then does rounds of a forced full garbage collection
 * followed by calls. Everything V8 prints after that line is about what a collection threw away.
 * Loads @qel/lang from the bundle at QEL_BUNDLE (what hosts and the benchmark load), else from its sources.
 */
import { pathToFileURL } from "node:url";
import { generate } from "../../packages/lang/bench/data.js";

const bundle = process.env["QEL_BUNDLE"];
const qel = (bundle !== undefined ? await import(/* the bundle */ pathToFileURL(bundle).href) : await import("@qel/lang")) as typeof import("@qel/lang");
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

const { runs } = generate(qel, 2000);
const calls = process.argv.slice(2).map((source) => {
  const compiled = qel.compile(source);
  return () => compiled.run({ runs });
});
for (let i = 0; i < 1000; i++) for (const call of calls) call();
console.log("rounds begin");
for (let round = 0; round < 10; round++) {
  gc();
  for (let i = 0; i < 50; i++) for (const call of calls) call();
}
console.log("rounds end");
