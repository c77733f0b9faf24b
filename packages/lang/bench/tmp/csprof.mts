import { generate } from "/work/wt/me/packages/lang/bench/data.ts";
import { queries } from "/work/wt/me/packages/lang/bench/queries.ts";
const qel = await import(process.env.BUNDLE ?? "/tmp/qb/lang-plain.mjs");
const data = generate(qel, 100000);
const q = queries.find((x) => x.name === "filter config + summary")!;
const c = qel.compile(q.qel);
const gc = (globalThis as any).gc;
for (let i = 0; i < 150; i++) { gc(); c.run({ runs: data.runs }); }
