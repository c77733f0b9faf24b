/** check() and analyze() against environments that are not ones: a diagnostic, as documented, never a throw. */
import { describe, expect, test } from "vitest";
import { createRegistry, inferSchema, printType, standardRegistry, T, type Type } from "@qel/ops";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { analyze, check } from "./analyze.js";
import { isErrorType } from "./error-type.js";

/** The diagnostics of checking `source` against `env`, which the types would refuse. */
function diagnosticsOf(source: string, env: unknown): readonly Diagnostic[] {
  const r = check(source, env as never);
  return r.ok ? [] : r.diagnostics;
}

function selfListType(): Type {
  const t = { kind: "list", element: undefined as unknown };
  t.element = t;
  return t as Type;
}

const throwingEnv = Object.defineProperty({}, "registry", { enumerable: true, get: () => { throw new Error("trap"); } });

describe("a bad environment is one diagnostic naming it", () => {
  test.for<[string, unknown, string, RegExp]>([
    ["null", null, "invalid_argument", /environment must be an object, got null/],
    ["a number", 5, "invalid_argument", /environment must be an object, got 5/],
    ["an array", [], "invalid_argument", /environment must be an object, got an array/],
    ["a registry that is not a Registry", { registry: {} }, "invalid_argument", /`registry` must be a Registry/],
    ["a null registry", { registry: null }, "invalid_argument", /`registry` must be a Registry \(such as standardRegistry\), got null/],
    ["variables that are not an object", { variables: 5 }, "invalid_argument", /`variables` must be an object of types/],
    ["a variable whose type is a number", { variables: { r: 5 } }, "invalid_argument", /variable `r` must have a type/],
    ["a variable whose type has no known kind", { variables: { r: { kind: "float" } } }, "invalid_argument", /variable `r`/],
    ["a list type of a non-type", { variables: { r: { kind: "list", element: "number" } } }, "invalid_argument", /variable `r`/],
    ["a type that contains itself", { variables: { r: selfListType() } }, "invalid_argument", /variable `r`/],
    ["a schema that is not one", { schema: 5 }, "invalid_argument", /`schema` must be a RunSchema/],
    ["parse options that are not an object", { parse: null }, "invalid_option", /`parse` options must be an object/],
    ["an environment whose getter throws", throwingEnv, "invalid_argument", /could not be read \(trap\)/],
  ])("%s", ([, env, code, message]) => {
    const ds = diagnosticsOf("r + 1", env);
    expect(ds.map((d) => d.code)).toStrictEqual([code]);
    expect(ds[0]?.message).toMatch(message);
    expect(ds[0]?.span).toStrictEqual({ start: 0, end: 0 });
  });

  test("analyze() still returns a tree, every node of the error type", () => {
    const a = analyze("r + 1", { variables: { r: 5 } } as never);
    expect(a.ok).toBe(false);
    expect(a.diagnostics.map((d) => d.code)).toStrictEqual(["invalid_argument"]);
    expect(isErrorType(a.type)).toBe(true);
    expect(isErrorType(a.typeOf(a.ast))).toBe(true);
    expect(a.source).toBe("r + 1");
  });

  test("analyze() of a given AST keeps that AST", () => {
    const ast = analyze("1 + 2").ast;
    expect(analyze(ast, null as never).ast).toBe(ast);
  });
});

describe("good environments still check", () => {
  const schema = inferSchema([]);
  test.for<[string, unknown, string, string]>([
    ["the default", undefined, "runs.map(r => r.name)", "list<string>"],
    ["an empty object", {}, "runs.map(r => r.name)", "list<string>"],
    ["a number variable", { variables: { r: T.Number } }, "r + 1", "number"],
    ["a run variable", { variables: { r: T.Run } }, "r.name", "string"],
    ["nested types", { variables: { d: T.Dict(T.List(T.Union(T.Number, T.Null)), new Map([["k", T.String]])) } }, "d.k", "string"],
    ["a function type", { variables: { f: T.Fn([T.Number], T.Boolean) } }, "f(1)", "boolean"],
    ["a group type", { variables: { g: T.Group(T.Run, T.String) } }, "g.key", "string"],
    ["the standard registry", { registry: standardRegistry }, "1 + 1", "number"],
    ["a created registry", { registry: createRegistry() }, "1 + 1", "number"],
    ["an inferred schema", { schema }, "1", "number"],
    ["parse options", { parse: { maxDepth: 10 } }, "1", "number"],
    ["keys for other passes", { cache: false, somethingElse: 1 }, "1", "number"],
  ])("%s", ([, env, source, type]) => {
    const r = check(source, env as never);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toStrictEqual([]);
    expect(r.ok && printType(r.value.type)).toBe(type);
  });

  test("parse options out of range are still the parser's invalid_option", () => {
    expect(diagnosticsOf("1", { parse: { maxDepth: -1 } }).map((d) => d.code)).toStrictEqual(["invalid_option"]);
  });
});
