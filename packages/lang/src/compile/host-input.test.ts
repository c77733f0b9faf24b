/**
 * A host's data crossing into qel (bindings and `loadRuns`): read the same way on every path, converted where the
 * conversion keeps what the data says, refused where it would not (docs/host.md "The data API").
 */
import { Run, type Value } from "@qel/ops";
import { describe, expect, test } from "vitest";
import { QelError } from "../syntax/diagnostics.js";
import { evaluate } from "./evaluate.js";
import { loadRuns, toJson } from "./host-data.js";

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof QelError) return `${e.diagnostic.code}: ${e.diagnostic.message}`;
    return `not a QelError: ${String(e)}`;
  }
  return "no error";
};

const run = { name: "a", createdAt: "2026-01-01T00:00:00Z" };

describe("bindings of values JSON cannot hold", () => {
  test("a bigint reads as the number it is, at the top level as inside a list", () => {
    expect(evaluate("[x, y, x + y[0]]", { x: 10n, y: [20n] })).toEqual([10, [20], 30]);
  });

  test("a bigint too large for a number is refused, not rounded", () => {
    expect(refusal(() => evaluate("x", { x: 2n ** 64n + 1n }))).toBe(
      "invalid_argument: the binding `x` cannot be read: an integer too large for a number");
    expect(refusal(() => evaluate("x", { x: { n: [2n ** 64n + 1n] } }))).toContain("the binding `x.n[0]` cannot be read");
  });

  test("an invalid date is refused, a valid one read as a date", () => {
    expect(refusal(() => evaluate("x", { x: new Date("nope") }))).toBe("invalid_argument: the binding `x` cannot be read: an invalid date");
    expect(refusal(() => evaluate("x", { x: [new Date("nope")] }))).toContain("the binding `x[0]`");
    expect(evaluate("x.year", { x: new Date("2026-03-01T00:00:00Z") })).toBe(2026);
  });

  test("a map whose keys read as the same text is refused rather than losing an entry", () => {
    expect(refusal(() => evaluate("x", { x: new Map<unknown, string>([[1, "a"], ["1", "b"]]) }))).toContain(
      "the binding `x.1` cannot be read: two keys of a map read as this text");
    // numeric keys that do not collide read as their text
    expect(toJson(evaluate("x", { x: new Map<unknown, string>([[1, "a"], [2, "b"]]) }))).toEqual({ 1: "a", 2: "b" });
  });

  test("functions and symbols read as null, as JSON leaves them out, at the top level as inside data", () => {
    expect(evaluate("[f, s, h.f]", { f: () => 1, s: Symbol("s"), h: { f: () => 1 } })).toEqual([null, null, null]);
  });
});

describe("loadRuns reads runs as the binding `runs` does", () => {
  test("config and summary given as Maps keep their entries", () => {
    const input = [{ ...run, config: new Map([["lr", 0.1]]), summary: new Map([["acc", 0.9]]) }];
    const expected = [[0.1, 0.9]];
    expect(evaluate("runs.map(r => [r.config.lr, r.summary.acc])", { runs: loadRuns(input) })).toEqual(expected);
    expect(evaluate("runs.map(r => [r.config.lr, r.summary.acc])", { runs: input })).toEqual(expected);
  });

  test("a getter is never run, as for a binding", () => {
    let ran = 0;
    const input = [{ ...run, get config(): object {
      ran++;
      return { lr: 1 };
    } }];
    const runs = loadRuns(input);
    expect(ran).toBe(0);
    expect(evaluate("runs[0].config.keys()", { runs })).toEqual([]);
  });

  test("Run instances are kept as they are beside plain runs", () => {
    const [a] = loadRuns([run]);
    const runs = loadRuns([a, { ...run, name: "b" }]);
    expect(runs[0]).toBe(a);
    expect(runs[1]).toBeInstanceOf(Run);
    expect(runs.map((r) => r.name)).toEqual(["a", "b"]);
  });

  test("a cycle is refused naming the runs", () => {
    const config: Record<string, unknown> = {};
    config.self = config;
    expect(refusal(() => loadRuns([{ ...run, config }]))).toBe("invalid_argument: the runs at `[0].config.self` contains a cycle");
  });

  test("warnings still go to onWarning", () => {
    const warnings: string[] = [];
    loadRuns([run, run], { onWarning: (w) => warnings.push(w) });
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain("a");
  });
});

describe("options of the data API", () => {
  test.each([
    ["loadRuns(x, null)", () => loadRuns([run], null as never), "the options of loadRuns must be an object"],
    ["loadRuns(x, 5)", () => loadRuns([run], 5 as never), "the options of loadRuns must be an object"],
    ["onWarning not a function", () => loadRuns([run, run], { onWarning: "x" as never }), "`onWarning` of loadRuns must be a function"],
    ["toJson(v, null)", () => toJson(1, null as never), "the options of toJson must be an object"],
    ["maxValues NaN", () => toJson([1], { maxValues: Number.NaN }), "`maxValues` of toJson must be a whole number ≥ 0, not NaN"],
    ["maxValues -1", () => toJson([1], { maxValues: -1 }), "`maxValues` of toJson must be a whole number ≥ 0, not -1"],
    ["maxValues text", () => toJson([1], { maxValues: "9" as never }), "`maxValues` of toJson must be a whole number ≥ 0, not string"],
  ])("%s is an invalid_argument", (_, f, message) => {
    expect(refusal(f)).toBe(`invalid_argument: ${message}`);
  });

  test("valid options still work", () => {
    expect(toJson([1, 2], { maxValues: 3 })).toEqual([1, 2]);
    expect(refusal(() => toJson([1, 2, 3], { maxValues: 2 }))).toContain("output_limit_exceeded");
    expect(loadRuns([run], undefined).length).toBe(1);
  });
});

describe("toJson of what is no qel value", () => {
  test.each([
    ["a plain object", { a: 1 }, "an Object is not a qel value"],
    ["undefined", undefined, "undefined is not a qel value"],
    ["a JavaScript Date", new Date(0), "a JavaScript Date is not a qel value"],
    ["a bigint in a list", [1n], "a bigint is not a qel value"],
    ["a dict with a key that is not text", new Map<unknown, Value>([[{}, 1]]), "a dict key an Object is not text"],
  ])("%s is an invalid_argument, never made-up JSON", (_, v, message) => {
    expect(refusal(() => toJson(v as Value))).toContain(`invalid_argument: ${message}`);
  });

  test("qel values convert as before", () => {
    expect(toJson(evaluate("[{a: 1}, date(0), 1d]", {}))).toEqual([{ a: 1 }, "1970-01-01T00:00:00.000Z", { duration_ms: 86400000 }]);
  });
});
