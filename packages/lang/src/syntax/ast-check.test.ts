import { describe, expect, test } from "vitest";
import { analyze, check, compile, evaluate, parse, print, QelError, transform, visit, type Expr } from "../index.js";
import { astProblem, MAX_AST_DEPTH } from "./ast-check.js";

const sp = { start: 0, end: 1 };
const parsed = (source: string): Expr => {
  const r = parse(source);
  if (!r.ok) throw new Error(`does not parse: ${source}`);
  return r.value;
};
const num = (value: unknown): unknown => ({ kind: "Number", span: sp, value });
const plus = (left: unknown, right: unknown): unknown => ({ kind: "Binary", span: sp, op: "+", left, right });

/** The code, message and span of what `f` throws. */
function thrown(f: () => unknown): { code: string; message: string; span: unknown } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof QelError)) throw e;
    return { code: e.diagnostic.code, message: e.diagnostic.message, span: e.diagnostic.span };
  }
  throw new Error("did not throw");
}

describe("a given AST is checked at the entry", () => {
  test.for<[string, unknown, string]>([
    ["unknown kind", { kind: "Nope" }, "`.kind` must be a node kind"],
    ["a Number whose value is a string", plus(num("5"), num(1)), '`.left.value` must be a number, got "5"'],
    ["a Boolean whose value is a string", { kind: "Boolean", span: sp, value: "no" }, '`.value` must be a boolean, got "no"'],
    ["a String whose value is a number", { kind: "String", span: sp, value: 1 }, "`.value` must be a string"],
    ["a span whose end is before its start", { kind: "Null", span: { start: 3, end: 1 } }, "`.span.end` must be an offset ≥ start"],
    ["a fractional span", { kind: "Null", span: { start: 0.5, end: 1 } }, "`.span.start` must be an offset"],
    ["no span", { kind: "Null" }, "`.span` must be a span"],
    ["an unknown operator", { ...(plus(num(1), num(2)) as object), op: "^" }, "`.op` must be one of"],
    ["args not an array", { kind: "Call", span: sp, callee: { kind: "Name", span: sp, name: "f" }, args: {} }, "`.args` must be an array"],
    ["a bad list item", { kind: "List", span: sp, items: [num(1), 5] }, "`.items[1]` must be a node"],
    ["a bad dict entry value", { kind: "Dict", span: sp, entries: [{ key: "a", keySpan: sp, value: num(true) }] }, "`.entries[0].value.value` must be a number"],
    ["a bad lambda parameter", { kind: "Lambda", span: sp, params: [{ name: 1, span: sp }], body: num(1) }, "`.params[0].name` must be a string"],
    ["a bad duration unit", { kind: "Duration", span: sp, amount: 1, unit: "y" }, "`.unit` must be one of"],
    ["an array", [], "`.kind` must be a node kind"],
  ])("%s", ([, ast, message]) => {
    const problem = astProblem(ast);
    expect(problem).toMatchObject({ code: "invalid_argument", span: { start: 0, end: 0 } });
    expect(problem?.message).toContain(message);
    // every entry taking an AST says the same
    expect(check(ast as Expr)).toMatchObject({ ok: false, diagnostics: [{ code: "invalid_argument", span: { start: 0, end: 0 } }] });
    expect(analyze(ast as Expr).ast).toMatchObject({ kind: "Name", name: "" });
    for (const f of [() => compile(ast as Expr), () => evaluate(ast as Expr), () => print(ast as Expr), () => visit(ast as Expr, {})]) {
      expect(thrown(f)).toMatchObject({ code: "invalid_argument", span: { start: 0, end: 0 } });
      expect(thrown(f).message).toContain(message);
    }
  });

  test("the reproduced cases no longer invent answers", () => {
    expect(thrown(() => evaluate(plus(num("5"), num(1)) as Expr)).message).toContain("`.left.value`");
    expect(thrown(() => evaluate({ kind: "Boolean", span: sp, value: "no" } as unknown as Expr)).code).toBe("invalid_argument");
  });

  test("a cycle, too deep a tree and a throwing Proxy are refused", () => {
    const cyclic = plus(num(1), num(2)) as { right: unknown };
    cyclic.right = cyclic;
    expect(astProblem(cyclic)?.message).toContain("`.right` contains itself");
    let deep: unknown = num(1);
    for (let i = 0; i <= MAX_AST_DEPTH; i++) deep = { kind: "Unary", span: sp, op: "-", operand: deep };
    expect(astProblem(deep)?.message).toContain(`deeper than ${MAX_AST_DEPTH}`);
    const proxy = new Proxy({}, { get: () => { throw new Error("boom"); } });
    expect(astProblem(plus(num(1), proxy))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("`.right` could not be read (boom)") });
  });

  test("valid trees work as before, shared subtrees included", () => {
    const ast = parsed("runs.map(r => {n: r.name, d: 1.5h, t: [true, null, 'x']}).filter(x => -x.d < 0s ? true : x.n == 'a')");
    expect(astProblem(ast)).toBeUndefined();
    expect(check(ast).ok).toBe(true);
    expect(print(ast)).toBe(print(parsed(print(ast))));
    const one = num(2);
    expect(evaluate(plus(one, one) as Expr)).toBe(4);
    expect(evaluate({ kind: "Boolean", span: sp, value: false } as Expr)).toBe(false);
  });
});

describe("visit and transform", () => {
  test("refuse what is not a tree or a visitor, and a replacement that is not a node", () => {
    const ast = parsed("f(a, b)");
    expect(thrown(() => visit(null as unknown as Expr, {})).code).toBe("invalid_argument");
    expect(thrown(() => transform(null as unknown as Expr, (n) => n)).code).toBe("invalid_argument");
    expect(thrown(() => visit(ast, null as never)).message).toContain("the visitor must be an object");
    expect(thrown(() => visit(ast, { enter: 5 } as never)).message).toContain("`enter` must be a function");
    expect(thrown(() => transform(ast, null as never)).message).toContain("must be a function");
    expect(thrown(() => transform(ast, (n) => (n.kind === "Name" ? ({ kind: "Number", span: sp, value: "1" } as never) : n))).message).toContain("`.value` must be a number");
  });

  test("work as before", () => {
    const ast = parsed("f(a, b)");
    expect(print(transform(ast, (n) => (n.kind === "Name" && n.name === "b" ? { ...n, name: "c" } : n)))).toBe("f(a, c)");
    const seen: string[] = [];
    visit(ast, { enter: (n) => void seen.push(n.kind) });
    expect(seen).toEqual(["Call", "Name", "Name", "Name"]);
  });
});
