import { describe, expect, test } from "vitest";
import { parse } from "./parse.js";
import { toSExpr } from "./syntax-sexpr.js";

function sx(source: string): string {
  const result = parse(source);
  if (!result.ok) throw new Error(`${source}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return toSExpr(result.value);
}

describe("literals", () => {
  test.for<[string, string]>([
    ["42", "42"],
    ["3.14", "3.14"],
    ["1e-3", "0.001"],
    ["1e999", "Infinity"],
    ["0", "0"],
    ['"a\\nb"', '"a\\nb"'],
    ["'it\\'s'", '"it\'s"'],
    ['"\\u00e9\\/\\b\\f\\r\\t\\\\\\""', '"é/\\b\\f\\r\\t\\\\\\""'],
    ["true", "true"],
    ["false", "false"],
    ["null", "null"],
    ["500ms", "500ms"],
    ["1.5h", "1.5h"],
    ["1w", "1w"],
    ["[]", "(list)"],
    ["[1, 2, 3,]", "(list 1 2 3)"],
    ["{}", "(dict)"],
    ['{lr: 0.1, "val/loss": 2,}', '(dict "lr" 0.1 "val/loss" 2)'],
    ["{null: 1, true: 2, not: 3}", '(dict "null" 1 "true" 2 "not" 3)'],
    ["{'a.b': {c: [1]}}", '(dict "a.b" (dict "c" (list 1)))'],
  ])("%s", ([source, expected]) => {
    expect(sx(source)).toBe(expected);
  });
});

describe("names, members, calls", () => {
  test.for<[string, string]>([
    ["runs", "runs"],
    ["trueish", "trueish"],
    ["order.notes", "(. order notes)"],
    ["r.config.lr", "(. (. r config) lr)"],
    ["d.null", "(. d null)"],
    ["a.and(b)", "(call (. a and) b)"],
    ["f()", "(call f)"],
    ["f(a, b,)", "(call f a b)"],
    ["runs.map(runRuntime)", "(call (. runs map) runRuntime)"],
    ['runs.summary["val/loss"].avg', '(. ([] (. runs summary) "val/loss") avg)'],
    ["x[0][1]", "([] ([] x 0) 1)"],
    ["f(a)(b)", "(call (call f a) b)"],
    ["a.b(c)[d].e", "(. ([] (call (. a b) c) d) e)"],
    ["1.foo", "(. 1 foo)"],
    ["(1).foo", "(. 1 foo)"],
    ["5m.seconds", "(. 5m seconds)"],
    ["'s'.len", '(. "s" len)'],
    ["[1][0]", "([] (list 1) 0)"],
  ])("%s", ([source, expected]) => {
    expect(sx(source)).toBe(expected);
  });
});

describe("lambdas", () => {
  test.for<[string, string]>([
    ["r => r", "(=> (r) r)"],
    ["(r) => r", "(=> (r) r)"],
    ["(acc, r) => acc + r", "(=> (acc r) (+ acc r))"],
    ["(a, b,) => a", "(=> (a b) a)"],
    ["() => 1", "(=> () 1)"],
    ["runs => runs", "(=> (runs) runs)"],
    ["a => b => a + b", "(=> (a) (=> (b) (+ a b)))"],
    ["r => r ? 1 : 2", "(=> (r) (? r 1 2))"],
    ["c ? r => 1 : r => 2", "(? c (=> (r) 1) (=> (r) 2))"],
    ["f(r => r.x, 1)", "(call f (=> (r) (. r x)) 1)"],
    ["[r => r, s => s]", "(list (=> (r) r) (=> (s) s))"],
    ["{f: r => r}", '(dict "f" (=> (r) r))'],
    ["(r => r)(1)", "(call (=> (r) r) 1)"],
    ["(r => r).name", "(. (=> (r) r) name)"],
    ["1 + (r => r)", "(+ 1 (=> (r) r))"],
    ["(a) + b", "(+ a b)"],
    ["(a, b)", "ERR"],
  ])("%s", ([source, expected]) => {
    if (expected === "ERR") expect(parse(source).ok).toBe(false);
    else expect(sx(source)).toBe(expected);
  });
});

// Binary levels from loosest to tightest (docs/language.md).
const levels: readonly (readonly string[])[] = [["??"], ["||", "or"], ["&&", "and"], ["==", "!=", "===", "!=="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];
const canonical: Readonly<Record<string, string>> = { or: "||", and: "&&", "===": "==", "!==": "!=" };
const canon = (op: string): string => canonical[op] ?? op;

const pairs = levels.flatMap((loose, i) =>
  levels.slice(i + 1).flatMap((tight) =>
    loose.flatMap((lo) =>
      tight.map((hi) => ({
        source: `a ${lo} b ${hi} c`,
        expected: `(${canon(lo)} a (${canon(hi)} b c))`,
        flipped: `a ${hi} b ${lo} c`,
        flippedExpected: `(${canon(lo)} (${canon(hi)} a b) c)`,
      })),
    ),
  ),
);

describe("precedence of every pair of binary levels", () => {
  test.for(pairs)("$source", ({ source, expected, flipped, flippedExpected }) => {
    expect(sx(source)).toBe(expected);
    expect(sx(flipped)).toBe(flippedExpected);
  });
});

describe("left associativity within a level", () => {
  test.for(levels.flatMap((level) => level.flatMap((x) => level.map((y) => [x, y] as const))))("a %s b %s c", ([x, y]) => {
    expect(sx(`a ${x} b ${y} c`)).toBe(`(${canon(y)} (${canon(x)} a b) c)`);
  });
});

describe("conditional, unary, power and postfix", () => {
  test.for<[string, string]>([
    ["a ? b : c", "(? a b c)"],
    ["a ? b : c ? d : e", "(? a b (? c d e))"],
    ["a ? b ? c : d : e", "(? a (? b c d) e)"],
    ["(a ? b : c) ? d : e", "(? (? a b c) d e)"],
    ["a ?? b ? c : d", "(? (?? a b) c d)"],
    ["a || b ? c ?? d : e", "(? (|| a b) (?? c d) e)"],
    ["-a", "(- a)"],
    ["!a", "(! a)"],
    ["not a", "(! a)"],
    ["- -a", "(- (- a))"],
    ["!!a", "(! (! a))"],
    ["not not a", "(! (! a))"],
    ["-!a", "(- (! a))"],
    ["-a * b", "(* (- a) b)"],
    ["-a + b", "(+ (- a) b)"],
    ["!a == b", "(== (! a) b)"],
    ["not a and b", "(&& (! a) b)"],
    ["a - -b", "(- a (- b))"],
    ["a * -b", "(* a (- b))"],
    ["2 ** 3", "(** 2 3)"],
    ["2 ** 3 ** 2", "(** 2 (** 3 2))"],
    ["-2 ** 2", "(- (** 2 2))"],
    ["(-2) ** 2", "(** (- 2) 2)"],
    ["2 ** -1", "(** 2 (- 1))"],
    ["2 ** -1 ** 2", "(** 2 (- (** 1 2)))"],
    ["2 ** not x", "(** 2 (! x))"],
    ["a * b ** c", "(* a (** b c))"],
    ["a ** b * c", "(* (** a b) c)"],
    ["(a ** b) ** c", "(** (** a b) c)"],
    ["a.b ** c.d", "(** (. a b) (. c d))"],
    ["-a.b", "(- (. a b))"],
    ["-f(x)[0]", "(- ([] (call f x) 0))"],
    ["!r.x.y()", "(! (call (. (. r x) y)))"],
    ["a + b * c - d / e % f", "(- (+ a (* b c)) (% (/ d e) f))"],
    ["a < b < c", "(< (< a b) c)"],
    ["a == b == c", "(== (== a b) c)"],
    ["a ?? b ?? c", "(?? (?? a b) c)"],
    ["a ?? (b ?? c)", "(?? a (?? b c))"],
    ["a - (b - c)", "(- a (- b c))"],
    ["a || b && c || d", "(|| (|| a (&& b c)) d)"],
  ])("%s", ([source, expected]) => {
    expect(sx(source)).toBe(expected);
  });
});

describe("whitespace is insignificant", () => {
  test.for<[string, string]>([
    ["runs\n  .filter(r =>\n    r.x)\n  .count", "(. (call (. runs filter) (=> (r) (. r x))) count)"],
    ["\t1\r\n+\n2 ", "(+ 1 2)"],
    ["a.\nb", "(. a b)"],
  ])("%j", ([source, expected]) => {
    expect(sx(source)).toBe(expected);
  });
});
