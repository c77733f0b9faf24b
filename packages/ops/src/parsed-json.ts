/**
 * The fast way for JSON a loader parsed itself (plain objects, arrays and scalars, no cycles, nothing shared):
 * a check of its nesting that allocates nothing, and a recursive conversion for JSON that passed it. Anything
 * else, or JSON nested deeper than MAX_DATA_DEPTH (docs/language.md "Limits"), goes through fromJson
 * (from-data.ts), which cuts and reports.
 */
import type { Value } from "./values.js";

/**
 * Whether parsed JSON `x` holds lists or objects nested more than `levels` deep, `x` itself being the first level
 * (`{"a": [1]}` is two). Iterative, so any nesting is safe; stops at the first too deep.
 */
export function nestsDeeper(x: unknown, levels: number): boolean {
  if (typeof x !== "object" || x === null) return false;
  const stack: object[] = [x];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const o = stack.pop() as object;
    const d = (depths.pop() as number) + 1;
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v: unknown = o[i];
        if (typeof v !== "object" || v === null) continue;
        if (d > levels) return true;
        stack.push(v);
        depths.push(d);
      }
    } else {
      for (const k in o) {
        const v: unknown = (o as Record<string, unknown>)[k];
        if (typeof v !== "object" || v === null) continue;
        if (d > levels) return true;
        stack.push(v);
        depths.push(d);
      }
    }
  }
  return false;
}

/**
 * Parsed JSON into a Value: objects become Maps of their own keys, arrays frozen arrays. Only for JSON that
 * nests at most MAX_DATA_DEPTH levels (see nestsDeeper): the recursion is as deep as the JSON.
 */
export function fromParsedJson(x: unknown): Value {
  if (typeof x !== "object" || x === null) return x === undefined ? null : (x as Value);
  if (Array.isArray(x)) return Object.freeze(x.map(fromParsedJson));
  const m = new Map<string, Value>();
  for (const k of Object.keys(x)) m.set(k, fromParsedJson((x as Record<string, unknown>)[k]));
  return m;
}
