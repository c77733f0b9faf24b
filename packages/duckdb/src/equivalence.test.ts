/**
 * The DuckDB engine and the in-memory evaluator give the same answer: generated datasets (nulls, NaN and
 * ±Infinity, a key holding different kinds in different runs, keys differing only in case, keys with `/` and
 * `.`, sparse history) and generated expressions over the ops that push down (filter, sort, limit, count, map,
 * field access, comparisons, arithmetic, three-valued logic, `??`, `?:`, groupBy with keys, counts, aggregates,
 * first and last, countBy, per-run history aggregates) give equal values (floats within 1e-9 relative: SQL may sum in
 * another order) or the same error code. The other tests turn one semantic rule off each and show the property
 * then fails: the test can fail, and each rule is needed.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { evaluate, QelError, toJsonValue } from "@qel/lang";
import { inferSchema, loadRunsDocument, T, type Run } from "@qel/ops";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ALL_RULES, DuckDbProject, importRuns, type SemanticRules } from "./index.js";

const number = fc.oneof(
  fc.constantFrom(null, 0, 1, -1, 0.5, 2.5, 1e-3, -0, Number.NaN, Infinity, -Infinity),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -10, max: 10, noNaN: true }),
);
const string = fc.constantFrom(null, "adam", "Adam", "sgd", "", "1");
const scalar = fc.oneof(number, string, fc.constantFrom(true, false));
// Most keys hold one kind (numbers, strings), as real projects do, so comparisons lower to SQL; `mixed` holds
// anything, a dict now and then, so the JSON paths and the gradual rules are exercised too.
const dictOf = (value: fc.Arbitrary<unknown>) => fc.dictionary(fc.constantFrom("x", "y"), value);
const CONFIG = { lr: number, LR: number, seed: number, "a.b": number, opt: string, mixed: fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: dictOf(scalar) }) };
const SUMMARY = { acc: number, loss: number, "val/acc": number };
const keyed = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.record(fields, { requiredKeys: [] });

const runArb = fc.record({
  jobType: fc.constantFrom("train", "eval", null),
  user: fc.constantFrom("alice", "bob", "Alice", null),
  state: fc.constantFrom("finished", "crashed", null),
  created: fc.integer({ min: 1_600_000_000_000, max: 1_700_000_000_000 }),
  runtime: fc.integer({ min: 0, max: 100_000 }),
  config: keyed(CONFIG),
  summary: keyed(SUMMARY),
  history: fc.array(keyed({ loss: number, acc: number }), { maxLength: 3 }),
});

function dataset(raw: readonly Parameters<typeof runArbToPlain>[0][]): Run[] {
  const doc = { format: "qel-runs/1", runs: raw.map(runArbToPlain) };
  const loaded = loadRunsDocument(doc, { fileName: "generated" });
  expect(loaded.issues.filter((i) => i.severity === "error")).toEqual([]);
  return loaded.runs;
}

function runArbToPlain(r: { jobType: string | null; user: string | null; state: string | null; created: number; runtime: number; config: object; summary: object; history: object[] }, i: number) {
  return {
    name: `run-${String(i).padStart(2, "0")}`,
    ...(r.jobType === null ? {} : { jobType: r.jobType }),
    ...(r.state === null ? {} : { state: r.state }),
    ...(r.user === null ? {} : { user: { username: r.user } }),
    createdAt: new Date(r.created).toISOString(),
    heartbeatAt: new Date(r.created + r.runtime * 1000).toISOString(),
    config: Object.fromEntries(Object.entries(r.config).map(([k, v]) => [k, typeof v === "object" && v !== null && "value" in v ? { value: v } : v])),
    summary: r.summary,
    history: r.history.map((h, step) => ({ _step: step, ...h })),
  };
}

// Expressions over the pushable subset, as text.
const num = fc.letrec<{ num: string; bool: string; str: string }>((tie) => ({
  num: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    fc.constantFrom("r.config.lr", "r.config.LR", "r.config.seed", "r.summary.acc", "r.summary.loss", 'r.summary["val/acc"]', 'r.config["a.b"]', "r.runtime", "1", "0.5", "(0 / 0)", "-2", "(1 / 0)"),
    fc.tuple(fc.constantFrom("loss", "acc"), fc.constantFrom("min", "max", "avg", "sum", "count", "first", "last")).map(([k, a]) => `r.history.${k}.${a}`),
    fc.tuple(tie("num"), fc.constantFrom("+", "-", "*", "/"), tie("num")).map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(tie("num"), tie("num")).map(([a, b]) => `(${a} ?? ${b})`),
  ),
  str: fc.constantFrom("r.jobType", "r.state", "r.name", "r.config.opt", '"train"', '"adam"', '(r.jobType ?? "none")', "r.user.username"),
  bool: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    fc.tuple(tie("num"), fc.constantFrom("<", "<=", ">", ">=", "==", "!="), tie("num")).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie("str"), fc.constantFrom("==", "!="), tie("str")).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.constantFrom("r.config.opt == null", "r.config.lr != null", 'r.config.opt == "adam"', "r.config.lr == 1", 'r.config.mixed == "adam"', "r.config.mixed == 1", "r.config.mixed == null", "r.config.mixed != true", "r.createdAt < r.heartbeatAt", "true", "null"),
    fc.tuple(tie("bool"), fc.constantFrom("&&", "||"), tie("bool")).map(([a, o, b]) => `(${a} ${o} ${b})`),
    tie("bool").map((a) => `!(${a})`),
  ),
}));

const collection = fc.array(
  fc.oneof(
    num.bool.map((p) => `.filter(r => ${p})`),
    fc.tuple(num.num, fc.constantFrom("", ', "asc"', ', "desc"')).map(([k, d]) => `.sort(r => ${k}${d})`),
    fc.constantFrom(".sort(r => r.createdAt)", '.sort(r => r.heartbeatAt, "desc")'),
  ),
  { maxLength: 3 },
).chain((steps) => fc.option(fc.integer({ min: -1, max: 6 }), { nil: undefined }).map((n) => "runs" + steps.join("") + (n === undefined ? "" : `.limit(${n})`)));

// groupBy over filtered runs (pushed) or sorted ones (local), with keys of each kind and aggregates of each op
const groupKey = fc.constantFrom("r.jobType", "r.user.username", "r.config.opt", "r.config.seed", "r.summary.acc", "r.config.lr > 0", "r.history.loss.last");
const groupValue = fc.oneof(
  fc.constantFrom("g.key", "g.count"),
  fc.tuple(fc.constantFrom("min", "max", "avg", "sum", "first", "last"), fc.oneof(num.num.map((n) => `g.map(r => ${n})`), fc.constantFrom("g.summary.acc", 'g.config["a.b"]', "g.runtime"))).map(([a, xs]) => `${xs}.${a}`),
  fc.tuple(fc.constantFrom("first", "last"), fc.oneof(num.str.map((x) => `g.map(r => ${x})`), num.bool.map((b) => `g.map(r => ${b})`), fc.constantFrom("g.name", "g.createdAt"))).map(([a, xs]) => `${xs}.${a}`),
);
const grouped = fc.tuple(collection, groupKey, fc.array(groupValue, { minLength: 1, maxLength: 3 })).map(
  ([c, k, vs]) => `${c}.groupBy(r => ${k}).map(g => {${vs.map((v, i) => `v${i}: ${v}`).join(", ")}})`,
);

const expression = fc.oneof(
  grouped,
  fc.tuple(collection, groupKey).map(([c, k]) => `${c}.countBy(r => ${k})`),
  collection.map((c) => `${c}.map(r => r.name)`),
  collection.map((c) => (c.includes(".limit") ? `${c}.name` : `${c}.count`)),
  fc.tuple(collection, num.num, num.str, num.bool).map(([c, n, s, b]) => `${c}.map(r => {n: ${n}, s: ${s}, b: ${b}})`),
  fc.tuple(collection, num.bool, num.num).map(([c, b, n]) => `${c}.map(r => ${b} ? ${n} : -1)`),
  collection.map((c) => `${c}.name`),
);

function outcome(f: () => unknown): unknown {
  try {
    return { value: toJsonValue(f() as never) };
  } catch (e) {
    if (e instanceof QelError) return { error: e.diagnostic.code };
    throw e;
  }
}

async function outcomeAsync(f: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: toJsonValue((await f()) as never) };
  } catch (e) {
    if (e instanceof QelError) return { error: e.diagnostic.code };
    throw e;
  }
}

/** `actual` with each number within 1e-9 relative of the number at the same place in `expected` replaced by it. */
function roundedLike(actual: unknown, expected: unknown): unknown {
  if (typeof actual === "number" && typeof expected === "number") {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected)) ? expected : actual;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) return actual.map((a, i) => roundedLike(a, expected[i]));
  if (typeof actual === "object" && actual !== null && typeof expected === "object" && expected !== null) {
    return Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, roundedLike(v, (expected as Record<string, unknown>)[k])]));
  }
  return actual;
}

const EXPRS_PER_DATASET = 20;
const DATASETS = Number(process.env["QEL_EQUIV_DATASETS"] ?? 100);

/** One in-memory database for the whole run: each dataset replaces the tables of the one before. */
let shared: { instance: DuckDBInstance; conn: Awaited<ReturnType<DuckDBInstance["connect"]>> } | undefined;
async function freshConnection() {
  if (shared === undefined) {
    // tables of a few rows: one thread spends less on coordination than two
    const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
    shared = { instance, conn: await instance.connect() };
  }
  for (const t of ["qel_meta", "runs", "history", "users", "artifacts"]) await shared.conn.run(`DROP TABLE IF EXISTS ${t}`);
  return shared.conn;
}

function property(rules: SemanticRules) {
  return fc.asyncProperty(fc.array(runArb, { maxLength: 8 }), fc.array(expression, { minLength: EXPRS_PER_DATASET, maxLength: EXPRS_PER_DATASET }), async (raw, exprs) => {
    const runs = dataset(raw);
    // the in-memory engine checked as `qel eval --runs` checks: against the runs' schema
    const env = { schema: inferSchema(runs), variables: { runs: T.List(T.Run) } };
    const conn = await freshConnection();
    await importRuns(conn, runs);
    const db = await DuckDbProject.attach(conn, "generated", rules);
    for (const src of exprs) {
      if (process.env["QEL_EQUIV_TRACE"]) process.stderr.write(`${src}\n`);
      const expected = outcome(() => evaluate(src, { runs }, { env }));
      const actual = await outcomeAsync(() => db.evaluate(src));
      expect({ src, result: roundedLike(actual, expected) }).toEqual({ src, result: expected });
    }
  });
}

describe("DuckDB ≡ in-memory", () => {
  afterAll(() => shared?.instance.closeSync());

  it(`equal results for ${DATASETS * EXPRS_PER_DATASET} generated expressions over ${DATASETS} generated datasets`, async () => {
    await fc.assert(property(ALL_RULES), { numRuns: DATASETS, endOnFailure: process.env["QEL_EQUIV_NO_SHRINK"] !== undefined });
  }, 600_000);

  it("finds a difference when `==` is not null-safe, so the property can fail", async () => {
    const result = await fc.check(property({ ...ALL_RULES, nullSafeEquals: false }), { numRuns: 300, endOnFailure: true });
    expect(result.failed).toBe(true);
  }, 600_000);

  it("finds a difference when an aggregate skips NaN as DuckDB's min does", async () => {
    const result = await fc.check(property({ ...ALL_RULES, nanAggregates: false }), { numRuns: 300, endOnFailure: true });
    expect(result.failed).toBe(true);
  }, 600_000);

  it("finds a difference when an aggregate of no values is SQL's NULL instead of the op's value over nothing (sum is 0)", async () => {
    const result = await fc.check(property({ ...ALL_RULES, emptyAggregates: false }), { numRuns: 300, endOnFailure: true });
    expect(result.failed).toBe(true);
  }, 600_000);

  it("sums nothing to 0 and averages or takes the min of nothing as null, as qel does; without the rule a sum of nothing is null", async () => {
    const runs = dataset([
      { jobType: "train", user: "alice", state: null, created: 1_650_000_000_000, runtime: 5, config: {}, summary: {}, history: [] },
      { jobType: "eval", user: "bob", state: null, created: 1_650_000_001_000, runtime: 5, config: {}, summary: { acc: 0.5 }, history: [{ loss: 1 }] },
    ]);
    const env = { schema: inferSchema(runs), variables: { runs: T.List(T.Run) } };
    const srcs = [
      "runs.map(r => {sum: r.history.loss.sum, avg: r.history.loss.avg, min: r.history.loss.min, max: r.history.loss.max, n: r.history.loss.count})",
      "runs.groupBy(r => r.jobType).map(g => {sum: g.summary.acc.sum, avg: g.summary.acc.avg, min: g.summary.acc.min, n: g.count})",
    ];
    const conn = await freshConnection();
    await importRuns(conn, runs);
    const faithful = await DuckDbProject.attach(conn, "generated");
    const sabotaged = await DuckDbProject.attach(conn, "generated", { ...ALL_RULES, emptyAggregates: false });
    for (const src of srcs) {
      const expected = toJsonValue(evaluate(src, { runs }, { env }));
      expect((expected as { sum: unknown }[])[0]!.sum).toBe(0);
      expect((expected as { avg: unknown }[])[0]!.avg).toBe(null);
      expect(toJsonValue(await faithful.evaluate(src))).toEqual(expected);
      expect((toJsonValue(await sabotaged.evaluate(src)) as { sum: unknown }[])[0]!.sum).toBe(null);
    }
  });

  it("finds a difference when NaN compares as DuckDB compares it", async () => {
    const result = await fc.check(property({ ...ALL_RULES, nanComparisons: false }), { numRuns: 300, endOnFailure: true });
    expect(result.failed).toBe(true);
  }, 600_000);
});
