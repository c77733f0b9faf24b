/**
 * How the output limits measure the value a node produces, decided from its static type at compile time
 * (docs/language.md "Limits"): walking a list that, by its type, holds only values counting one each would read
 * every element for nothing, and reading every run again, out of its place in memory, is most of what it costs.
 */
import { nonNull, type Type } from "@qel/ops";

/**
 * `Walk`: the value is measured by what it holds (`Ctx.output`). `Flat`: its lists hold only values counting one
 * each (`listsAreFlat`, `Ctx.outputFlat`). `Nested`: it is a list of such lists, as groupBy's groups are
 * (`listsOfFlatLists`, `Ctx.outputNested`).
 */
export const Measure = { Walk: 0, Flat: 1, Nested: 2 } as const;
export type Measure = (typeof Measure)[keyof typeof Measure];

/** The measure of a value of type `t`. */
export function measureOf(t: Type): Measure {
  return listsAreFlat(t) ? Measure.Flat : listsOfFlatLists(t) ? Measure.Nested : Measure.Walk;
}

/**
 * Whether every list a value of type `t` can be holds only values that count as one each: neither lists, dicts
 * nor strings (a long string counts as several, see `CHARS_PER_VALUE`; `any` and type variables could be any).
 */
export function listsAreFlat(t: Type): boolean {
  switch (t.kind) {
    case "any":
    case "var":
      return false;
    case "union":
      return t.members.every(listsAreFlat);
    case "list":
      return holdsUnits(t.element);
    default:
      return true;
  }
}

/** Whether `t` is a list whose elements are lists (or null) holding only values that count as one each. */
export function listsOfFlatLists(t: Type): boolean {
  if (t.kind !== "list") return false;
  const inner = nonNull(t.element);
  return inner.kind === "list" && holdsUnits(inner.element);
}

function holdsUnits(t: Type): boolean {
  switch (t.kind) {
    case "any":
    case "var":
    case "list":
    case "dict":
    case "string":
      return false;
    case "union":
      return t.members.every(holdsUnits);
    default:
      return true;
  }
}
