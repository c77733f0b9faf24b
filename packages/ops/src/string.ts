/**
 * String operations. Lengths and positions count Unicode code points, so an emoji is one character; every
 * substring argument is literal text, never a regular expression (docs/ops.md "Strings").
 * `contains` (lists and strings) is in list-shape.ts.
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";
import type { Value } from "./values.js";

const S = { name: "s", doc: "A string." } as const;

/** The part of `xs` from index `start` up to, not including, `end`; negative indexes count from the end. */
function sliceOf<V>(xs: readonly V[], start: number, end?: number): V[] {
  return xs.slice(Math.trunc(start), end === undefined ? undefined : Math.trunc(end));
}

/** Every occurrence of `sub` in `s` replaced by `by`, left to right, without overlaps; an empty `sub` changes nothing. */
export function replaceLiteral(s: string, sub: string, by: string): string {
  return sub === "" ? s : s.split(sub).join(by);
}

const len = defineOp({
  name: "len", category: "string",
  overloads: [overload([T.String], T.Number, (s) => {
    let n = 0;
    for (const _ of s) n++;
    return n;
  })],
  doc: {
    summary: "The length of the string in Unicode code points: \"🚀ab\" has 3.",
    details: "Not UTF-16 units or bytes. An emoji built from several code points, such as a family joined with zero-width joiners, counts each of them.",
    params: [S], returns: "number",
    examples: [{ expr: '["abc", "🚀ab", ""].map(len)', result: [3, 3, 0] }, { expr: 'runs.map(run => run.name.len).sum', result: 48 }],
  },
});

const lower = defineOp({
  name: "lower", category: "string",
  overloads: [overload([T.String], T.String, (s) => s.toLowerCase())],
  doc: { summary: "The string in lower case.", params: [S], returns: "string", examples: [{ expr: '"Train".lower', result: "train" }] },
});

const upper = defineOp({
  name: "upper", category: "string",
  overloads: [overload([T.String], T.String, (s) => s.toUpperCase())],
  doc: { summary: "The string in upper case.", params: [S], returns: "string", examples: [{ expr: 'runs.map(run => run.state.upper).unique', result: ["FINISHED", "CRASHED", "RUNNING", "FAILED"] }] },
});

const trim = defineOp({
  name: "trim", category: "string",
  overloads: [overload([T.String], T.String, (s) => s.trim())],
  doc: { summary: "The string without leading and trailing whitespace.", params: [S], returns: "string", examples: [{ expr: '"  lr 0.1 \\n".trim', result: "lr 0.1" }] },
});

const startsWith = defineOp({
  name: "startsWith", category: "string",
  overloads: [overload([T.String, T.String], T.Boolean, (s, prefix) => s.startsWith(prefix))],
  doc: {
    summary: "Whether the string begins with `prefix`.",
    params: [S, { name: "prefix", doc: "Literal text." }], returns: "boolean",
    examples: [{ expr: 'runs.filter(run => (run.displayName ?? "").startsWith("eval")).map(runName)', result: ["run-04", "run-05"] }],
  },
});

const endsWith = defineOp({
  name: "endsWith", category: "string",
  overloads: [overload([T.String, T.String], T.Boolean, (s, suffix) => s.endsWith(suffix))],
  doc: {
    summary: "Whether the string ends with `suffix`.",
    params: [S, { name: "suffix", doc: "Literal text." }], returns: "boolean",
    examples: [{ expr: 'runs.filter(run => run.name.endsWith("1")).map(runName)', result: ["run-01"] }],
  },
});

const split = defineOp({
  name: "split", category: "string",
  overloads: [overload([T.String, T.String], T.List(T.String), (s, sep) => Object.freeze(sep === "" ? [...s] : s.split(sep)))],
  doc: {
    summary: "The parts of the string between occurrences of `sep`; an empty `sep` splits into characters (code points).",
    params: [S, { name: "sep", doc: "Literal text." }], returns: "list<string>",
    examples: [
      { expr: 'runs[3].config.checkpoint.split(":")', result: ["model", "v1"] },
      { title: "Characters", expr: '"a🚀b".split("")', result: ["a", "🚀", "b"] },
    ],
  },
});

const replace = defineOp({
  name: "replace", category: "string",
  overloads: [overload([T.String, T.String, T.String], T.String, replaceLiteral)],
  doc: {
    summary: "The string with every occurrence of `sub` replaced by `with`. Both are literal text: `.`, `*` or `$&` mean themselves.",
    details: "Occurrences are found left to right without overlapping; an empty `sub` leaves the string unchanged.",
    params: [S, { name: "sub", doc: "The text to find." }, { name: "with", doc: "The replacement." }], returns: "string",
    examples: [
      { expr: 'runs.map(run => run.displayName ?? "").map(d => d.replace("lr-", "lr=")).limit(3)', result: ["baseline", "lr=0.01", "lr=0.1"] },
      { title: "No regular expressions", expr: '"a.b.c".replace(".", "$&")', result: "a$&b$&c" },
    ],
  },
});

const slice = defineOp({
  name: "slice", category: "string",
  // prettier-ignore
  overloads: [
    overload([T.String, T.Number, T.Number],          T.String,           (s, a, b?: number) => sliceOf([...s], a, b).join(""), { optional: 1 }),
    overload([T.List(T.Var("T")), T.Number, T.Number], T.List(T.Var("T")), (xs, a, b?: number) => Object.freeze(sliceOf<Value>(xs, a, b)), { optional: 1 }),
  ],
  doc: {
    summary: "The characters (or list elements) from index `start` up to, not including, `end` (default: to the end); negative indexes count from the end.",
    details: "String indexes count code points, like `len`.",
    params: [{ name: "value", doc: "A string or a list." }, { name: "start", doc: "The first index." }, { name: "end", doc: "The index to stop before (optional)." }],
    returns: "string or list",
    examples: [
      { expr: '"🚀 launch".slice(2)', result: "launch" },
      { expr: 'runs.map(runName).slice(-2)', result: ["run-07", "run-08"] },
      { expr: 'runs[0].name.slice(0, 3)', result: "run" },
    ],
  },
});

/** The string ops, in reference order. */
export const stringOps: readonly OpDef[] = [len, lower, upper, trim, startsWith, endsWith, split, replace, slice];
