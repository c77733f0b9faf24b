/**
 * Dict operations: keys, values, entries, has and pick. Dicts need parentheses for these (`d.keys()`), because
 * `d.keys` looks up the key "keys" (docs/language.md "Names, members and calls").
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { dictValueUnion, nonNull, T, type Type } from "./types.js";
import { builtInside, type Dict, type Value } from "./values.js";

const DICT = { name: "dict", doc: "A dict: a config, a summary, a history row or a dict literal." } as const;

/** The type of a dict argument's values (`any` when unknown). */
function valueType(args: readonly Type[]): Type {
  const d = args[0] === undefined ? T.Any : nonNull(args[0]);
  return d.kind === "dict" ? dictValueUnion(d) : T.Any;
}

const keys = defineOp({
  name: "keys", category: "dict",
  overloads: [overload([T.Dict(T.Any)], T.List(T.String), (d) => Object.freeze([...d.keys()]))],
  doc: {
    summary: "The dict's keys, in insertion order.",
    params: [DICT], returns: "list<string>",
    examples: [{ expr: 'runs[0].config.keys()', result: ["learning_rate", "batch_size", "optimizer", "epochs"] }],
  },
});

const values = defineOp({
  name: "values", category: "dict",
  overloads: [overload([T.Dict(T.Any)], (args) => T.List(valueType(args)), (d) => Object.freeze([...d.values()]))],
  doc: {
    summary: "The dict's values, in the order of its keys.",
    params: [DICT], returns: "list",
    examples: [{ expr: '{lr: 0.1, "val/loss": 2}.values()', result: [0.1, 2] }],
  },
});

const entries = defineOp({
  name: "entries", category: "dict",
  overloads: [overload(
    [T.Dict(T.Any)],
    (args) => T.List(T.Dict(T.Never, new Map([["key", T.String], ["value", valueType(args)]]))),
    (d) => Object.freeze([...d].map(([key, value]): Dict => builtInside(new Map<string, Value>([["key", key], ["value", value]])))),
  )],
  doc: {
    summary: "The dict's entries as `{key, value}` dicts, in the order of its keys.",
    params: [DICT], returns: "list<{key: string, value}>",
    examples: [
      { expr: 'runs[0].summary.entries().filter(e => e.value > 0.5).map(e => e.key)', result: ["accuracy", "training_time_seconds"] },
    ],
  },
});

const has = defineOp({
  name: "has", category: "dict",
  overloads: [overload([T.Dict(T.Any), T.String], T.Boolean, (d, key) => d.has(key))],
  doc: {
    summary: "Whether the dict has the key (even when its value is null).",
    params: [DICT, { name: "key", doc: "The key, literal (never a path)." }], returns: "boolean",
    examples: [{ expr: 'runs.filter(run => run.config.has("seed")).map(runName)', result: ["run-08"] }],
  },
});

const pick = defineOp({
  name: "pick", category: "dict",
  overloads: [overload([T.Dict(T.Any), T.List(T.String)], (args) => T.Dict(valueType(args)), (d, ks) => {
    const out = new Map<string, Value>();
    for (const k of ks) if (typeof k === "string" && d.has(k)) out.set(k, d.get(k)!);
    return out;
  })],
  doc: {
    summary: "A dict with only the listed keys that the dict has, in the order listed.",
    params: [DICT, { name: "keys", doc: "The keys to keep." }], returns: "dict",
    examples: [{ expr: 'runs[1].config.pick(["optimizer", "learning_rate", "momentum"])', result: {"optimizer": "sgd", "learning_rate": 0.01} }],
  },
});

/** The dict ops, in reference order. */
export const dictOps: readonly OpDef[] = [keys, values, entries, has, pick];
