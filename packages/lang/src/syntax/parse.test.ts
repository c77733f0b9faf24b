import { describe, expect, test } from "vitest";
import { renderDiagnostic, type DiagnosticCode } from "./diagnostics.js";
import { defaultParseOptions, parse, type ParseOptions } from "./parse.js";

/** `code start-end` of every diagnostic, in order. */
function codes(source: string, options?: ParseOptions): string[] {
  const result = parse(source, options);
  return result.ok ? [] : result.diagnostics.map((d) => `${d.code} ${d.span.start}-${d.span.end}`);
}

describe("every syntax diagnostic code, with its span", () => {
  test.for<[string, string[]]>([
    ["1 +", ["unexpected_end 3-3"]],
    ["", ["unexpected_end 0-0"]],
    ["  \n ", ["unexpected_end 0-0"]],
    ["a ? b", ["unexpected_end 5-5"]],
    ["a.", ["unexpected_end 2-2"]],
    ["r =>", ["unexpected_end 4-4"]],
    ["not", ["unexpected_end 3-3"]],
    ["a b", ["unexpected_token 2-3"]],
    ["a)", ["unexpected_token 1-2"]],
    ["f(a b)", ["unexpected_token 4-5"]],
    ["(a b", ["unexpected_token 3-4"]],
    ["{a 1}", ["unexpected_token 3-4"]],
    ["{1: 2}", ["unexpected_token 1-2"]],
    ["f(,)", ["unexpected_token 2-3"]],
    ["a.5", ["unexpected_token 2-3"]],
    ["* 2", ["unexpected_token 0-1"]],
    ["=> x", ["unexpected_token 0-2"]],
    ["a,b", ["unexpected_token 1-2"]],
    ["(a", ["unclosed_paren 2-2"]],
    ["f(a,", ["unclosed_paren 4-4"]],
    ["runs.map(f", ["unclosed_paren 10-10"]],
    ["[1, 2", ["unclosed_bracket 5-5"]],
    ["[1, 2)", ["unclosed_bracket 5-6"]],
    ["x[1", ["unclosed_bracket 3-3"]],
    ["{a: 1", ["unclosed_brace 5-5"]],
    ["{a: [1, }", ["unclosed_bracket 8-9"]],
    ["a = b", ["unexpected_character 2-3"]],
    ["a & b", ["unexpected_character 2-3"]],
    ["#", ["unexpected_character 0-1"]],
    ["a + é", ["unexpected_character 4-5"]],
    ["@@x", ["unexpected_character 0-2"]],
    ["5min", ["invalid_number 0-4"]],
    ["1e + 2", ["invalid_number 0-2"]],
    ["[3x, 4]", ["invalid_number 1-3"]],
    ["'\\x'", ["invalid_escape 1-3"]],
    ["'\\u12'", ["invalid_escape 1-5"]],
    ['"\\uZZZZ"', ["invalid_escape 1-3"]],
    ['"abc', ["unterminated_string 0-4"]],
    ["f('ab)", ["unterminated_string 2-6"]],
    ['"a\\', ["unterminated_string 0-3", "invalid_escape 2-3"]],
    ["'line\nnext'", ["unterminated_string 0-5", "unterminated_string 10-11"]],
  ])("%j", ([source, expected]) => {
    expect(codes(source)).toEqual(expected);
  });
});

describe("every error is reported, not only the first", () => {
  test.for<[string, string[]]>([
    ['"ok" + "bad\\q" + \'open', ["invalid_escape 11-13", "unterminated_string 17-22"]],
    ["[1 # 2, 5min]", ["unexpected_character 3-4", "invalid_number 8-12"]],
    ["f(1 2) + g(3 4)", ["unexpected_token 4-5", "unexpected_token 13-14"]],
    ["(1 + ) * (2 + )", ["unexpected_token 5-6", "unexpected_token 14-15"]],
    ["x.filter(r => r.a ==).map(r => r.b +)", ["unexpected_token 20-21", "unexpected_token 36-37"]],
  ])("%j", ([source, expected]) => {
    expect(codes(source)).toEqual(expected);
  });
});

test("a stray character is reported once, not again as an unexpected token", () => {
  expect(codes("runs.filter(r => r.x = 1)")).toEqual(["unexpected_character 21-22"]);
});

describe("messages", () => {
  test.for<[string, DiagnosticCode, string]>([
    ["runs.filter(r => r.x > 1", "unclosed_paren", "expected `)` to close the call opened at 1:12"],
    ["(1 + 2", "unclosed_paren", "expected `)` to close the `(` opened at 1:1"],
    ["[1, 2)", "unclosed_bracket", "expected `]` to close the list opened at 1:1, found `)`"],
    ["x[1", "unclosed_bracket", "expected `]` to close the index opened at 1:2"],
    ["{a: 1", "unclosed_brace", "expected `}` to close the dict opened at 1:1"],
    ["f(a b)", "unexpected_token", "expected `,` or `)` in the call opened at 1:2, found `b`"],
    ["1 +", "unexpected_end", "expected an expression after `+`, found the end of input"],
    ["a ? b", "unexpected_end", "expected `:` and the alternative of the `?` at 1:3, found the end of input"],
    ["a b", "unexpected_token", "unexpected `b` after a complete expression"],
    ["a = b", "unexpected_character", "unexpected character `=`"],
    ["5min", "invalid_number", "invalid number `5min`: `min` is not a duration unit"],
    ["3x", "invalid_number", "invalid number `3x`: `x` is not a duration unit"],
    ["1e", "invalid_number", "invalid number `1e`: an exponent needs digits"],
  ])("%s", ([source, code, message]) => {
    const result = parse(source);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code, message, severity: "error" });
  });

  test("hints", () => {
    const hintOf = (source: string): string | undefined => parse(source).diagnostics[0]?.hint;
    expect(hintOf("a = b")).toBe("compare with `==`; qel has no assignment");
    expect(hintOf("(a, 1) => a")).toContain("(a, b) => …");
    expect(hintOf("x.5")).toContain("`0.5`");
    expect(hintOf("5min")).toBe("write `5m`; the units are ms, s, m, h, d, w");
    expect(hintOf("2.5hours")).toBe("write `2.5h`; the units are ms, s, m, h, d, w");
    expect(hintOf("3x")).toContain("ms, s, m, h, d, w");
  });
});

describe("limits", () => {
  const nest = (n: number): string => `${"(".repeat(n)}x${")".repeat(n)}`;

  test("defaults are frozen", () => {
    expect(defaultParseOptions).toEqual({ maxSourceLength: 65536, maxDepth: 256 });
    expect(Object.isFrozen(defaultParseOptions)).toBe(true);
  });

  test.for([
    ["parentheses", nest],
    ["lists", (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`],
    ["calls", (n: number) => `${"f(".repeat(n)}1${")".repeat(n)}`],
    ["dicts", (n: number) => `${"{a: ".repeat(n)}1${"}".repeat(n)}`],
    ["lambdas", (n: number) => `${"a => ".repeat(n)}1`],
    ["conditionals", (n: number) => `${"a ? b : ".repeat(n)}1`],
    ["prefix operators", (n: number) => `${"-".repeat(n)}1`],
    ["powers", (n: number) => `${"2 ** ".repeat(n)}1`],
    ["operator chains", (n: number) => `1${" + 1".repeat(n)}`],
    ["member chains", (n: number) => `x${".y".repeat(n)}`],
  ] as const)("maxDepth: %s pass at N and fail at N + 1", ([, make]) => {
    expect(parse(make(256)).ok).toBe(true);
    expect(codes(make(257))[0]).toMatch(/^nesting_too_deep /);
    expect(parse(make(10), { maxDepth: 10 }).ok).toBe(true);
    expect(codes(make(11), { maxDepth: 10 })[0]).toMatch(/^nesting_too_deep /);
  });

  test("the nesting diagnostic names the limit and points at the first token too deep", () => {
    const result = parse(nest(300));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: "nesting_too_deep", span: { start: 256, end: 257 }, message: "the expression nests deeper than the limit of 256 levels" }),
    ]);
  });

  test("30 000 nested parentheses are a diagnostic, not a stack overflow", () => {
    expect(codes(nest(30_000))).toEqual(["nesting_too_deep 256-257"]);
  });

  test("100 000 nested parentheses with a raised source limit", () => {
    expect(codes(nest(100_000), { maxSourceLength: 1_000_000 })).toEqual(["nesting_too_deep 256-257"]);
  });

  test("nesting beyond what the stack holds is still a diagnostic", () => {
    const result = parse(nest(50_000), { maxSourceLength: 1_000_000, maxDepth: 1_000_000 });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["nesting_too_deep"]);
  });

  test("maxSourceLength at N passes and at N + 1 fails", () => {
    const source = "1".repeat(65536);
    expect(parse(source).ok).toBe(true);
    expect(codes(`${source}1`)).toEqual(["source_too_long 65536-65537"]);
    expect(parse("1 + 2", { maxSourceLength: 5 }).ok).toBe(true);
    const result = parse("1 + 23", { maxSourceLength: 5 });
    expect(result.diagnostics[0]).toMatchObject({ code: "source_too_long", message: "the expression is 6 characters long, over the limit of 5" });
  });

  test.for([
    [{ maxDepth: -1 }, "invalid_option"],
    [{ maxDepth: 1.5 }, "invalid_option"],
    [{ maxSourceLength: Number.NaN }, "invalid_option"],
    [{ maxSourceLength: "10" as unknown as number }, "invalid_option"],
  ] as const)("rejects %j", ([options, code]) => {
    expect(parse("1", options).diagnostics.map((d) => d.code)).toEqual([code]);
  });

  test("accepts Infinity and zero as limits", () => {
    expect(parse("[[1]]", { maxDepth: Infinity, maxSourceLength: Infinity }).ok).toBe(true);
    expect(parse("1", { maxDepth: 0 }).ok).toBe(true);
    expect(codes("-1", { maxDepth: 0 })).toEqual(["nesting_too_deep 0-1"]);
  });
});

describe("never throws", () => {
  test.for([null, undefined, 42, {}, "\u0000", "\ud800", "'\ud800'", ")]}", "(((", "a ? : b", "=>=>=>", "{:}", ".", "?.", "**", "x[]"])("%j", (input) => {
    const result = parse(input as string);
    expect(typeof result.ok).toBe("boolean");
    if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
  });
});

test("a diagnostic renders with its line, column and underline", () => {
  const source = "runs.filter(r => r.x > 1";
  const result = parse(source);
  const first = result.diagnostics[0];
  if (first === undefined) throw new Error("expected a diagnostic");
  expect(renderDiagnostic(source, first)).toBe(
    [
      "1:25: error[unclosed_paren]: expected `)` to close the call opened at 1:12",
      "1 | runs.filter(r => r.x > 1",
      "                            ^",
      "note (1:12): the call opened here",
      "1 | runs.filter(r => r.x > 1",
      "               ^",
    ].join("\n"),
  );
});
