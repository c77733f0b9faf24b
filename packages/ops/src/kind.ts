/**
 * The kind of a value as data: `typeOf`, for run data whose kinds disagree between runs (docs/language.md
 * "Types from data").
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, type Value } from "./values.js";

/** Every name `typeOf` gives, one per runtime kind. */
export const VALUE_KINDS = ["number", "string", "boolean", "null", "list", "dict", "date", "duration", "run", "user", "artifact", "function"] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** The runtime kind of a value, as `typeOf` names it. Never throws. */
export function valueKind(v: Value): ValueKind {
  if (v === null) return "null";
  switch (typeof v) {
    case "number":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
  }
  if (Array.isArray(v)) return "list";
  if (v instanceof Map) return "dict";
  if (v instanceof DateValue) return "date";
  if (v instanceof DurationValue) return "duration";
  if (v instanceof Run) return "run";
  if (v instanceof User) return "user";
  if (v instanceof ArtifactVersion) return "artifact";
  if (v instanceof FunctionValue) return "function";
  return "null";
}

const typeOf = defineOp({
  name: "typeOf", category: "kind", handlesNull: true,
  overloads: [overload([T.Any], T.String, valueKind)],
  doc: {
    summary: `The kind of a value as a string: ${VALUE_KINDS.map((k) => `"${k}"`).join(", ")}.`,
    details: "It does not map over lists: a list is \"list\". Use it where runs disagree on a key's kind: `runs.filter(r => r.config.optimizer.typeOf == \"dict\")`.",
    params: [{ name: "value", doc: "Any value." }], returns: "string",
    examples: [
      { expr: '[typeOf(1), typeOf("a"), typeOf(null), typeOf([1]), typeOf({a: 1}), typeOf(1h)]', result: ["number", "string", "null", "list", "dict", "duration"] },
      { expr: 'runs[0].typeOf()', result: "run" },
    ],
  },
});

/** The kind ops, in reference order. */
export const kindOps: readonly OpDef[] = [typeOf];
