/**
 * Building and reshaping lists: flatten, concat, contains, dropna, join and range. Semantics: docs/ops.md
 * "Lists" and "Spellings from W&B Weave" (concat, joinToStr, dropna).
 */
import { contextual, defineOp, overload, type OpDef } from "./define.js";
import { OpError } from "./errors.js";
import { nonNull, T, union, type Type } from "./types.js";
import { printJoined } from "./value-print.js";
import { sameValueKey } from "./value-equality.js";
import { isList, type Value } from "./values.js";

const A = T.Var("T");
const LIST = { name: "list", doc: "The list." } as const;

/** The most elements `range` builds, so a typo cannot exhaust memory. */
export const MAX_RANGE_LENGTH = 10_000_000;

/** `list<x>` where x is each list element's element type, or the element itself when it is not a list. */
function flattenedType(dropNulls: boolean): (args: readonly Type[]) => Type {
  return (args) => {
    const t = args[0] === undefined ? T.Any : nonNull(args[0]);
    if (t.kind !== "list") return T.List(T.Any);
    const members = t.element.kind === "union" ? t.element.members : [t.element];
    const out = members.filter((m) => !(dropNulls && m.kind === "null")).map((m) => (m.kind === "list" ? m.element : m));
    return T.List(union(...out));
  };
}

function flattenOnce(xs: readonly Value[], dropNulls: boolean): readonly Value[] {
  const out: Value[] = [];
  for (const x of xs) {
    if (isList(x)) for (const y of x) out.push(y);
    else if (x !== null || !dropNulls) out.push(x);
  }
  return Object.freeze(out);
}

const flatten = defineOp({
  name: "flatten", category: "list",
  overloads: [overload([T.List(T.Any)], flattenedType(false), (xs) => flattenOnce(xs, false))],
  doc: {
    summary: "Joins a list of lists into one list, one level deep; elements that are not lists are kept as they are.",
    params: [LIST], returns: "list",
    examples: [
      { expr: 'runs.map(run => run.tags).flatten.unique', result: ["baseline", "resnet", "eval", "debug", "seed"] },
      { title: "One level only", expr: '[[1, [2]], 3, null].flatten', result: [1, [2], 3, null] },
    ],
  },
});

const concat = defineOp({
  name: "concat", category: "list",
  overloads: [overload([T.List(T.Any)], flattenedType(true), (xs) => flattenOnce(xs, true))],
  doc: {
    summary: "Like `flatten`, but null elements of the outer list (missing lists) are dropped.",
    details: "The name comes from W&B Weave, where saved panels use it.",
    params: [LIST], returns: "list",
    examples: [{ expr: '[[1, 2], null, [3]].concat', result: [1, 2, 3] }],
  },
});

const contains = defineOp({
  name: "contains", category: "list",
  // prettier-ignore
  overloads: [
    overload([T.List(A), A],        T.Boolean, (xs, x) => { const id = sameValueKey(x); return xs.some((y) => sameValueKey(y) === id); }),
    overload([T.String, T.String],  T.Boolean, (s, sub) => s.includes(sub)),
  ],
  doc: {
    summary: "Whether a list has an element equal to `x`, or whether a string has `x` as a substring.",
    details: "List elements compare as in `unique`: by value and type (`1` is not `\"1\"`), all NaNs alike, null finds null. A substring is literal text.",
    params: [{ name: "value", doc: "A list or a string." }, { name: "x", doc: "The element or substring to look for." }],
    returns: "boolean",
    examples: [
      { expr: 'runs.filter(run => run.tags.contains("baseline")).map(runName)', result: ["run-01"] },
      { title: "Substrings", expr: 'runs.filter(run => (run.displayName ?? "").contains("lr")).count', result: 4 },
      { title: "Null and types", expr: '[[1, "2"].contains(2), [1, null].contains(null)]', result: [false, true] },
    ],
  },
});

const isIn = defineOp({
  name: "in", operator: "in", category: "operator", handlesNull: true,
  // prettier-ignore
  overloads: [
    overload([A, T.List(A)],        T.Nullable(T.Boolean), (x, xs) => (xs === null ? null : xs.some((y) => sameValueKey(y) === sameValueKey(x)))),
    overload([T.String, T.String],  T.Nullable(T.Boolean), (sub, s) => (sub === null || s === null ? null : s.includes(sub))),
  ],
  doc: {
    summary: "`x in list`: whether the list has an element equal to `x` (as `list.contains(x)`); `sub in s`: whether the string holds `sub`.",
    details: "Elements compare as in `contains`: by value and type, all NaNs alike, null finds null. A null list or string gives null.",
    params: [{ name: "x", doc: "The element or substring to look for." }, { name: "value", doc: "A list or a string." }],
    returns: "boolean",
    examples: [
      { expr: 'runs.filter(run => run.state in ["crashed", "failed"]).map(runName)', result: ["run-03", "run-07"] },
      { expr: '["lr" in "lr-0.01", 2 in [1, "2"], null in [null]]', result: [true, false, true] },
    ],
    seeAlso: ["contains"],
  },
});

const dropna = defineOp({
  name: "dropna", category: "list",
  overloads: [overload([T.List(A)], (_, b) => T.List(nonNull(b.get("T") ?? T.Any)), (xs) => Object.freeze(xs.filter((x) => x !== null && !Number.isNaN(x))))],
  doc: {
    summary: "The list without its null and NaN elements, as pandas' `dropna`; aggregations skip only nulls.",
    params: [LIST], returns: "list<T>",
    examples: [
      { expr: 'runs.map(run => run.jobType).dropna', result: ["train", "train", "train", "eval", "eval", "sweep", "train"] },
      { title: "NaN too", expr: '[1, 0 / 0, null, 2].dropna', result: [1, 2] },
    ],
  },
});

const join = defineOp({
  name: "join", aliases: ["joinToStr"], category: "list",
  overloads: [contextual([T.List(T.Any), T.String], T.String, (cx, xs, sep) => printJoined(xs, sep, cx.maxStringLength))],
  doc: {
    summary: "The elements joined into one string with `sep` between them; nulls are skipped, other values printed as by `toString`.",
    params: [LIST, { name: "sep", doc: "The separator." }], returns: "string",
    examples: [{ expr: 'runs.filter(run => run.jobType == "eval").map(runName).join(", ")', result: "run-04, run-05" }],
  },
});

function rangeList(start: number, stop: number, step = 1): readonly Value[] {
  if (step === 0 || Number.isNaN(step)) throw new OpError("invalid_argument", "range step must not be 0", "use a positive step to count up or a negative one to count down");
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step)) {
    throw new OpError("invalid_argument", "range bounds and step must be finite numbers");
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > MAX_RANGE_LENGTH) {
    throw new OpError("invalid_argument", `range would have ${n} elements; the most is ${MAX_RANGE_LENGTH}`);
  }
  // start + i * step rather than repeated addition, so rounding errors do not accumulate
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return Object.freeze(out);
}

const range = defineOp({
  name: "range", category: "list",
  overloads: [overload([T.Number, T.Number, T.Number], T.List(T.Number), rangeList, { optional: 1 })],
  doc: {
    summary: "The numbers from `start` up to, but not including, `stop`, counting by `step` (default 1; negative counts down).",
    details: "A step of 0 is an error, as is a list of more than 10,000,000 numbers.",
    params: [{ name: "start", doc: "The first number." }, { name: "stop", doc: "The bound, not included." }, { name: "step", doc: "The increment (optional, default 1)." }],
    returns: "list<number>",
    examples: [
      { expr: 'range(0, 5)', result: [0, 1, 2, 3, 4] },
      { expr: 'range(10, 0, -3)', result: [10, 7, 4, 1] },
      { title: "Indexes of a list", expr: 'range(0, runs.count, 3).map(i => runs[i].name)', result: ["run-01", "run-04", "run-07"] },
    ],
  },
});

/** The list building and reshaping ops, in reference order. */
export const listShapeOps: readonly OpDef[] = [flatten, concat, contains, isIn, dropna, join, range];
