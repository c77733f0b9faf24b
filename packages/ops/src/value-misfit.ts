/**
 * Whether a value is of a declared type, looked at whole (list elements and dict values included), and if not,
 * where it first departs from it: for what crosses into qel from a host where a type is declared (a host op's
 * result, a variable the host declared). Kind-only checks (`valueHasType`) suffice where values come from qel.
 */
import { valueHasType } from "./invoke.js";
import type { Type } from "./types.js";
import { groupKeys, kindOf, type Value } from "./values.js";

/** Where a value first departs from its declared type: the path to it (`""`, `.a`, `[2]`) and its kind. */
export interface Misfit {
  readonly path: string;
  readonly kind: string;
}

export function isOpen(t: Type): boolean {
  return t.kind === "any" || t.kind === "var";
}

/**
 * The first place where `v` is not of type `t`, or undefined when it is. Null fits every type, as it is the value
 * of any op whose first argument is null (docs/language.md "Nulls"). Walks `t`'s structure, so it recurses no
 * deeper than the declared type nests.
 */
export function misfit(v: Value, t: Type, path = ""): Misfit | undefined {
  if (v === null || isOpen(t)) return undefined;
  switch (t.kind) {
    case "union":
      return t.members.some((m) => misfit(v, m, path) === undefined) ? undefined : { path, kind: kindOf(v) };
    case "list":
      if (!Array.isArray(v) || (t.groupKey !== undefined && !groupKeys.has(v))) return { path, kind: kindOf(v) };
      return isOpen(t.element) ? undefined : elementMisfit(v as readonly Value[], t.element, path);
    case "dict":
      return v instanceof Map ? entryMisfit(v, t, path) : { path, kind: kindOf(v) };
    default:
      return valueHasType(v, t) ? undefined : { path, kind: kindOf(v) };
  }
}

function elementMisfit(xs: readonly Value[], element: Type, path: string): Misfit | undefined {
  for (let i = 0; i < xs.length; i++) {
    const m = misfit(xs[i]!, element, `${path}[${i}]`);
    if (m !== undefined) return m;
  }
  return undefined;
}

function entryMisfit(d: ReadonlyMap<string, Value>, t: Extract<Type, { kind: "dict" }>, path: string): Misfit | undefined {
  if (isOpen(t.value) && t.fields === undefined) return undefined;
  for (const [k, x] of d) {
    const m = misfit(x, t.fields?.get(k) ?? t.value, /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);
    if (m !== undefined) return m;
  }
  return undefined;
}

/** "a dict", "an int…": a kind with its article, for messages. */
export function withArticle(kind: string): string {
  return `${/^[aeiouAEIOU]/.test(kind) ? "an" : "a"} ${kind}`;
}
