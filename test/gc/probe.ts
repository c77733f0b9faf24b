/**
 * Run by gc.test.ts in a child process with `--expose-gc`: per-call time of compiled queries over 2 000 runs
 * right after a forced full garbage collection, against the same calls just before it. Prints one JSON object:
 * per query, the median over rounds of the ratio post/pre (adjacent batches see the same machine load), and the
 * median milliseconds per call before (`pre`) and after (`post`) a collection.
 */
import * as qel from "@qel/lang";
import { generate } from "../../packages/lang/bench/data.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const { runs } = generate(qel, 2000);
const queries = process.argv.slice(2);
/** Each timed batch is as many calls as take about this long before any collection. */
const BATCH_MS = 10;
const out: Record<string, { ratio: number; pre: number; post: number }> = {};
for (const source of queries) {
  const compiled = qel.compile(source);
  const call = () => compiled.run({ runs });
  for (let i = 0; i < 2000; i++) call();
  let calls = 1;
  for (let t = performance.now(); performance.now() - t < BATCH_MS; calls++) call();
  const batch = (): number => {
    const t = performance.now();
    for (let i = 0; i < calls; i++) call();
    return (performance.now() - t) / calls;
  };
  const pre: number[] = [];
  const post: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 15; round++) {
    const before = batch();
    gc();
    const after = batch();
    pre.push(before);
    post.push(after);
    ratios.push(after / before);
  }
  out[source] = { ratio: median(ratios), pre: median(pre), post: median(post) };
}
process.stdout.write(JSON.stringify(out));
