/**
 * The sort order of runtime values, shared by the list ordering ops and by hosts (through the package index).
 * Split from equality and printing so each concern has one home.
 * Semantics: docs/language.md (stable sorting with nulls last, "Corner cases").
 */
import { ArtifactVersion, DateValue, DurationValue, Run, User, type Value } from "./values.js";

/** Order of kinds when a sort meets values of different kinds. */
function kindRank(v: Value): number {
  switch (typeof v) {
    case "boolean":
      return 0;
    case "number":
      return 1;
    case "string":
      return 2;
  }
  if (v instanceof DateValue) return 3;
  if (v instanceof DurationValue) return 4;
  if (Array.isArray(v)) return 5;
  if (v instanceof Run) return 6;
  if (v instanceof ArtifactVersion) return 7;
  if (v instanceof User) return 8;
  return 9;
}

/**
 * Comparison of two values that are neither null nor NaN, ascending or `descending`. Lists compare element by
 * element with the same direction, so a null or NaN element sorts last at every level (docs/language.md
 * "Corner cases").
 */
function compareDirected(a: Value, b: Value, descending: boolean): number {
  const ra = kindRank(a), rb = kindRank(b);
  if (ra !== rb) return descending ? rb - ra : ra - rb;
  if (Array.isArray(a)) {
    const bl = b as readonly Value[];
    for (let i = 0; i < a.length && i < bl.length; i++) {
      const c = compareValues(a[i] as Value, bl[i]!, descending);
      if (c !== 0) return c;
    }
    return descending ? bl.length - a.length : a.length - bl.length;
  }
  const c = compareAsc(a, b);
  return descending ? -c : c;
}

/** Ascending comparison of two values that are neither null nor NaN. */
function compareAsc(a: Value, b: Value): number {
  const ra = kindRank(a), rb = kindRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" || typeof a === "string" || typeof a === "boolean") {
    return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  }
  if (a instanceof DateValue || a instanceof DurationValue) return Math.sign(a.ms - (b as typeof a).ms);
  if (Array.isArray(a)) return compareDirected(a, b, false);
  if (a instanceof Run) return compareAsc(a.name, (b as Run).name);
  if (a instanceof ArtifactVersion) {
    const o = b as ArtifactVersion;
    return compareAsc(a.name, o.name) || a.version - o.version;
  }
  if (a instanceof User) return compareAsc(a.username, (b as User).username);
  return 0;
}

/**
 * The sort order: numbers numerically, strings by UTF-16 code unit, `false < true`, dates and durations by time,
 * lists element by element, runs by name; values of different kinds by kind (boolean, number, string, date,
 * duration, list, Run, ArtifactVersion, User). `descending` reverses that order, but in either direction NaN comes
 * after every other value and null after NaN, so both sit at the end. Never throws.
 */
export function compareValues(a: Value, b: Value, descending = false): number {
  const sa = tailRank(a), sb = tailRank(b);
  if (sa !== 0 || sb !== 0) return sa - sb;
  return compareDirected(a, b, descending);
}

function tailRank(v: Value): number {
  return v === null ? 2 : typeof v === "number" && Number.isNaN(v) ? 1 : 0;
}
