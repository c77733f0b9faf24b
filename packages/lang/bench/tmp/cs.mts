import { parse as celParse } from "@marcbachmann/cel-js";
import { generate } from "/work/wt/me/packages/lang/bench/data.ts";
import { compare } from "/work/wt/me/packages/lang/bench/measure.ts";
import { queries } from "/work/wt/me/packages/lang/bench/queries.ts";
const bundle = process.env.BUNDLE ?? "/work/wt/me/packages/lang/dist/qel-lang.mjs";
const qel = await import(bundle);
const n = Number(process.env.N ?? 100000);
const data = generate(qel, n);
const q = queries.find((x) => x.name === (process.env.Q ?? "filter config + summary"))!;
const c = qel.compile(q.qel);
const cel = celParse(q.cel!);
const ctx = { runs: data.cel };
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  const [mq, mj, mc] = compare([() => c.run({ runs: data.runs }), () => q.js(data.runs), () => cel(ctx)], Number(process.env.REPS ?? 21));
  console.log(`qel ${mq!.toFixed(2)} js ${mj!.toFixed(2)} cel ${mc!.toFixed(2)}  qel/js ${(mq! / mj!).toFixed(2)} cel/js ${(mc! / mj!).toFixed(2)}`);
}
