/**
 * The editor services on a panel-sized expression: each must answer in under 1 ms for a 200-character expression
 * over a 300-key schema (docs/panels.md). Measured warm, beside check() of the same text as the baseline.
 */
type Lang = typeof import("@qel/lang");

/** A schema of 300 keys: 120 config, 150 summary, 30 history. */
function schema(qel: Lang): import("@qel/lang").RunSchema {
  const { T } = qel;
  const keys = (prefix: string, n: number): Map<string, import("@qel/lang").Type> =>
    new Map(Array.from({ length: n }, (_, i) => [`${prefix}_${i}`, i % 3 === 0 ? T.String : T.Number]));
  return { config: keys("param", 120), summary: keys("metric", 150), history: keys("series", 30) };
}

const EXPR =
  'runs.filter(r => r.config.param_1 > 0.01 && r.summary["metric_2"] >= 0.9 && r.jobType == "train")' +
  ".map(r => {name: r.name, acc: r.summary.metric_4, lr: r.config.param_7}).sort(x => x.acc, \"desc\").limit(10)";

/** Rows of `| service | µs per call | ratio to check |` for the bench's markdown output. */
export function servicesTable(qel: Lang, sample: (fn: () => unknown, k: number) => number, median: (xs: readonly number[]) => number, reps: number): string[] {
  const env = { schema: schema(qel) };
  const mid = EXPR.indexOf("metric_4") + 3;
  const inCall = EXPR.indexOf('"desc"');
  const measure = (fn: () => unknown): number => {
    for (let i = 0; i < 200; i++) fn();
    return median(Array.from({ length: reps }, () => sample(fn, 20))) * 1000;
  };
  const base = measure(() => qel.check(EXPR, env));
  const rows = [`| check (the baseline), ${EXPR.length} chars, 300 keys | ${base.toFixed(0)} | 1.00x | |`];
  const services: [string, () => unknown][] = [
    ["complete at the end", () => qel.complete(EXPR, EXPR.length, env)],
    ["hover on a summary key", () => qel.hover(EXPR, mid, env)],
    ["signatureHelp inside sort(…)", () => qel.signatureHelp(EXPR, inCall, env)],
    ["diagnose", () => qel.diagnose(EXPR, env)],
  ];
  for (const [name, fn] of services) {
    const us = measure(fn);
    rows.push(`| ${name} | ${us.toFixed(0)} | ${(us / base).toFixed(2)}x | ${us < 1000 ? "under 1 ms" : "OVER 1 ms"} |`);
  }
  return rows;
}
