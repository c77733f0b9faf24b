/**
 * Equality and identity of runtime values: `==`, and the keys by which `unique`, `groupBy` and `contains` tell
 * values apart. Split from the printing and ordering code so each concern has one home.
 * Semantics: docs/language.md (structural `==`, NaN rules).
 */
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, isDict, isList, type Value } from "./values.js";

/**
 * Structural equality as `==` defines it: lists and dicts element by element (dict key order ignored), dates and
 * durations by milliseconds, `NaN` equal to nothing, `0 == -0`, values of different kinds never equal (`1 != "1"`).
 * Runs are equal when their names are, artifact versions when name and version are, users when usernames are.
 * Never throws.
 */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true; // never true for NaN
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i] as Value, b[i] as Value)) return false;
    return true;
  }
  if (isDict(a)) {
    if (!isDict(b) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !valueEquals(v, b.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof DateValue) return b instanceof DateValue && a.ms === b.ms;
  if (a instanceof DurationValue) return b instanceof DurationValue && a.ms === b.ms;
  if (a instanceof Run) return b instanceof Run && a.name === b.name;
  if (a instanceof ArtifactVersion) return b instanceof ArtifactVersion && a.name === b.name && a.version === b.version;
  if (a instanceof User) return b instanceof User && a.username === b.username;
  return false;
}

const functionIds = new WeakMap<FunctionValue, number>();
let nextFunctionId = 0;

/**
 * A string that two values share exactly when `unique`, `groupBy` and `contains` treat them as the same value:
 * like `valueEquals`, except that every NaN is the same value. Types are kept apart (`1`, `"1"` and `true` differ).
 * Never throws.
 */
export function sameValueKey(v: Value): string {
  switch (typeof v) {
    case "string":
      return "s" + v;
    case "number":
      return "n" + String(v === 0 ? 0 : v);
    case "boolean":
      return v ? "T" : "F";
  }
  return v === null ? "z" : nestedKey(v);
}

function nestedKey(v: Value): string {
  if (v === null || typeof v !== "object") return typeof v === "string" ? JSON.stringify(v) : sameValueKey(v);
  if (isList(v)) return "[" + v.map(nestedKey).join(",") + "]";
  if (isDict(v)) {
    const keys = [...v.keys()].sort();
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + nestedKey(v.get(k)!)).join(",") + "}";
  }
  if (v instanceof DateValue) return "d" + String(v.ms);
  if (v instanceof DurationValue) return "u" + String(v.ms);
  if (v instanceof Run) return "r" + JSON.stringify(v.name);
  if (v instanceof ArtifactVersion) return "a" + JSON.stringify(v.name) + ":" + String(v.version);
  if (v instanceof User) return "p" + JSON.stringify(v.username);
  let id = functionIds.get(v);
  if (id === undefined) functionIds.set(v, (id = nextFunctionId++));
  return "f" + String(id);
}
