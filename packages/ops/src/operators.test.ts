import { describe, expect, test } from "vitest";
import { OpError } from "./errors.js";
import { invokeOp } from "./invoke.js";
import { standardRegistry } from "./std.js";
import { DateValue, DurationValue, type Value } from "./values.js";

const op = (symbol: string, ...args: Value[]): Value => invokeOp(standardRegistry.operator(symbol)!, args);
const at = (iso: string): DateValue => new DateValue(Date.parse(iso));
const ms = (n: number): DurationValue => new DurationValue(n);
const d = (entries: [string, Value][]): Map<string, Value> => new Map(entries);

describe("arithmetic", () => {
  test.for<[string, Value[], Value]>([
    ["+", [1, 2], 3],
    ["+", ["a", "b"], "ab"],
    ["+", ["lr=", 0.1], "lr=0.1"],
    ["+", ["n=", 1e21], "n=1e+21"],
    ["+", ["x", NaN], "xNaN"],
    ["+", [2, "x"], "2x"],
    ["+", ["ok ", false], "ok false"],
    ["+", [true, "!"], "true!"],
    ["+", [at("2026-03-02T09:00:00Z"), ms(3_600_000)], at("2026-03-02T10:00:00Z")],
    ["+", [ms(60_000), at("2026-03-02T09:00:00Z")], at("2026-03-02T09:01:00Z")],
    ["+", [ms(1), ms(2)], ms(3)],
    ["+", [1, null], null],
    ["+", [null, "a"], null],
    ["-", [5, 7], -2],
    ["-", [at("2026-03-02T10:30:00Z"), at("2026-03-02T09:00:00Z")], ms(5_400_000)],
    ["-", [at("2026-03-01T00:00:00Z"), ms(86_400_000)], at("2026-02-28T00:00:00Z")],
    ["-", [ms(5), ms(7)], ms(-2)],
    ["*", [3, 4], 12],
    ["*", [ms(1000), 1.5], ms(1500)],
    ["*", [2, ms(1000)], ms(2000)],
    ["/", [7, 2], 3.5],
    ["/", [1, 0], Infinity],
    ["/", [-1, 0], -Infinity],
    ["/", [0, 0], NaN],
    ["/", [ms(3000), 2], ms(1500)],
    ["/", [ms(5_400_000), ms(3_600_000)], 1.5],
    ["%", [7, 3], 1],
    ["%", [-7, 3], -1],
    ["%", [5, 0], NaN],
    ["**", [2, 10], 1024],
    ["**", [4, 0.5], 2],
    ["neg", [3], -3],
    ["neg", [ms(5)], ms(-5)],
    ["neg", [null], null],
  ])("%s %j", ([symbol, args, expected]) => {
    expect(op(symbol, ...args)).toEqual(expected);
  });

  test("a date moved out of range is an error", () => {
    expect(() => op("+", new DateValue(8.64e15), ms(1))).toThrow(OpError);
    expect(() => op("-", new DateValue(0), ms(NaN))).toThrow(OpError);
  });

  test("mismatched kinds have no overload", () => {
    expect(() => op("+", 1, true)).toThrow(OpError);
    expect(() => op("-", "a", "b")).toThrow(OpError);
    expect(() => op("+", at("2026-01-01"), at("2026-01-01"))).toThrow(OpError);
  });
});

describe("comparisons", () => {
  test.for<[string, Value[], Value]>([
    ["==", [1, 1], true],
    ["==", [1, "1"], false],
    ["==", [NaN, NaN], false],
    ["==", [null, null], true],
    ["==", [null, 0], false],
    ["==", [[1, [2]], [1, [2]]], true],
    ["==", [d([["a", 1], ["b", 2]]), d([["b", 2], ["a", 1]])], true],
    ["==", [at("2026-01-01T00:00:00Z"), at("2026-01-01T02:00:00+02:00")], true],
    ["!=", [1, 2], true],
    ["!=", [NaN, NaN], true],
    ["!=", [null, null], false],
    ["!=", ["a", null], true],
    ["<", [1, 2], true],
    ["<", [2, 2], false],
    ["<", [NaN, 1], false],
    ["<", [1, NaN], false],
    ["<", ["B", "a"], true],
    ["<", ["a", "aa"], true],
    ["<", [at("2026-01-01"), at("2026-01-02")], true],
    ["<", [ms(1), ms(2)], true],
    ["<", [null, 1], null],
    ["<", [1, null], null],
    ["<=", [2, 2], true],
    ["<=", [NaN, NaN], false],
    ["<=", ["b", "a"], false],
    [">", [3, 2], true],
    [">", [Infinity, NaN], false],
    [">", [at("2026-01-02"), at("2026-01-01")], true],
    [">=", [ms(2), ms(2)], true],
    [">=", [-Infinity, -Infinity], true],
  ])("%s %j", ([symbol, args, expected]) => {
    expect(op(symbol, ...args)).toEqual(expected);
  });

  test("ordering values of different kinds has no overload", () => {
    expect(() => op("<", 1, "2")).toThrow(OpError);
    expect(() => op("<", at("2026-01-01"), ms(1))).toThrow(OpError);
  });
});

describe("booleans and nulls", () => {
  const values: (boolean | null)[] = [true, false, null];
  test.for(values.flatMap((a) => values.map((b) => [a, b] as const)))("three-valued %j", ([a, b]) => {
    const and = a === false || b === false ? false : a === null || b === null ? null : true;
    const or = a === true || b === true ? true : a === null || b === null ? null : false;
    expect(op("&&", a, b)).toBe(and);
    expect(op("||", a, b)).toBe(or);
  });

  test.for<[string, Value[], Value]>([
    ["!", [true], false],
    ["!", [false], true],
    ["!", [null], null],
    ["??", [null, 1], 1],
    ["??", [0, 1], 0],
    ["??", [NaN, 1], NaN],
    ["??", [false, true], false],
    ["??", [null, null], null],
  ])("%s %j", ([symbol, args, expected]) => {
    expect(op(symbol, ...args)).toEqual(expected);
  });

  test.for<[Value[], Value]>([
    [[null, 2], 2],
    [[null, null, "c"], "c"],
    [[null, null, null, null, null, null, null, 8], 8],
    [[null, null], null],
    [["a", null], "a"],
  ])("coalesce %j", ([args, expected]) => {
    expect(invokeOp(standardRegistry.lookup("coalesce")!, args)).toEqual(expected);
  });

  test("coalesce takes 2 to 8 arguments", () => {
    const coalesce = standardRegistry.lookup("coalesce")!;
    expect(() => invokeOp(coalesce, [1])).toThrow(OpError);
    expect(() => invokeOp(coalesce, Array.from({ length: 9 }, () => null))).toThrow(OpError);
  });

  test("isNone", () => {
    const isNone = standardRegistry.lookup("isNone")!;
    expect([null, 0, "", NaN, false, []].map((v) => invokeOp(isNone, [v]))).toEqual([true, false, false, false, false, false]);
  });

  test("the keyword spellings name the same ops", () => {
    expect(standardRegistry.lookup("and")).toBe(standardRegistry.operator("&&"));
    expect(standardRegistry.lookup("or")).toBe(standardRegistry.operator("||"));
    expect(standardRegistry.lookup("not")).toBe(standardRegistry.operator("!"));
  });
});
