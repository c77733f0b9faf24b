/**
 * The op registry: lookup by name, alias or operator symbol, near-miss suggestions, and the ops applicable to a
 * type (completion). Overload resolution against argument types lives in resolve.ts.
 */
import type { OpDef } from "./define.js";
import { OpError } from "./errors.js";
import { guardHostOp } from "./host-ops.js";
import { isAssignable, type Type } from "./types.js";

export class Registry {
  readonly #ops = new Map<string, OpDef>();
  readonly #byName = new Map<string, OpDef>();
  readonly #byOperator = new Map<string, OpDef>();
  readonly #askedAs = new Map<string, string[]>();
  #version = 0;

  constructor(ops: Iterable<OpDef> = []) {
    if (typeof ops !== "object" || ops === null || typeof (ops as Partial<Iterable<OpDef>>)[Symbol.iterator] !== "function") {
      throw new OpError("invalid_argument", "a Registry's ops must be an array (or iterable) of ops made with defineOp");
    }
    for (const op of ops) this.register(op);
  }

  /**
   * Adds an op; its name and aliases must not be taken (throws an OpError `invalid_argument` otherwise). A host's op
   * is held guarded, its results converted and checked (host-ops.ts); a standard op as it is.
   */
  register(given: OpDef): this {
    const op = guardHostOp(given);
    const names = [op.name, ...(op.alias !== undefined ? [op.alias] : []), ...(op.aliases ?? []), ...(op.deprecated ?? [])];
    for (const n of names) {
      if (this.#byName.has(n)) throw new OpError("invalid_argument", `op name "${n}" is already registered (by ${this.#byName.get(n)!.name})`);
    }
    if (op.operator !== undefined && this.#byOperator.has(op.operator)) {
      throw new OpError("invalid_argument", `operator "${op.operator}" is already registered`);
    }
    this.#ops.set(op.name, op);
    for (const n of names) this.#byName.set(n, op);
    if (op.operator !== undefined) this.#byOperator.set(op.operator, op);
    for (const n of op.doc.askedAs ?? []) this.#askedAs.set(n.toLowerCase(), [...(this.#askedAs.get(n.toLowerCase()) ?? []), op.name]);
    this.#version++;
    return this;
  }

  /** Counts the ops registered so far: a result computed against this registry is stale once it changes. */
  get version(): number {
    return this.#version;
  }

  /** A new registry holding these ops and `extra` (host ops). */
  extend(extra: Iterable<OpDef>): Registry {
    return new Registry([...this.#ops.values(), ...extra]);
  }

  /** The op with this name, short alias, compat alias or deprecated name; undefined when none. */
  lookup(name: string): OpDef | undefined {
    return this.#byName.get(name);
  }

  /** Whether `name` is a deprecated spelling of the op it resolves to. */
  isDeprecatedName(name: string): boolean {
    return this.#byName.get(name)?.deprecated?.includes(name) === true;
  }

  /** The op implementing an operator symbol (`+`, `==`, `neg`, `!`, `??`). */
  operator(symbol: string): OpDef | undefined {
    return this.#byOperator.get(symbol);
  }

  /** Every op, in registration order. */
  all(): readonly OpDef[] {
    return [...this.#ops.values()];
  }

  /** Every name an op answers to (names and aliases), for suggestions and completion. */
  names(): readonly string[] {
    return [...this.#byName.keys()];
  }

  /** The ops whose docs say people ask for them as `name` (any case): `minBy` for `argminBy`. */
  askedFor(name: string): readonly string[] {
    return this.#askedAs.get(name.toLowerCase()) ?? [];
  }

  /**
   * Up to `max` known names for `name`: the ops asked for by it, else the names close to it (edit distance
   * ≤ max(1, ⌊len/3⌋), or differing only in case).
   */
  suggest(name: string, max = 3, candidates: Iterable<string> = this.#byName.keys()): readonly string[] {
    const asked = this.askedFor(name);
    return asked.length > 0 ? asked.slice(0, max) : suggestNames(name, candidates, max);
  }

  /** Ops whose some overload takes a first argument of type `t` (named ops only, not operators). */
  opsFor(t: Type): readonly OpDef[] {
    return this.all().filter((op) => op.operator === undefined && op.overloads.some((o) => o.params[0] !== undefined && isAssignable(t, o.params[0]) && t.kind !== "any"));
  }
}

/** Names from `candidates` close to `name`, closest first. */
export function suggestNames(name: string, candidates: Iterable<string>, max = 3): readonly string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d <= limit) scored.push([c, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, max).map(([c]) => c);
}

/** Levenshtein distance with adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}
