/**
 * Timing for the benchmark: medians of samples, each sample a batch of calls long enough for the timer's grain,
 * optionally after a forced full garbage collection (what a long-lived host process meets between requests).
 */

/** `gc()` when the process runs with `--expose-gc`. */
const collect = (globalThis as { gc?: () => void }).gc;

/** Whether each sample starts with a full collection (`--no-gc` turns it off). */
export const forcedGc = !process.argv.includes("--no-gc");
if (forcedGc && collect === undefined) throw new Error("the benchmark needs node --expose-gc (or pass --no-gc)");

export function fullGc(): void {
  collect?.();
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** How many calls of `fn` make one sample of at least `minMs`, so short queries are not timed at the timer's grain. */
export function batchSize(fn: () => unknown, minMs: number): number {
  let k = 1;
  while (k < 1 << 16) {
    const t = performance.now();
    for (let i = 0; i < k; i++) fn();
    if (performance.now() - t >= minMs) break;
    k *= 2;
  }
  return k;
}

/**
 * Milliseconds per call of `fn`, one sample of `k` calls, after a full collection in forced-GC mode. A full
 * collection can discard the engine's optimized code (code that embeds objects which died); the sample then
 * times re-optimisation too, as a host that collects between requests pays it.
 */
export function sample(fn: () => unknown, k: number, gc = forcedGc): number {
  if (gc) collect?.();
  const t = performance.now();
  for (let i = 0; i < k; i++) fn();
  return (performance.now() - t) / k;
}

/** Calls `fn` for `ms` milliseconds: long enough for the engine to optimize what it runs. */
export function warmUp(fn: () => unknown, ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) fn();
}

/**
 * Interleaved samples of several functions (so drift in machine load hits all alike): each one's median ms per
 * call. Each function is warmed up before its batch size is chosen: sized on its first, unoptimized calls, a fast
 * query got batches of two calls, about 1 ms in all, under the timer grain a batch is for, and its samples timed
 * little but the first calls after each collection (firstAfterGc measures those on their own).
 */
export function compare(fns: readonly (() => unknown)[], reps: number, minMs = 5): number[] {
  for (const fn of fns) warmUp(fn, 200);
  const ks = fns.map((fn) => batchSize(fn, minMs));
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) fns.forEach((fn, j) => times[j]!.push(sample(fn, ks[j]!)));
  return times.map(median);
}

export const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms >= 0.01 ? ms.toFixed(3) : ms.toFixed(4));
export const ratio = (x: number): string => `${x.toFixed(2)}x`;

/**
 * The milliseconds of one call right after a full collection, for each function (interleaved, as in `compare`):
 * what a host that collects between requests pays when a request is one call. Medians of `reps`.
 */
export function firstAfterGc(fns: readonly (() => unknown)[], reps: number): number[] {
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) fns.forEach((fn, j) => times[j]!.push(sample(fn, 1, true)));
  return times.map(median);
}
