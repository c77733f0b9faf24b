/**
 * The editor services' bench: complete() at the end of a 200-character expression over a 300-key schema, the
 * size of a saved panel's expression over a real project, next to analyze() and an uncached compile of the same
 * text (the ratios are the target: completion costs about one analysis, whatever the schema's size).
 */
import type * as Qel from "@qel/lang";

/** A schema of `n` keys per part, a third of them not names (`val/m3`), so they are offered as `["…"]`. */
function wideSchema(qel: typeof Qel, n: number): Qel.RunSchema {
  const keys = new Map<string, Qel.Type>();
  for (let i = 0; i < n; i++) keys.set(i % 3 === 0 ? `val/m${i}` : `metric_${i}`, qel.T.Number);
  return { config: keys, summary: keys, history: keys };
}

/** A 200-character expression left unfinished after a dot, as an editor sees it mid-typing. */
export const unfinished =
  'runs.filter(r => r.config.metric_1 > 0.01 && r.summary["val/m3"] < 2).map(r => {name: r.name, acc: r.summary.metric_2, loss: r.summary.metric_4}).sort(x => x.acc, "desc").map(x => x.acc + x.';

/** Markdown rows: median µs of each service, and its ratio to an uncached compile of the finished text. */
export function servicesTable(qel: typeof Qel, reps: number, sample: (fn: () => unknown, k: number) => number, median: (xs: number[]) => number): string[] {
  const env = { schema: wideSchema(qel, 300), cache: false } as const;
  const finished = `${unfinished}loss`;
  const time = (fn: () => unknown): number => {
    for (let i = 0; i < 100; i++) fn();
    return median(Array.from({ length: reps }, () => sample(fn, 10))) * 1000;
  };
  const compileUs = time(() => qel.compile(finished, env));
  const rows: [string, number][] = [
    [`complete() at the end (${unfinished.length} chars, 300 keys)`, time(() => qel.complete(unfinished, unfinished.length, env))],
    ["complete() inside `[\"` of the same text", time(() => qel.complete(unfinished, unfinished.indexOf("val/m3"), env))],
    ["analyze() of the same text", time(() => qel.analyze(unfinished, env))],
    ["tokens() of the same text", time(() => qel.tokens(unfinished))],
    ["compile() of the finished text, uncached", compileUs],
  ];
  return rows.map(([what, us]) => `| ${what} | ${us.toFixed(1)} | ${(us / compileUs).toFixed(2)}x |`);
}
