/**
 * Generated well-typed qel programs and the runs they read, for comparing evaluators: every op family
 * (arithmetic, comparison, logic and special forms, lists and lambdas, aggregations, strings, conversions,
 * dates and durations, dict keys on unions of shapes), nulls and NaN, run data whose kind differs between runs,
 * and the shapes the compiled evaluator fuses (filter/map with a lambda, `==` against a literal, field chains).
 */
import fc from "fast-check";
import { DateValue, Run, User, type Value } from "@qel/ops";

type Kind = "num" | "bool" | "str" | "nums" | "data" | "date";

/** Lambda parameters in scope: numbers and runs. */
interface Scope {
  readonly nums: readonly string[];
  readonly runs: readonly string[];
}

const NUM_LITERALS = ["0", "1", "2", "2.5", "10", "(0 / 0)", "(1 / 0)", "null"];
const STR_LITERALS = ['"train"', '"eval"', '"a"', '"3.5"', '""'];
const CONFIG_KEYS = ["a", "b", "opt"];
const SUMMARY_KEYS = ["acc", "loss"];

const memo = new Map<string, fc.Arbitrary<string>>();

/** Programs of kind `kind`, nested at most `depth` deep, over the names in `scope`. */
export function program(kind: Kind, depth: number, scope: Scope = { nums: [], runs: [] }): fc.Arbitrary<string> {
  const key = `${kind}|${depth}|${scope.nums.join()}|${scope.runs.join()}`;
  let arb = memo.get(key);
  if (arb === undefined) memo.set(key, (arb = build(kind, depth, scope)));
  return arb;
}

function leaves(kind: Kind, s: Scope): fc.Arbitrary<string>[] {
  const r = s.runs.length > 0 ? fc.constantFrom(...s.runs) : undefined;
  const data = r === undefined ? [] : [
    fc.tuple(r, fc.constantFrom(...CONFIG_KEYS)).map(([v, k]) => `${v}.config.${k}`),
    fc.tuple(r, fc.constantFrom(...SUMMARY_KEYS)).map(([v, k]) => `${v}.summary.${k}`),
    fc.tuple(r, fc.constantFrom(...SUMMARY_KEYS)).map(([v, k]) => `${v}.summary["${k}"]`),
  ];
  switch (kind) {
    case "num":
      return [fc.constantFrom(...NUM_LITERALS), ...(s.nums.length > 0 ? [fc.constantFrom(...s.nums)] : []),
        ...(r !== undefined ? [r.map((v) => `${v}.runtime`)] : [])];
    case "bool":
      return [fc.constantFrom("true", "false", "null"), ...(r !== undefined ? [r.map((v) => `(${v}.jobType == "train")`), r.map((v) => `${v}.jobType.isNone`)] : [])];
    case "str":
      return [fc.constantFrom(...STR_LITERALS), ...(r !== undefined ? [r.map((v) => `${v}.name`), r.map((v) => `${v}.jobType`)] : [])];
    case "nums":
      return [fc.array(fc.constantFrom(...NUM_LITERALS), { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`), fc.constantFrom("range(0, 4)", "[]")];
    case "data":
      // outside a lambda over runs, the runs' own data by index (null when there are fewer runs)
      return data.length > 0 ? data : [
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...CONFIG_KEYS)).map(([i, k]) => `runs[${i}].config.${k}`),
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...SUMMARY_KEYS)).map(([i, k]) => `runs[${i}].summary["${k}"]`),
      ];
    case "date":
      return [fc.constantFrom('date("2026-01-01")', 'date("2026-03-01T10:00:00")'), ...(r !== undefined ? [r.map((v) => `${v}.createdAt`)] : [])];
  }
}

function build(kind: Kind, depth: number, s: Scope): fc.Arbitrary<string> {
  const base = leaves(kind, s);
  if (depth <= 0) return fc.oneof(...base);
  const sub = (k: Kind): fc.Arbitrary<string> => program(k, depth - 1, s);
  const x = `x${s.nums.length}`;
  const r = `r${s.runs.length}`;
  const withX = (k: Kind): fc.Arbitrary<string> => program(k, depth - 1, { ...s, nums: [...s.nums, x] });
  const withR = (k: Kind): fc.Arbitrary<string> => program(k, depth - 1, { ...s, runs: [...s.runs, r] });
  const num = sub("num"), bool = sub("bool"), str = sub("str"), nums = sub("nums"), data = sub("data"), date = sub("date");
  const ops: fc.Arbitrary<string>[] = [];
  switch (kind) {
    case "num":
      ops.push(
        fc.tuple(num, fc.constantFrom("+", "-", "*", "/", "%", "**"), num).map(([a, op, b]) => `(${a} ${op} ${b})`),
        num.map((a) => `-${a}`),
        fc.tuple(nums, fc.constantFrom("count", "sum", "avg", "min", "max", "stddev", "first", "last")).map(([l, f]) => `${l}.${f}`),
        fc.tuple(bool, num, num).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
        fc.tuple(num, num).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(nums, withX("num"), num).map(([l, b, i]) => `${l}.reduce((acc, ${x}) => acc + ${b}, ${i})`),
        fc.tuple(data, fc.constantFrom("toNumber", "isNaN")).map(([d, f]) => `${d}.${f}`),
        data.map((d) => `toNumber(${d})`),
        fc.tuple(num, fc.constantFrom("round", "abs", "floor")).map(([a, f]) => `${f}(${a})`),
        fc.tuple(withR("bool")).map(([b]) => `runs.filter(${r} => ${b}).count`),
        str.map((a) => `len(${a})`),
        fc.tuple(date, date).map(([a, b]) => `((${a} - ${b}) / 1h)`),
        fc.tuple(bool, num, num).map(([c, a, b]) => `(${c} ? {a: ${a}} : {a: ${b}, b: 1}).a`),
        fc.tuple(nums, num).map(([l, i]) => `${l}[${i}]`),
      );
      break;
    case "bool":
      ops.push(
        fc.tuple(num, fc.constantFrom("<", "<=", "==", "!=", ">", ">="), num).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(str, fc.constantFrom("==", "!="), fc.constantFrom(...STR_LITERALS, "true")).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(data, fc.constantFrom("==", "!="), fc.constantFrom('"2"', "null", "true", "1")).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(bool, fc.constantFrom("&&", "||", "and", "or"), bool).map(([a, op, b]) => `(${a} ${op} ${b})`),
        bool.map((b) => `!${b}`),
        fc.tuple(data, fc.constantFrom("isNone", "isNone()")).map(([d, f]) => `${d}.${f}`),
        fc.tuple(nums, withX("bool"), fc.constantFrom("some", "every")).map(([l, b, f]) => `${l}.${f}(${x} => ${b})`),
        fc.tuple(nums, num).map(([l, n]) => `${l}.contains(${n})`),
        fc.tuple(data, fc.constantFrom("number", "string", "dict", "null")).map(([d, k]) => `(typeOf(${d}) == "${k}")`),
        fc.tuple(date, fc.constantFrom("<", ">", "=="), date).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(bool, bool).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(data, fc.constantFrom("<", ">="), num).map(([d, op, n]) => `(${d} ${op} ${n})`),
      );
      break;
    case "str":
      ops.push(
        fc.tuple(str, str).map(([a, b]) => `(${a} + ${b})`),
        fc.tuple(str, num).map(([a, b]) => `(${a} + ${b})`),
        data.map((d) => `toString(${d})`),
        data.map((d) => `typeOf(${d})`),
        fc.tuple(str, fc.constantFrom("upper", "lower", "trim")).map(([a, f]) => `${a}.${f}`),
        fc.tuple(bool, str, str).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
        fc.tuple(bool, str, str).map(([c, a, b]) => `(${c} ? {s: ${a}} : {s: ${b}}).s`),
        fc.tuple(str, str).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(sub("nums")).map(([l]) => `${l}.join(",")`),
      );
      break;
    case "nums":
      ops.push(
        fc.tuple(nums, withX("num")).map(([l, b]) => `${l}.map(${x} => ${b})`),
        fc.tuple(nums, withX("bool")).map(([l, b]) => `${l}.filter(${x} => ${b})`),
        fc.tuple(nums, withX("num"), fc.constantFrom('"asc"', '"desc"')).map(([l, b, d]) => `${l}.sort(${x} => ${b}, ${d})`),
        fc.tuple(nums, fc.constantFrom('"asc"', '"desc"')).map(([l, d]) => `${l}.sort(${d})`),
        fc.tuple(nums, fc.constantFrom("dropna", "unique", "limit(2)", "flatten")).map(([l, f]) => `${l}.${f}`),
        fc.tuple(withR("num")).map(([b]) => `runs.map(${r} => ${b})`),
        fc.tuple(withR("bool"), withR("num")).map(([c, b]) => `runs.filter(${r} => ${c}).map(${r} => ${b})`),
        fc.constantFrom(...SUMMARY_KEYS).map((k) => `runs.summary.${k}`),
        fc.tuple(nums, num).map(([l, n]) => `(${l} * ${n})`),
        fc.tuple(nums, nums).map(([a, b]) => `[${a}, null, ${b}].concat`),
        fc.tuple(num, num).map(([a, b]) => `[{a: ${a}}, {b: ${b}}].map(d => d.a)`),
        fc.tuple(num, num).map(([a, b]) => `[{a: ${a}}, {a: ${b}, b: 2}, null].a`),
        fc.tuple(nums, nums, fc.constantFrom('"asc"', '"desc"')).map(([a, b, d]) => `[${a}, ${b}, [1, null]].sort(k => k, ${d}).map(k => k.count)`),
      );
      break;
    case "data":
      ops.push(
        fc.tuple(data, fc.constantFrom("m", "a")).map(([d, k]) => `${d}.${k}`),
        fc.tuple(data, data).map(([a, b]) => `(${a} ?? ${b})`),
        fc.tuple(data, num).map(([d, n]) => `(${d} + ${n})`),
      );
      break;
    case "date":
      ops.push(
        fc.tuple(date, fc.constantFrom("1h", "2d", "90m", "-1w")).map(([a, d]) => `(${a} + ${d})`),
        fc.tuple(date, fc.constantFrom("1h", "30s")).map(([a, d]) => `(${a} - ${d})`),
        fc.tuple(withR("date")).map(([b]) => `runs.map(${r} => ${b}).max`),
      );
      break;
  }
  return fc.oneof({ depthSize: "small" }, ...base, ...ops);
}

/** A program of any kind. */
export const programArb: fc.Arbitrary<string> = fc.constantFrom<Kind>("num", "bool", "str", "nums", "data", "date").chain((k) => program(k, 3));

const dataValue: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom<Value>(0, 1, -0, 2.5, NaN, Infinity, null, "2", "x", "0.5", true),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom<Value>(new Map<string, Value>([["m", 1]]), new Map<string, Value>([["m", "s"], ["a", null]]), Object.freeze([1, null]) as Value),
);

const JOBS = ["train", "eval", null] as const;

/** Up to four runs whose config and summary values differ in kind from run to run (run data). */
export const runsArb: fc.Arbitrary<readonly Run[]> = fc.array(
  fc.record({
    job: fc.constantFrom(...JOBS),
    start: fc.integer({ min: 0, max: 3 }),
    length: fc.integer({ min: 0, max: 7200 }),
    config: fc.dictionary(fc.constantFrom(...CONFIG_KEYS), dataValue),
    summary: fc.dictionary(fc.constantFrom(...SUMMARY_KEYS), dataValue),
  }),
  { maxLength: 4 },
).map((rs) => rs.map((r, i) => {
  const created = Date.UTC(2026, 0, 1 + r.start);
  return new Run(`r${i}`, null, r.job, "finished", new DateValue(created), new DateValue(created + r.length * 1000),
    new User("u", null, null), new Map(Object.entries(r.config)), new Map(Object.entries(r.summary)), [], [], [], [], null, null);
}));
