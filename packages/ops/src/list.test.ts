import { describe, expect, test } from "vitest";
import { OpError } from "./errors.js";
import { invokeOp } from "./invoke.js";
import { MAX_RANGE_LENGTH } from "./list-shape.js";
import { standardRegistry } from "./std.js";
import { DateValue, FunctionValue, type Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);
const fn = (f: (...xs: never[]) => Value): FunctionValue => new FunctionValue("<lambda>", f.length, f as (...xs: Value[]) => Value);
const isEven = fn((x: number) => x % 2 === 0);
const xs = Object.freeze([1, 2, 3, 4]);

describe("basic list ops", () => {
  test.for<[string, Value[], Value]>([
    ["count", [xs], 4],
    ["count", [[null, null]], 2],
    ["count", [[]], 0],
    ["count", [null], 0],
    ["filter", [xs, isEven], [2, 4]],
    ["filter", [[1, 2], fn(() => null)], []],
    ["filter", [[], isEven], []],
    ["map", [xs, fn((x: number) => x * 10)], [10, 20, 30, 40]],
    ["map", [["a", "b"], fn((x: string, i: number) => x + i)], ["a0", "b1"]],
    ["map", [[], fn((x: number) => x)], []],
    ["reduce", [xs, fn((a: number, b: number) => a + b)], 10],
    ["reduce", [[], fn((a: number, b: number) => a + b)], null],
    ["reduce", [xs, fn((acc: string, x: number) => acc + x), ">"], ">1234"],
    ["reduce", [[], fn((acc: number, x: number) => acc + x), 7], 7],
    ["find", [xs, isEven], 2],
    ["find", [[1, 3], isEven], null],
    ["some", [xs, isEven], true],
    ["some", [[], isEven], false],
    ["some", [[1], fn(() => null)], false],
    ["every", [xs, isEven], false],
    ["every", [[2, 4], isEven], true],
    ["every", [[], isEven], true],
    ["every", [[2], fn(() => null)], false],
    ["first", [xs], 1],
    ["first", [[]], null],
    ["last", [xs], 4],
    ["last", [[]], null],
    ["limit", [xs, 2], [1, 2]],
    ["limit", [xs, 10], [1, 2, 3, 4]],
    ["limit", [xs, -1], []],
    ["limit", [xs, 2.9], [1, 2]],
    ["limit", [xs, NaN], []],
    ["offset", [xs, 3], [4]],
    ["offset", [xs, 9], []],
    ["offset", [xs, -2], [1, 2, 3, 4]],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  test("ops that do not handle null give null for a null list", () => {
    for (const name of ["filter", "map", "find", "some", "every"]) expect(call(name, null, isEven)).toBeNull();
    for (const name of ["first", "last", "unique", "flatten", "dropna"]) expect(call(name, null)).toBeNull();
    expect(call("limit", xs, null)).toBeNull();
  });

  test("results are new frozen lists", () => {
    const out = call("filter", xs, isEven) as Value[];
    expect(Object.isFrozen(out)).toBe(true);
    expect(out).not.toBe(xs);
  });

  test("errors from the function propagate", () => {
    const boom = fn(() => {
      throw new OpError("runtime_error", "boom");
    });
    expect(() => call("map", xs, boom)).toThrow("boom");
  });

  test("an op value with one parameter gets no index", () => {
    const seen: number[] = [];
    call("map", xs, new FunctionValue("one", 1, (...a) => (seen.push(a.length), null)));
    expect(seen).toEqual([1, 1, 1, 1]);
  });
});

describe("at ([])", () => {
  const at = standardRegistry.operator("[]")!;
  test.for<[Value, Value, Value]>([
    [xs, 0, 1],
    [xs, 3, 4],
    [xs, -1, 4],
    [xs, -4, 1],
    [xs, 4, null],
    [xs, -5, null],
    [xs, 1.5, null],
    [xs, NaN, null],
    [[], 0, null],
    [new Map<string, Value>([["val/loss", 2], ["a.b", 3]]), "val/loss", 2],
    [new Map<string, Value>([["a", 1]]), "b", null],
    [new Map<string, Value>([["a", 1]]), "__proto__", null],
    [new Map<string, Value>([["a", 1]]), "constructor", null],
    [null, 0, null],
    [xs, null, null],
  ])("%j[%j]", ([v, i, expected]) => {
    expect(invokeOp(at, [v, i])).toEqual(expected);
  });

  test("a key is literal: a dotted key never walks a path", () => {
    const nested = new Map<string, Value>([["a", new Map<string, Value>([["b", 1]])]]);
    expect(invokeOp(at, [nested, "a.b"])).toBeNull();
  });
});

describe("building and reshaping", () => {
  test.for<[string, Value[], Value]>([
    ["flatten", [[[1, 2], [3], []]], [1, 2, 3]],
    ["flatten", [[[1, [2]], 3, null]], [1, [2], 3, null]],
    ["flatten", [[]], []],
    ["concat", [[[1, 2], null, [3, null]]], [1, 2, 3, null]],
    ["concat", [[null]], []],
    ["contains", [[1, 2], 2], true],
    ["contains", [[1, "2"], 2], false],
    ["contains", [[1, "2"], "2"], true],
    ["contains", [[NaN], NaN], true],
    ["contains", [[null], null], true],
    ["contains", [[1], null], false],
    ["contains", [[[1, 2]], [1, 2]], true],
    ["contains", [[new DateValue(5)], new DateValue(5)], true],
    ["contains", [[], 1], false],
    ["contains", ["lr-0.01", "0.0"], true],
    ["contains", ["lr", "x"], false],
    ["contains", ["a.c", "."], true],
    ["contains", ["abc", ".*"], false],
    ["contains", ["abc", ""], true],
    ["contains", ["abc", null], null],
    ["dropna", [[1, null, NaN, null, "NaN"]], [1, "NaN"]],
    ["dropna", [[]], []],
    ["join", [["a", "b"], ", "], "a, b"],
    ["join", [["a", null, 1, true], "-"], "a-1-true"],
    ["join", [[], ","], ""],
    ["joinToStr", [["x", "y"], ""], "xy"],
    ["range", [0, 3], [0, 1, 2]],
    ["range", [3, 0], []],
    ["range", [0, 1, 0.25], [0, 0.25, 0.5, 0.75]],
    ["range", [5, 0, -2], [5, 3, 1]],
    ["range", [0, 0.3, 0.1], [0, 0.1, 0.2]],
    ["range", [0, 5, null], null],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  test.for<[string, Value[]]>([
    ["zero step", [0, 10, 0]],
    ["NaN step", [0, 10, NaN]],
    ["infinite bound", [0, Infinity]],
    ["too long", [0, MAX_RANGE_LENGTH + 1]],
  ])("range: %s is an invalid_argument error", ([, args]) => {
    expect(() => call("range", ...args)).toThrow(OpError);
    try {
      call("range", ...args);
    } catch (e) {
      expect((e as OpError).code).toBe("invalid_argument");
    }
  });

  test("range at the size limit", () => {
    expect((call("range", 0, MAX_RANGE_LENGTH) as Value[]).length).toBe(MAX_RANGE_LENGTH);
  });
});
