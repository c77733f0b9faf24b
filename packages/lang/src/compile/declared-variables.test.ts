/**
 * Variables the host declares are not run data: the checker trusted their types, so a bound value of another
 * kind is a `type_mismatch` at the variable (docs/language.md "Types from data"), never a coerced answer.
 */
import { T } from "@qel/ops";
import { describe, expect, test } from "vitest";
import { QelError } from "../syntax/diagnostics.js";
import { compile } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { loadRuns } from "./host-data.js";

const failure = (f: () => unknown): { code: string; message: string; start: number; hint?: string } | string => {
  try {
    return `no error: ${JSON.stringify(f())}`;
  } catch (e) {
    if (!(e instanceof QelError)) return `not a QelError: ${String(e)}`;
    const d = e.diagnostic;
    return { code: d.code, message: d.message, start: d.span.start, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
  }
};

describe("a bound value of another kind than its declared type", () => {
  test.each([
    ["x * 2", T.Number, "ab", "the binding `x` is a string, where `x` is declared number"],
    ["x * 2", T.Number, true, "the binding `x` is a boolean, where `x` is declared number"],
    ["x ? 'yes' : 'no'", T.Boolean, "false", "the binding `x` is a string, where `x` is declared boolean"],
    ["x.map(v => v + 1)", T.List(T.Number), "abc", "the binding `x` is a string, where `x` is declared list<number>"],
    ["x.map(v => v + 1)", T.List(T.Number), [1, "2"], "the binding `x` is a list whose `[1]` is a string, where `x` is declared list<number>"],
    ["x.upper()", T.String, 5, "the binding `x` is a number, where `x` is declared string"],
    ["x.a + 1", T.Dict(T.Number), { a: "1" }, "the binding `x` is a dict whose `.a` is a string, where `x` is declared dict<number>"],
  ])("%s with x: %o bound to %o is a type_mismatch at x", (source, type, value, message) => {
    const c = compile(source, { variables: { x: type } });
    expect(failure(() => c.run({ x: value }))).toEqual({ code: "type_mismatch", message, start: source.indexOf("x") });
    expect(failure(() => evaluate(source, { x: value }, { env: { variables: { x: type } } }))).toMatchObject({ code: "type_mismatch", message });
  });

  test("a plain object where a run is declared says how to make runs", () => {
    const keep = compile("r.config.lr > 0.01", { variables: { r: T.Run } });
    const d = failure(() => keep.run({ r: { name: "a", createdAt: "2026-01-01T00:00:00Z", config: { lr: 0.1 } } }));
    expect(d).toMatchObject({ code: "type_mismatch", message: "the binding `r` is a dict, where `r` is declared Run" });
    expect((d as { hint?: string }).hint).toContain("loadRuns");
    expect(failure(() => keep.run({ r: 5 }))).toMatchObject({ code: "type_mismatch" });
  });

  test("values of the declared kind, and null, run as before", () => {
    expect(compile("x * 2", { variables: { x: T.Number } }).run({ x: 4 })).toBe(8);
    expect(compile("x * 2", { variables: { x: T.Number } }).run({ x: null })).toBe(null);
    expect(compile("x.map(v => v + 1)", { variables: { x: T.List(T.Number) } }).run({ x: [1, 2] })).toEqual([2, 3]);
    const [a] = loadRuns([{ name: "a", createdAt: "2026-01-01T00:00:00Z", config: { lr: 0.1 } }]);
    expect(compile("r.config.lr > 0.01", { variables: { r: T.Run } }).run({ r: a })).toBe(true);
    // `any` takes anything
    expect(compile("typeOf(x)", { variables: { x: T.Any } }).run({ x: { a: 1 } })).toBe("dict");
  });
});
