/**
 * Ordering and grouping lists: sort, maxBy, minBy, unique, groupBy, countBy and the group fields `key` and `items`.
 * Semantics: docs/language.md (stable sorting, nulls last in either direction; `unique` and `groupBy`
 * treat all NaNs as one value and keep types apart) and docs/ops.md "Lists".
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { OpError } from "./errors.js";
import { T } from "./types.js";
import { sameValueKey } from "./value-equality.js";
import { compareValues } from "./value-order.js";
import { builtInside, FunctionValue, groupKeys, type Value } from "./values.js";

const A = T.Var("T");
const K = T.Var("K");
const LIST = { name: "list", doc: "The list." } as const;
const KEY = { name: "key", doc: "A function of an element giving the value to compare." } as const;

/**
 * A map from values to entries, a value's identity being its `sameValueKey`. A number, string, boolean or null
 * is its own key, with no string built: a Map's SameValueZero already treats all NaNs as one, 0 and -0 as one,
 * and 1 and "1" as two, exactly as `sameValueKey` does.
 */
class SameValueMap<E> {
  /**
   * One instance held for the life of the program. The engine describes an instance by hidden classes that live
   * only while some instance has them; when a full garbage collection frees every instance it frees them too, and
   * the optimized code of groupBy and its callers is thrown away and optimized again after each collection.
   */
  static readonly #kept = new SameValueMap<never>();
  readonly #scalars = new Map<Value, E>();
  readonly #others = new Map<string, E>();

  get(k: Value): E | undefined {
    return typeof k !== "object" || k === null ? this.#scalars.get(k) : this.#others.get(sameValueKey(k));
  }

  set(k: Value, e: E): void {
    if (typeof k !== "object" || k === null) this.#scalars.set(k, e);
    else this.#others.set(sameValueKey(k), e);
  }
}

/** Sorts by a comparator; null elements go last and never reach it. */
function sortWith(xs: readonly Value[], cmp: FunctionValue): readonly Value[] {
  const present: Value[] = xs.filter((x) => x !== null);
  present.sort((a, b) => {
    const c = cmp.call(a, b);
    if (c !== null && typeof c !== "number") throw new OpError("invalid_argument", `a sort comparator must return a number, not ${typeof c}`, "return a - b style numbers, or use sort(key)");
    return c === null || Number.isNaN(c) ? 0 : c;
  });
  for (let i = present.length; i < xs.length; i++) present.push(null);
  return Object.freeze(present);
}

/** Sorts by a key function (computed once per element), stable, nulls and NaN keys last in either direction. */
function sortBy(xs: readonly Value[], key: FunctionValue, direction = "asc"): readonly Value[] {
  if (direction !== "asc" && direction !== "desc") {
    throw new OpError("invalid_argument", `sort direction must be "asc" or "desc", not ${JSON.stringify(direction)}`);
  }
  // a two-parameter function is a comparator, also when the overload was chosen at run time
  if (key.arity === 2) return sortWith(xs, key);
  const desc = direction === "desc";
  const keyed = xs.map((x, i) => ({ k: key.call(x), i, x }));
  keyed.sort((a, b) => compareValues(a.k, b.k, desc) || a.i - b.i);
  return Object.freeze(keyed.map((e) => e.x));
}

/** Sorts the elements themselves, as sortBy with the identity key. */
function sortPlain(xs: readonly Value[], direction = "asc"): readonly Value[] {
  return sortBy(xs, IDENTITY, direction);
}

const IDENTITY = new FunctionValue("identity", 1, (x) => x);

/** The element whose key is largest (`sign` 1) or smallest (-1); null and NaN keys are skipped, ties keep the first. */
function extremeBy(xs: readonly Value[], key: FunctionValue, sign: 1 | -1): Value {
  let best: Value = null;
  let bestKey: Value = null;
  for (const x of xs) {
    const k = key.call(x);
    if (k === null || (typeof k === "number" && Number.isNaN(k))) continue;
    if (bestKey === null || sign * compareValues(k, bestKey) > 0) {
      best = x;
      bestKey = k;
    }
  }
  return best;
}

const sort = defineOp({
  name: "sort", category: "list",
  // A key function has one parameter and a comparator two, so the checker tells the rows apart by the lambda.
  // prettier-ignore
  overloads: [
    overload([T.List(A), T.Fn([A], T.Any), T.String], T.List(A), sortBy, { optional: 1, sql: { wrapper: "collection.sort" } }),
    overload([T.List(A), T.Fn([A, A], T.Number)],     T.List(A), sortWith),
    overload([T.List(A), T.String],                    T.List(A), sortPlain, { optional: 1 }),
  ],
  doc: {
    summary: "The list sorted by a key (ascending, or descending with \"desc\"), by a comparator `(a, b) => number`, or by its elements when no key is given.",
    details:
      "Sorting is stable. Keys compare numbers numerically, strings by UTF-16 code unit, dates by time and lists element by element. " +
      "In either direction, NaN keys come after all others and null keys (or null elements, with a comparator) last.",
    params: [LIST, { name: "key", doc: "`x => key`, or a comparator `(a, b) => number` (negative when a comes first); optional." }, { name: "direction", doc: "\"asc\" (default) or \"desc\"." }],
    returns: "list<T>",
    examples: [
      { expr: 'runs.sort(run => run.summary.accuracy, "desc").map(runName)', result: ["run-06", "run-02", "run-08", "run-05", "run-01", "run-04", "run-03", "run-07"] },
      { title: "Nulls last in both directions", expr: 'runs.sort(run => run.jobType).map(run => run.jobType)', result: ["eval", "eval", "sweep", "train", "train", "train", "train", null] },
      { title: "A comparator", expr: '[3, 1, 2].sort((a, b) => b - a)', result: [3, 2, 1] },
      { title: "The elements themselves", expr: '[3, null, 1, 2].sort("desc")', result: [3, 2, 1, null] },
      { title: "Several keys", expr: 'runs.sort(run => [run.jobType, run.runtime]).map(runName)', result: ["run-04", "run-05", "run-06", "run-03", "run-02", "run-08", "run-01", "run-07"] },
    ],
  },
});

const maxBy = defineOp({
  name: "maxBy", category: "list",
  overloads: [overload([T.List(A), T.Fn([A], T.Any)], T.Nullable(A), (xs, key) => extremeBy(xs, key, 1))],
  doc: {
    summary: "The element with the largest key (the first one on ties); elements with a null or NaN key are skipped; null when none is left.",
    params: [LIST, KEY], returns: "T|null",
    examples: [
      { expr: 'runs.maxBy(run => run.summary.accuracy).name', result: "run-06" },
      { title: "The history row (and step) at a metric's maximum", expr: 'runs[1].history.maxBy(row => row.accuracy)', result: { _step: 2, loss: 0.25, accuracy: 0.94 } },
    ],
    askedAs: ["argmaxBy"],
  },
});

const minBy = defineOp({
  name: "minBy", category: "list",
  overloads: [overload([T.List(A), T.Fn([A], T.Any)], T.Nullable(A), (xs, key) => extremeBy(xs, key, -1))],
  doc: {
    summary: "The element with the smallest key (the first one on ties); elements with a null or NaN key are skipped; null when none is left.",
    params: [LIST, KEY], returns: "T|null",
    examples: [
      { expr: 'runs.minBy(run => run.summary.val_loss).name', result: "run-06" },
      { title: "The history row (and step) at a metric's minimum", expr: 'runs[0].history.minBy(row => row.loss)._step', result: 2 },
    ],
    askedAs: ["argminBy"],
  },
});

const unique = defineOp({
  name: "unique", category: "list",
  overloads: [overload([T.List(A)], T.List(A), (xs) => {
    const seen = new SameValueMap<true>();
    const out: Value[] = [];
    for (const x of xs) {
      if (seen.get(x) === undefined) {
        seen.set(x, true);
        out.push(x);
      }
    }
    return Object.freeze(out);
  })],
  doc: {
    summary: "The first occurrence of each distinct value, in order.",
    details: "Values are the same when `==` says so, except that all NaNs are one value; `1` and `\"1\"` differ.",
    params: [LIST], returns: "list<T>",
    examples: [
      { expr: 'runs.map(run => run.config.optimizer).unique', result: ["adam", "sgd", null, "adamw"] },
      { title: "Types stay apart", expr: '[1, "1", 1, 0 / 0, 0 / 0, null, null].unique', result: [1, "1", "NaN", null] },
    ],
  },
});

const groupBy = defineOp({
  name: "groupBy", aliases: ["groupby"], category: "list",
  overloads: [overload([T.List(A), T.Fn([A], K)], T.List(T.Group(A, K)), (xs, key) => {
    const groups = new SameValueMap<Value[]>();
    const order: { key: Value; items: Value[] }[] = [];
    for (const x of xs) {
      const k = key.call(x);
      let items = groups.get(k);
      if (items === undefined) {
        groups.set(k, (items = []));
        order.push({ key: k, items });
      }
      items.push(x);
    }
    return Object.freeze(order.map((g) => {
      const items = builtInside(Object.freeze(g.items));
      groupKeys.set(items, g.key);
      return items;
    }));
  }, { sql: { wrapper: "collection.groupBy" } })],
  doc: {
    summary: "Groups the elements by a key, in order of first appearance. Each group is a list of its elements that also has `key` and `items`.",
    details: "Keys are compared by value and type: `1` and `\"1\"` form two groups, all NaNs one, null one, dates by instant.",
    params: [LIST, { name: "key", doc: "A function of an element giving its group key." }],
    returns: "list<group<K, T>>",
    examples: [
      { expr: 'runs.groupBy(run => run.jobType).map(g => {jobType: g.key, runs: g.count})', result: [{"jobType": "train", "runs": 4}, {"jobType": "eval", "runs": 2}, {"jobType": "sweep", "runs": 1}, {"jobType": null, "runs": 1}] },
      { title: "Aggregating each group", expr: 'runs.groupBy(run => run.config.optimizer).map(g => {optimizer: g.key, accuracy: g.summary["accuracy"].max})', result: [{"optimizer": "adam", "accuracy": 0.91}, {"optimizer": "sgd", "accuracy": 0.94}, {"optimizer": null, "accuracy": 0.93}, {"optimizer": "adamw", "accuracy": 0.95}] },
    ],
  },
});

const countBy = defineOp({
  name: "countBy", category: "list",
  overloads: [overload([T.List(A), T.Fn([A], K)], T.List(T.Dict(T.Any, new Map([["key", K], ["count", T.Number]]))), (xs, key) => {
    const counts = new SameValueMap<{ key: Value; count: number; first: number }>();
    const order: { key: Value; count: number; first: number }[] = [];
    for (const x of xs) {
      const k = key.call(x);
      const c = counts.get(k);
      if (c !== undefined) c.count++;
      else {
        const fresh = { key: k, count: 1, first: order.length };
        counts.set(k, fresh);
        order.push(fresh);
      }
    }
    order.sort((a, b) => b.count - a.count || a.first - b.first);
    return Object.freeze(order.map((c) => builtInside(new Map<string, Value>([["key", c.key], ["count", c.count]]))));
  }, { sql: { wrapper: "collection.countBy" } })],
  doc: {
    summary: "How many elements have each key: a list of `{key, count}`, the most frequent first (ties in order of first appearance).",
    details: "Keys are compared as in `groupBy`. pandas calls this `value_counts`; `groupBy` keeps the elements of each key.",
    params: [LIST, { name: "key", doc: "A function of an element giving the value to count." }],
    returns: "list<{key: K, count: number}>",
    examples: [
      { expr: 'runs.countBy(run => run.state)', result: [{ key: "finished", count: 5 }, { key: "crashed", count: 1 }, { key: "running", count: 1 }, { key: "failed", count: 1 }] },
      { title: "Tags over all runs", expr: 'runs.map(run => run.tags).flatten.countBy(t => t).first', result: { key: "resnet", count: 4 } },
    ],
    seeAlso: ["groupBy", "unique"],
  },
});

const key = defineOp({
  name: "key", aliases: ["groupkey"], category: "list",
  overloads: [overload([T.Group(A, K)], K, (g) => groupKeys.get(g) ?? null, { sql: { wrapper: "group.key" } })],
  doc: {
    summary: "The key shared by the elements of a group made by `groupBy`.",
    params: [{ name: "group", doc: "A group from `groupBy`." }], returns: "K",
    examples: [{ expr: 'runs.groupBy(run => run.user.username).map(g => g.key)', result: ["alice", "bob", "carol", null] }],
  },
});

const items = defineOp({
  name: "items", category: "list",
  overloads: [overload([T.Group(A, K)], T.List(A), (g) => Object.freeze([...g]))],
  doc: {
    summary: "The elements of a group as a plain list.",
    params: [{ name: "group", doc: "A group from `groupBy`." }], returns: "list<T>",
    examples: [{ expr: 'runs.groupBy(run => run.state).first.items.map(runName)', result: ["run-01", "run-02", "run-04", "run-05", "run-08"] }],
  },
});

/** The ordering and grouping ops, in reference order. */
export const listOrderOps: readonly OpDef[] = [sort, maxBy, minBy, unique, groupBy, countBy, key, items];
