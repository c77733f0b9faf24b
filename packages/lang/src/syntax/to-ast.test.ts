import { describe, expect, test } from "vitest";
import type { Expr } from "./ast.js";
import { children } from "./visit.js";
import { parse } from "./parse.js";

function ast(source: string): Expr {
  const result = parse(source);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.value;
}

/** Every node's kind and source text, in pre-order: spans are UTF-16 offsets, end exclusive. */
function texts(source: string): string[] {
  const out: string[] = [];
  const walk = (node: Expr): void => {
    out.push(`${node.kind} ${source.slice(node.span.start, node.span.end)}`);
    children(node).forEach(walk);
  };
  walk(ast(source));
  return out;
}

describe("node spans cover their source text", () => {
  test.for([
    ["a + b * c", ["Binary a + b * c", "Name a", "Binary b * c", "Name b", "Name c"]],
    ["(a + b) * c", ["Binary (a + b) * c", "Binary (a + b)", "Name a", "Name b", "Name c"]],
    ["-x ** 2", ["Unary -x ** 2", "Binary x ** 2", "Name x", "Number 2"]],
    ["not  x", ["Unary not  x", "Name x"]],
    ["r => r.x", ["Lambda r => r.x", "Member r.x", "Name r"]],
    ["(a, b) => a", ["Lambda (a, b) => a", "Name a"]],
    ["c ? 1 : 2", ["Conditional c ? 1 : 2", "Name c", "Number 1", "Number 2"]],
    ["f(x, 'y')", ["Call f(x, 'y')", "Name f", "Name x", "String 'y'"]],
    ["x[0]", ["Index x[0]", "Name x", "Number 0"]],
    ["[1, 2]", ["List [1, 2]", "Number 1", "Number 2"]],
    ["{a: 1}", ["Dict {a: 1}", "Number 1"]],
    ["1.5h", ["Duration 1.5h"]],
    ["true", ["Boolean true"]],
    ["null", ["Null null"]],
    ["'é🎉' + x", ["Binary 'é🎉' + x", "String 'é🎉'", "Name x"]],
  ])("%s", ([source, expected]) => {
    expect(texts(source as string)).toEqual(expected);
  });
});

test("member, parameter and key spans", () => {
  const source = "(acc, r) => {'k': r.name}";
  const lambda = ast(source);
  if (lambda.kind !== "Lambda" || lambda.body.kind !== "Dict") throw new Error("shape");
  expect(lambda.params.map((p) => source.slice(p.span.start, p.span.end))).toEqual(["acc", "r"]);
  const entry = lambda.body.entries[0];
  expect(entry && source.slice(entry.keySpan.start, entry.keySpan.end)).toBe("'k'");
  const member = entry?.value;
  expect(member?.kind === "Member" && source.slice(member.nameSpan.start, member.nameSpan.end)).toBe("name");
});

test("spans are UTF-16 offsets", () => {
  const node = ast("'🎉' + 1");
  expect(node.span).toEqual({ start: 0, end: 8 });
  expect(node.kind === "Binary" && node.right.span).toEqual({ start: 7, end: 8 });
});

describe("values", () => {
  test.for([
    ["1e999", Infinity],
    ["0.1", 0.1],
    ["9007199254740993", 9007199254740992],
    ["5e-324", 5e-324],
  ] as const)("%s", ([source, value]) => {
    const node = ast(source);
    expect(node.kind === "Number" && node.value).toBe(value);
  });

  test.for([
    ["500ms", 500, "ms"],
    ["2.5m", 2.5, "m"],
    ["1e1s", 10, "s"],
    ["3w", 3, "w"],
  ] as const)("%s", ([source, amount, unit]) => {
    expect(ast(source)).toMatchObject({ kind: "Duration", amount, unit });
  });

  test("a long operator chain folds without recursion", () => {
    const node = ast(Array.from({ length: 200 }, (_, i) => `x${i}`).join(" + "));
    expect(node.kind === "Binary" && node.right).toMatchObject({ kind: "Name", name: "x199" });
  });
});
