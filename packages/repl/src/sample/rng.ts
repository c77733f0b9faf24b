/**
 * A small seeded pseudo-random generator (mulberry32), so the sample project is the same on every machine and in
 * every run. Not for anything that needs unpredictability.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  float(min: number, max: number): number;
  /** Log-uniform in [min, max): as likely to fall in [1e-4, 1e-3) as in [1e-3, 1e-2). */
  logUniform(min: number, max: number): number;
  /** Normally distributed (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `weighted([["a", 3], ["b", 1]])` gives "a" three times as often. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A string of `n` characters from `alphabet`. */
  id(n: number, alphabet?: string): string;
}

/** Creates a generator whose sequence depends only on `seed`. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    logUniform: (min, max) => Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))),
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, w] of items) total += w;
      let x = next() * total;
      for (const [v, w] of items) {
        x -= w;
        if (x < 0) return v;
      }
      return (items[items.length - 1] as readonly [T, number])[0];
    },
    id: (n, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789") => {
      let out = "";
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
  };
  return rng;
}

/**
 * Rounds to `digits` significant digits, so sample numbers read like logged metrics rather than noise.
 * Arithmetic rather than `toPrecision`, which is several times slower over tens of thousands of values.
 */
export function sig(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = digits - 1 - Math.floor(Math.log10(Math.abs(x)));
  if (e <= 0) {
    const g = 10 ** -e;
    return Math.round(x / g) * g;
  }
  const f = 10 ** e;
  return Math.round(x * f) / f;
}
