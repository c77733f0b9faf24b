import { describe, expect, test } from "vitest";
import type { Expr } from "./ast.js";
import { parse } from "./parse.js";
import { format, formatKey, formatNumber, print } from "./print.js";
import { toSExpr } from "./syntax-sexpr.js";

function fmt(source: string, width?: number): string {
  const result = format(source, width !== undefined ? { width } : {});
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.value;
}

function ast(source: string): Expr {
  const result = parse(source);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.value;
}

describe("canonical one-line forms", () => {
  test.for<[string, string]>([
    ["a===b", "a == b"],
    ["a !== b", "a != b"],
    ["a and b or not c", "a && b || !c"],
    ["(a)", "a"],
    ["((a + b))", "a + b"],
    ["a - (b - c)", "a - (b - c)"],
    ["(a - b) - c", "a - b - c"],
    ["a + (b * c)", "a + b * c"],
    ["(a + b) * c", "(a + b) * c"],
    ["(a ?? b) ?? c", "a ?? b ?? c"],
    ["a ?? (b ?? c)", "a ?? (b ?? c)"],
    ["(a || b) ?? c", "a || b ?? c"],
    ["a || (b ?? c)", "a || (b ?? c)"],
    ["-(2 ** 2)", "-2 ** 2"],
    ["(-2) ** 2", "(-2) ** 2"],
    ["2 ** (3 ** 2)", "2 ** 3 ** 2"],
    ["(2 ** 3) ** 2", "(2 ** 3) ** 2"],
    ["2 ** (-1)", "2 ** -1"],
    ["-(-x)", "- -x"],
    ["!(!x)", "!!x"],
    ["-(!x)", "-!x"],
    ["(-x).y", "(-x).y"],
    ["-(x.y)", "-x.y"],
    ["(a + b).c", "(a + b).c"],
    ["(1).foo", "1.foo"],
    ["1 .foo", "1.foo"],
    ["(1.5).foo", "1.5.foo"],
    ["(5m).seconds", "5m.seconds"],
    ["a ? b : (c ? d : e)", "a ? b : c ? d : e"],
    ["(a ? b : c) ? d : e", "(a ? b : c) ? d : e"],
    ["a ? (b ? c : d) : e", "a ? b ? c : d : e"],
    ["(a ? b : c) + 1", "(a ? b : c) + 1"],
    ["x + (c ? 1 : 2)", "x + (c ? 1 : 2)"],
    ["(a ?? b) ? c : d", "a ?? b ? c : d"],
    ["(r) => (r + 1)", "r => r + 1"],
    ["(a, b,) => a", "(a, b) => a"],
    ["() => 1", "() => 1"],
    ["a => (b => a)", "a => b => a"],
    ["(r => r)(1)", "(r => r)(1)"],
    ["(r => r).x", "(r => r).x"],
    ["1 + (r => r)", "1 + (r => r)"],
    ["(r => r) + 1", "(r => r) + 1"],
    ["c ? (r => 1) : (r => 2)", "c ? r => 1 : r => 2"],
    ["(c ? r => 1 : r => 2)(x)", "(c ? r => 1 : r => 2)(x)"],
    ["f(a,b,)", "f(a, b)"],
    ["[1,2,]", "[1, 2]"],
    ["{ 'lr' : 0.1, \"val/loss\": 2, }", '{lr: 0.1, "val/loss": 2}'],
    ["{null: 1, 'true': 2, not_: 3, '1a': 4, '': 5}", '{"null": 1, "true": 2, not_: 3, "1a": 4, "": 5}'],
    ["[]", "[]"],
    ["{}", "{}"],
    ["f()", "f()"],
    ["x . y [ 0 ] ( 1 )", "x.y[0](1)"],
    ["d.null", "d.null"],
    ["'single'", '"single"'],
    ["'it\\'s \"q\"'", '"it\'s \\"q\\""'],
    ["'\\u00e9\\/\\t'", '"é/\\t"'],
    ["'\\u0000\\u001f\\u007f'", '"\\u0000\\u001F\u007f"'],
    ["'\\ud83c\\udf89 \\ud800'", '"🎉 \\uD800"'],
    ["1.50", "1.5"],
    ["1e-7", "1e-7"],
    ["0.0000001", "1e-7"],
    ["1e21", "1e+21"],
    ["100000000000000000000", "100000000000000000000"],
    ["1e999", "1e999"],
    ["1e-999", "0"],
    ["1.5e3ms", "1500ms"],
    ["0.5h", "0.5h"],
    ["true && false || null", "true && false || null"],
  ])("%s", ([source, expected]) => {
    expect(fmt(source)).toBe(expected);
    expect(fmt(expected)).toBe(expected);
  });
});

describe("numbers print back to the identical double", () => {
  test.for([0, 1, 0.1, 1 / 3, 1e-7, 1e21, 123456789012345680000, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, Infinity])("%s", (value) => {
    const result = parse(formatNumber(value));
    expect(result.ok && result.value.kind === "Number" && result.value.value).toBe(value);
  });
});

test("keys", () => {
  expect(["lr", "_x1", "null", "and", "a-b", "", "1x", "é"].map(formatKey)).toEqual(["lr", "_x1", '"null"', '"and"', '"a-b"', '""', '"1x"', '"é"']);
});

describe("nodes the parser never builds still print as something that means the same", () => {
  const span = { start: 0, end: 0 };
  test.for<[Expr, string]>([
    [{ kind: "Member", span, object: { kind: "Number", span, value: -1 }, name: "abs", nameSpan: span }, "(-1).abs"],
    [{ kind: "Unary", span, op: "-", operand: { kind: "Number", span, value: -1 } }, "- -1"],
    [{ kind: "Number", span, value: Number.NaN }, "0 / 0"],
    [{ kind: "Binary", span, op: "*", left: { kind: "Number", span, value: Number.NaN }, right: { kind: "Number", span, value: 2 } }, "0 / 0 * 2"],
    [{ kind: "Unary", span, op: "!", operand: { kind: "Number", span, value: Number.NaN } }, "!(0 / 0)"],
  ])("%s", ([node, expected]) => {
    expect(print(node)).toBe(expected);
  });
});

describe("layout past the width", () => {
  const filter = 'runs.filter(r => r.jobType == "train" && r.config.learning_rate > 0.01).map(runRuntime)';

  test("fits on one line when it can", () => {
    expect(fmt(filter, 100)).toBe(filter);
  });

  test("a method chain breaks before each call", () => {
    expect(fmt(filter)).toBe(['runs', '  .filter(r => r.jobType == "train" && r.config.learning_rate > 0.01)', "  .map(runRuntime)"].join("\n"));
  });

  test("arguments, lists and operator chains break inside, with trailing commas", () => {
    expect(fmt(filter, 40)).toBe(
      [
        "runs",
        "  .filter(",
        '    r => r.jobType == "train" &&',
        "      r.config.learning_rate > 0.01,",
        "  )",
        "  .map(runRuntime)",
      ].join("\n"),
    );
  });

  test("a sole dict argument or lambda returning a dict hugs the call", () => {
    const source = 'runs.groupBy(r => r.config.optimizer).map(g => {optimizer: g.key, best: g.summary["val/acc"].max, runs: g.count})';
    expect(fmt(source)).toBe(
      [
        "runs",
        "  .groupBy(r => r.config.optimizer)",
        '  .map(g => {optimizer: g.key, best: g.summary["val/acc"].max, runs: g.count})',
      ].join("\n"),
    );
    expect(fmt(source, 60)).toBe(
      [
        "runs",
        "  .groupBy(r => r.config.optimizer)",
        "  .map(g => {",
        "    optimizer: g.key,",
        '    best: g.summary["val/acc"].max,',
        "    runs: g.count,",
        "  })",
      ].join("\n"),
    );
  });

  test("a conditional breaks before `?` and `:`", () => {
    expect(fmt('r.summary["val/loss"] < 0.5 ? "good" : r.summary["val/loss"] < 1 ? "fair" : "poor"', 40)).toBe(
      ['r.summary["val/loss"] < 0.5', '  ? "good"', '  : r.summary["val/loss"] < 1', '    ? "fair"', '    : "poor"'].join("\n"),
    );
  });

  test("a long list", () => {
    expect(fmt(`[${Array.from({ length: 30 }, (_, i) => i * 1000).join(", ")}]`, 30).split("\n").slice(0, 3)).toEqual(["[", "  0,", "  1000,"]);
  });

  test("layout changes only whitespace", () => {
    for (const width of [1, 20, 40, 80, 200]) {
      expect(toSExpr(ast(fmt(filter, width)))).toBe(toSExpr(ast(filter)));
    }
  });
});

test("format returns the parse diagnostics for bad input", () => {
  const result = format("1 +");
  expect(result.ok).toBe(false);
  expect(result.diagnostics.map((d) => d.code)).toEqual(["unexpected_end"]);
});

test("format passes limits to parse", () => {
  expect(format("[[1]]", { maxDepth: 1 }).diagnostics.map((d) => d.code)).toEqual(["nesting_too_deep"]);
});

describe("the `in` operator", () => {
  test.for([
    ['x in [1, 2]', "(in x (list 1 2))"],
    ['a + 1 in xs == true', "(== (in (+ a 1) xs) true)"],
    ['a in xs && b', "(&& (in a xs) b)"],
    ['a < b in c', "(in (< a b) c)"],
  ] as const)("%s groups as %s", ([source, sexpr]) => {
    expect(toSExpr(ast(source))).toBe(sexpr);
  });

  test("prints canonically and re-parses to the same tree", () => {
    expect(fmt('runs.filter((r)=>r.state in ["a","b"])')).toBe('runs.filter(r => r.state in ["a", "b"])');
    expect(fmt("(a in b) in c")).toBe("a in b in c");
    expect(fmt("a in (b in c)")).toBe("a in (b in c)");
  });

  test("`in` is a keyword: never a name, but a member or dict key", () => {
    expect(parse("in").ok).toBe(false);
    expect(fmt("d.in")).toBe("d.in");
    expect(fmt('{in: 1}')).toBe('{"in": 1}');
  });
});
