/**
 * List operations: counting, filtering, mapping, folding, searching and positional access. Semantics:
 * docs/ops.md "Lists" and docs/language.md "Nulls" (a predicate keeps an element only when it returns `true`).
 * Every list an op returns is a new frozen array; inputs are never changed.
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { dictValueUnion, nonNull, T, union, type Type } from "./types.js";
import type { FunctionValue, Value } from "./values.js";

const A = T.Var("T");
const LIST = { name: "list", doc: "The list." } as const;
const PRED = { name: "pred", doc: "A function of an element; the element counts when it returns true (null and false do not)." } as const;

/** Calls `f` with the element, and with its index too when `f` declares a second parameter. */
export function callWithIndex(f: FunctionValue, x: Value, i: number): Value {
  return f.arity >= 2 ? f.call(x, i) : f.call(x);
}

/** The position `i` addresses in a list of `length` elements (negative counts from the end), or -1 when none. */
function position(i: number, length: number): number {
  if (!Number.isInteger(i)) return -1;
  const p = i < 0 ? length + i : i;
  return p >= 0 && p < length ? p : -1;
}

/** A count argument as a whole number of elements: fractions round down, negatives and NaN are 0. */
function amount(n: number): number {
  return n > 0 ? Math.floor(n) : 0;
}

const count = defineOp({
  name: "count", category: "list", handlesNull: true,
  overloads: [overload([T.Nullable(T.List(T.Any))], T.Number, (xs) => (xs === null ? 0 : xs.length), { sql: { wrapper: "collection.count" } })],
  doc: {
    summary: "The number of elements, nulls included; a null list counts 0.",
    params: [LIST], returns: "number",
    examples: [
      { expr: 'runs.count', result: 8 },
      { title: "Nulls are elements too", expr: 'runs.map(run => run.jobType).count', result: 8 },
    ],
  },
});

const filter = defineOp({
  name: "filter", category: "list",
  overloads: [overload([T.List(A), T.Fn([A], T.Boolean)], T.List(A), (xs, pred) => Object.freeze(xs.filter((x) => pred.call(x) === true)), { sql: { wrapper: "collection.filter" } })],
  doc: {
    summary: "The elements for which `pred` returns true, in order.",
    params: [LIST, PRED], returns: "list<T>",
    examples: [{ expr: 'runs.filter(run => run.summary.accuracy > 0.93).map(runName)', result: ["run-02", "run-06", "run-08"] }],
  },
});

const map = defineOp({
  name: "map", category: "list",
  overloads: [overload([T.List(A), T.Fn([A, T.Number], T.Var("U"))], T.List(T.Var("U")), (xs, f) => Object.freeze(xs.map((x, i) => callWithIndex(f, x, i))), { sql: { wrapper: "collection.map" } })],
  doc: {
    summary: "Applies `f` to every element; `f` may also take the element's index as a second parameter.",
    params: [LIST, { name: "f", doc: "`x => …` or `(x, index) => …`." }], returns: "list<U>",
    examples: [
      { expr: 'runs.map(run => run.config.batch_size)', result: [32, 64, 64, 128, 128, 32, null, 64] },
      { title: "With the index", expr: '["a", "b"].map((x, i) => x + i)', result: ["a0", "b1"] },
    ],
  },
});

const reduce = defineOp({
  name: "reduce", category: "list",
  // prettier-ignore
  overloads: [
    overload([T.List(A), T.Fn([A, A], A)],                           T.Nullable(A), (xs, f) => xs.length === 0 ? null : xs.reduce((acc, x) => f.call(acc, x))),
    overload([T.List(A), T.Fn([T.Var("U"), A], T.Var("U")), T.Var("U")], T.Var("U"),    (xs, f, init) => xs.reduce<Value>((acc, x) => f.call(acc, x), init)),
  ],
  doc: {
    summary: "Folds the list from the left: `f(f(init, x0), x1)…`. Without `init` the first element starts the fold, and an empty list gives null.",
    params: [LIST, { name: "f", doc: "`(acc, x) => …`, the next accumulator." }, { name: "init", doc: "The starting accumulator (optional)." }],
    returns: "the final accumulator",
    examples: [
      { expr: '[1, 2, 3, 4].reduce((acc, x) => acc + x, 10)', result: 20 },
      { title: "Without an initial value", expr: 'runs.reduce((a, b) => a.runtime >= b.runtime ? a : b).name', result: "run-06" },
    ],
  },
});

const find = defineOp({
  name: "find", category: "list",
  overloads: [overload([T.List(A), T.Fn([A], T.Boolean)], T.Nullable(A), (xs, pred) => xs.find((x) => pred.call(x) === true) ?? null)],
  doc: {
    summary: "The first element for which `pred` returns true, or null.",
    params: [LIST, PRED], returns: "T|null",
    examples: [{ expr: 'runs.find(run => run.jobType == "eval").name', result: "run-04" }],
  },
});

const some = defineOp({
  name: "some", category: "list",
  overloads: [overload([T.List(A), T.Fn([A], T.Boolean)], T.Boolean, (xs, pred) => xs.some((x) => pred.call(x) === true))],
  doc: {
    summary: "Whether `pred` returns true for at least one element (false for an empty list).",
    params: [LIST, PRED], returns: "boolean",
    examples: [{ expr: 'runs.some(run => run.state == "crashed")', result: true }],
  },
});

const every = defineOp({
  name: "every", category: "list",
  overloads: [overload([T.List(A), T.Fn([A], T.Boolean)], T.Boolean, (xs, pred) => xs.every((x) => pred.call(x) === true))],
  doc: {
    summary: "Whether `pred` returns true for every element (true for an empty list).",
    params: [LIST, PRED], returns: "boolean",
    examples: [{ expr: 'runs.every(run => run.config.batch_size >= 32)', result: false }],
  },
});

const first = defineOp({
  name: "first", category: "list",
  overloads: [overload([T.List(A)], T.Nullable(A), (xs) => xs[0] ?? null, { sql: { wrapper: "list.first" } })],
  doc: {
    summary: "The first element, or null for an empty list.",
    params: [LIST], returns: "T|null",
    examples: [{ expr: 'runs.first.name', result: "run-01" }],
  },
});

const last = defineOp({
  name: "last", category: "list",
  overloads: [overload([T.List(A)], T.Nullable(A), (xs) => xs[xs.length - 1] ?? null, { sql: { wrapper: "list.last" } })],
  doc: {
    summary: "The last element, or null for an empty list.",
    params: [LIST], returns: "T|null",
    examples: [{ expr: 'runs[0].history.last.loss', result: 0.35 }],
  },
});

/** The value type a dict index can give: its fields' and open value types, or null. */
function dictIndexType(args: readonly Type[]): Type {
  const d = args[0] === undefined ? undefined : nonNull(args[0]);
  return d !== undefined && d.kind === "dict" ? union(dictValueUnion(d), T.Null) : T.Any;
}

const at = defineOp({
  name: "at", operator: "[]", category: "list",
  // prettier-ignore
  overloads: [
    overload([T.List(A),      T.Number], T.Nullable(A), (xs, i) => { const p = position(i, xs.length); return p < 0 ? null : (xs[p] as Value); }),
    overload([T.Dict(T.Any),  T.String], dictIndexType, (d, key) => d.get(key) ?? null),
  ],
  doc: {
    summary: "`xs[i]`: the element at index `i` (0 is the first, -1 the last); null when out of range. `d[key]`: the value under a key, or null.",
    details: "A dict key is literal: `summary[\"val/loss\"]` never walks a path.",
    params: [{ name: "value", doc: "A list or a dict." }, { name: "index", doc: "A whole number for a list, a string key for a dict." }],
    returns: "the element, or null",
    examples: [
      { expr: 'runs[-1].name', result: "run-08" },
      { title: "Out of range", expr: 'runs[8]', result: null },
      { title: "Dict keys", expr: 'runs[0].summary["val_loss"]', result: 0.31 },
      { title: "As a call", expr: 'runs.map(run => run.name).at(1)', result: "run-02" },
    ],
  },
});

const limit = defineOp({
  name: "limit", category: "list",
  overloads: [overload([T.List(A), T.Number], T.List(A), (xs, n) => Object.freeze(xs.slice(0, amount(n))), { sql: { wrapper: "collection.limit" } })],
  doc: {
    summary: "The first `n` elements (all of them when there are fewer).",
    params: [LIST, { name: "n", doc: "How many; fractions round down, negatives count as 0." }], returns: "list<T>",
    examples: [{ expr: 'runs.sort(run => run.summary.accuracy, "desc").limit(3).map(runName)', result: ["run-06", "run-02", "run-08"] }],
  },
});

const offset = defineOp({
  name: "offset", category: "list",
  overloads: [overload([T.List(A), T.Number], T.List(A), (xs, n) => Object.freeze(xs.slice(amount(n))))],
  doc: {
    summary: "The list without its first `n` elements.",
    params: [LIST, { name: "n", doc: "How many to skip; fractions round down, negatives count as 0." }], returns: "list<T>",
    examples: [{ expr: 'runs.offset(6).map(runName)', result: ["run-07", "run-08"] }],
  },
});

/** The basic list ops, in reference order. */
export const listOps: readonly OpDef[] = [count, filter, map, reduce, find, some, every, first, last, at, limit, offset];
