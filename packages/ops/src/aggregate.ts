/**
 * Aggregations over lists of numbers (and, where it makes sense, dates and durations). Semantics:
 * docs/language.md "Nulls" and "Corner cases": null elements are skipped but NaN is not (`[1, NaN].avg` is NaN); a
 * null list counts as an empty one; `sum` of nothing is 0, every other aggregation of nothing is null.
 */
import { defineOp, overload, type OpDef, type OpExample, type ResultTypeFn } from "./define.js";
import { OpError } from "./errors.js";
import { nonNull, T, union, type Type, type Typed } from "./types.js";
import { DateValue, DurationValue, type Value } from "./values.js";

type Kind = "number" | "date" | "duration";

/**
 * Calls `visit` with each non-null element as a number (dates and durations as milliseconds) and returns their
 * common kind; throws when an element is of a kind not allowed, or the kinds are mixed.
 */
function eachNumber(op: string, xs: readonly Value[] | null, allowed: readonly Kind[], visit: (n: number) => void): Kind {
  let kind: Kind | undefined;
  for (let i = 0; xs !== null && i < xs.length; i++) {
    const x = xs[i]!;
    if (x === null) continue;
    kind = numberKind(op, x, kind, allowed);
    visit(typeof x === "number" ? x : (x as DateValue | DurationValue).ms);
  }
  return kind ?? "number";
}

/** The kind of a non-null element, which must be allowed and the same as the kind of those before it. */
function numberKind(op: string, x: Value, before: Kind | undefined, allowed: readonly Kind[]): Kind {
  const k: Kind | undefined = typeof x === "number" ? "number" : x instanceof DateValue ? "date" : x instanceof DurationValue ? "duration" : undefined;
  if (k === before && k !== undefined) return k;
  if (k === undefined || !allowed.includes(k) || before !== undefined) {
    throw new OpError("invalid_argument", `${op} needs a list of ${allowed.join("s or ")}s${before !== undefined && k !== undefined ? `, not a mix of ${before}s and ${k}s` : ""}`);
  }
  return k;
}

/** The non-null elements as numbers (dates and durations as milliseconds) and their common kind. */
function numbersOf(op: string, xs: readonly Value[] | null, allowed: readonly Kind[]): { kind: Kind; values: number[] } {
  const values: number[] = [];
  const kind = eachNumber(op, xs, allowed, (v) => void values.push(v));
  return { kind, values };
}

/** The total and count of the non-null elements, in one pass, with the checks and errors of `numbersOf`. */
function totalOf(op: string, xs: readonly Value[] | null, allowed: readonly Kind[]): { kind: Kind; total: number; count: number } {
  // its own loop rather than eachNumber with a closure: a running sum kept in a closure's scope is a new heap
  // number per element wherever the engine has not inlined the closure
  let sum = 0;
  let count = 0;
  let kind: Kind | undefined;
  for (let i = 0; xs !== null && i < xs.length; i++) {
    const x = xs[i]!;
    if (x === null) continue;
    kind = numberKind(op, x, kind, allowed);
    sum += typeof x === "number" ? x : (x as DateValue | DurationValue).ms;
    count++;
  }
  return { kind: kind ?? "number", total: sum, count };
}

function wrap(kind: Kind, n: number): Value {
  return kind === "date" ? new DateValue(n) : kind === "duration" ? new DurationValue(n) : n;
}

function total(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** The extreme value, NaN when there is one (IEEE: no ordering with NaN). */
function extreme(values: readonly number[], sign: 1 | -1): number {
  let best = values[0]!;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (sign * (v - best) > 0) best = v;
  }
  return best;
}

/** Linear interpolation between the closest ranks (numpy's default), over ascending `sorted`. */
function quantileOf(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  const a = sorted[lo]!, b = sorted[hi]!;
  return lo === hi ? a : a + (b - a) * (pos - lo);
}

function sortedOrNaN(values: number[]): number[] | null {
  return values.some(Number.isNaN) ? null : values.sort((a, b) => a - b);
}

const NUMS = T.Nullable(T.List(T.Nullable(T.Number)));
const LIST = { name: "list", doc: "The values; null elements are skipped, and a null list counts as an empty one." } as const;
const ALL: readonly Kind[] = ["number", "date", "duration"];
const SUMMABLE: readonly Kind[] = ["number", "duration"];
const KIND_TYPES: Readonly<Record<Kind, Type>> = { number: T.Number, date: T.Date, duration: T.Duration };

/** `list<k|null>|null` over the allowed element kinds. */
function listOf(kinds: readonly Kind[]): Typed<readonly Value[] | null> {
  return T.Nullable(T.List(T.Nullable(T.Union(...kinds.map((k) => KIND_TYPES[k] as Typed<Value>))))) as Typed<readonly Value[] | null>;
}

/**
 * The result follows the elements: `list<date>` gives a date, `list<number|null>` a number. One overload with a
 * computed result, rather than a row per kind, so a list of `any` gives `any` and not a union of every kind.
 */
function elementResult(kinds: readonly Kind[], nullable: boolean): ResultTypeFn {
  return (args) => {
    const list = args[0] === undefined ? T.Any : nonNull(args[0]);
    if (list.kind === "any") return T.Any;
    const element = list.kind === "list" ? nonNull(list.element) : T.Any;
    if (element.kind === "any") return T.Any;
    const members = (element.kind === "union" ? element.members : [element]).filter((m) => (kinds as readonly string[]).includes(m.kind));
    const r = members.length === 0 ? T.Number : union(...members);
    return nullable ? union(r, T.Null) : r;
  };
}

const sum = defineOp({
  name: "sum", category: "aggregate", handlesNull: true,
  overloads: [overload([listOf(["number", "duration"])], elementResult(["number", "duration"], false), (xs) => {
    const { kind, total } = totalOf("sum", xs, SUMMABLE);
    return wrap(kind, total);
  }, { sql: { wrapper: "aggregate", template: { duckdb: "sum($0)" }, empty: 0 } })],
  doc: {
    summary: "The total of the numbers (or durations); 0 for an empty list.",
    details: "An empty list sums to the number 0, whatever its element type.",
    params: [LIST], returns: "number (or duration)",
    examples: [
      { expr: 'runs.map(run => run.runtime).sum', result: 27600 },
      { title: "NaN is not skipped", expr: '[1, null, 0 / 0].sum', result: "NaN" },
      { title: "Empty", expr: '[].sum', result: 0 },
    ],
  },
});

const avg = defineOp({
  name: "avg", aliases: ["mean"], category: "aggregate", handlesNull: true,
  overloads: [overload([listOf(["number", "duration"])], elementResult(["number", "duration"], true), (xs) => {
    const { kind, total, count } = totalOf("avg", xs, SUMMABLE);
    return count === 0 ? null : wrap(kind, total / count);
  }, { sql: { wrapper: "aggregate", template: { duckdb: "avg($0)" } } })],
  doc: {
    summary: "The arithmetic mean of the numbers (or durations); null for an empty list.",
    params: [LIST], returns: "number|null (or duration|null)",
    examples: [{ expr: 'runs.filter(run => run.jobType == "eval").map(run => run.summary.accuracy).avg', result: 0.915 }],
  },
});

function extremeOp(name: "min" | "max", sign: 1 | -1, word: string): OpDef {
  return defineOp({
    name, category: "aggregate", handlesNull: true,
    overloads: [overload([listOf(ALL)], elementResult(ALL, true), (xs) => {
      const { kind, values } = numbersOf(name, xs, ALL);
      return values.length === 0 ? null : wrap(kind, extreme(values, sign));
    }, { sql: { wrapper: "aggregate", template: { duckdb: `${name}($0)` } } })],
    doc: {
      summary: `The ${word} number, date or duration; null for an empty list, NaN when a NaN is among the numbers.`,
      params: [LIST], returns: "the element type, or null",
      examples: name === "max"
        ? [{ expr: 'runs.map(run => run.summary.accuracy).max', result: 0.95 }, { title: "Dates", expr: 'runs.map(run => run.heartbeatAt).max', result: "2026-03-10T23:58:00.000Z" }]
        : [{ expr: 'runs.map(run => run.summary.best_val_loss).min', result: 0.2 }, { title: "Dates", expr: 'runs.map(run => run.createdAt).min', result: "2026-03-02T09:00:00.000Z" }],
    },
  });
}

const median = defineOp({
  name: "median", category: "aggregate", handlesNull: true,
  overloads: [overload([NUMS], T.Nullable(T.Number), (xs) => {
    const { values } = numbersOf("median", xs, ["number"]);
    const s = sortedOrNaN(values);
    return values.length === 0 ? null : s === null ? NaN : quantileOf(s, 0.5);
  })],
  doc: {
    summary: "The middle number (the mean of the two middle ones for an even count); null for an empty list.",
    params: [LIST], returns: "number|null",
    examples: [{ expr: 'runs.map(run => run.config.batch_size).median', result: 64 }],
  },
});

const stddev = defineOp({
  name: "stddev", category: "aggregate", handlesNull: true,
  overloads: [overload([NUMS], T.Nullable(T.Number), (xs) => {
    const { values } = numbersOf("stddev", xs, ["number"]);
    if (values.length < 2) return null;
    const mean = total(values) / values.length;
    return Math.sqrt(total(values.map((v) => (v - mean) ** 2)) / (values.length - 1));
  })],
  doc: {
    summary: "The sample standard deviation (dividing by n − 1); null for fewer than two numbers.",
    params: [LIST], returns: "number|null",
    examples: [{ expr: '[2, 4, 4, 4, 5, 5, 7, 9].stddev', result: 2.138089935299395 }],
  },
});

const quantile = defineOp({
  name: "quantile", category: "aggregate", handlesNull: true,
  overloads: [overload([NUMS, T.Nullable(T.Number)], T.Nullable(T.Number), (xs, q) => {
    if (q === null) return null;
    if (!(q >= 0 && q <= 1)) throw new OpError("invalid_argument", `quantile q must be between 0 and 1, not ${q}`);
    const { values } = numbersOf("quantile", xs, ["number"]);
    const s = sortedOrNaN(values);
    return values.length === 0 ? null : s === null ? NaN : quantileOf(s, q);
  })],
  doc: {
    summary: "The q-th quantile, interpolating linearly between the closest ranks; null for an empty list.",
    details: "`quantile(0.5)` is the median, `quantile(0)` the minimum and `quantile(1)` the maximum. A q outside 0…1 is an error.",
    params: [LIST, { name: "q", doc: "A number from 0 to 1." }], returns: "number|null",
    examples: [{ expr: 'runs.map(run => run.runtime).quantile(0.75)', result: 4050 }],
  },
});

function argOp(name: "argmax" | "argmin", sign: 1 | -1, word: string, example: OpExample): OpDef {
  return defineOp({
    name, category: "aggregate", handlesNull: true,
    overloads: [overload([NUMS], T.Nullable(T.Number), (xs) => {
      numbersOf(name, xs, ["number"]);
      let best = -1;
      for (let i = 0; i < (xs ?? []).length; i++) {
        const x = xs![i] as number | null;
        if (x === null) continue;
        if (Number.isNaN(x)) return i;
        if (best < 0 || sign * (x - (xs![best] as number)) > 0) best = i;
      }
      return best < 0 ? null : best;
    })],
    doc: {
      summary: `The index of the ${word} number (the first on ties, or the first NaN); null when there is none.`,
      details: "Indexes count every element, nulls included, so they address the original list.",
      params: [LIST], returns: "number|null",
      examples: [example],
    },
  });
}

/** The aggregation ops, in reference order. */
export const aggregateOps: readonly OpDef[] = [
  sum, avg, extremeOp("min", -1, "smallest"), extremeOp("max", 1, "largest"), median, stddev, quantile,
  argOp("argmax", 1, "largest", { expr: 'runs[runs.map(run => run.summary.accuracy).argmax].name', result: "run-06" }),
  argOp("argmin", -1, "smallest", { expr: 'runs[runs.map(run => run.summary.accuracy).argmin].name', result: "run-03" }),
];
