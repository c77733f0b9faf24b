import { describe, expect, test } from "vitest";
import { OpError } from "./errors.js";
import { invokeOp } from "./invoke.js";
import { standardRegistry } from "./std.js";
import { DateValue, FunctionValue, groupKeys, type Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);
const fn = (f: (...xs: never[]) => Value): FunctionValue => new FunctionValue("<lambda>", f.length, f as (...xs: Value[]) => Value);
const id = fn((x: Value) => x);
const at = (k: string) => fn((x: Map<string, Value>) => x.get(k) ?? null);
const rec = (name: string, v: Value): Value => new Map<string, Value>([["name", name], ["v", v]]);
const names = (xs: Value): Value[] => (xs as Map<string, Value>[]).map((x) => x.get("name")!);

describe("sort", () => {
  const items = [rec("a", 2), rec("b", null), rec("c", 1), rec("d", NaN), rec("e", 2), rec("f", null), rec("g", 1)];

  test("ascending is stable, NaN then nulls last", () => {
    expect(names(call("sort", items, at("v")))).toEqual(["c", "g", "a", "e", "d", "b", "f"]);
    expect(names(call("sort", items, at("v"), "asc"))).toEqual(["c", "g", "a", "e", "d", "b", "f"]);
  });

  test("descending is stable, NaN then nulls still last", () => {
    expect(names(call("sort", items, at("v"), "desc"))).toEqual(["a", "e", "c", "g", "d", "b", "f"]);
  });

  test.for<[string, Value[], Value[]]>([
    ["strings by code unit", ["b", "a", "B", "ä"], ["B", "a", "b", "ä"]],
    ["dates by instant", [new DateValue(3), new DateValue(1), null, new DateValue(2)], [new DateValue(1), new DateValue(2), new DateValue(3), null]],
    ["list keys element by element", [[2, "a"], [1, "b"], [1, "a"], [1]], [[1], [1, "a"], [1, "b"], [2, "a"]]],
    ["booleans", [true, false, null, true], [false, true, true, null]],
    ["empty", [], []],
  ])("keys: %s", ([, input, expected]) => {
    expect(call("sort", input, id)).toEqual(expected);
  });

  test("a comparator, with null elements last", () => {
    expect(call("sort", [3, null, 1, 2], fn((a: number, b: number) => b - a))).toEqual([3, 2, 1, null]);
    expect(call("sort", [[1, "x"], [0, "y"], [1, "z"]], fn((a: number[], b: number[]) => a[0]! - b[0]!))).toEqual([[0, "y"], [1, "x"], [1, "z"]]);
  });

  test("a comparator is recognised also through the key row (run-time dispatch)", () => {
    const op = standardRegistry.lookup("sort")!;
    const keyRow = op.overloads[0]!.impl as (...a: Value[]) => Value;
    expect(keyRow([2, 1, 3], fn((a: number, b: number) => a - b))).toEqual([1, 2, 3]);
  });

  test("the input is not changed", () => {
    const input = Object.freeze([3, 1, 2]);
    expect(call("sort", input, id)).toEqual([1, 2, 3]);
    expect(input).toEqual([3, 1, 2]);
  });

  test.for<[string, Value[]]>([
    ["a bad direction", [[1], id, "up"]],
    ["a comparator returning a boolean", [[1, 2], fn((a: number, b: number) => a < b)]],
  ])("%s is an invalid_argument error", ([, args]) => {
    expect(() => call("sort", ...args)).toThrow(OpError);
  });

  test("a comparator returning null or NaN means equal", () => {
    expect(call("sort", [2, 1], fn(() => null))).toEqual([2, 1]);
    expect(call("sort", [2, 1], fn(() => NaN))).toEqual([2, 1]);
  });
});

describe("maxBy and minBy", () => {
  const items = [rec("a", 1), rec("b", NaN), rec("c", 3), rec("d", null), rec("e", 3), rec("f", 0)];
  test("skip null and NaN keys; ties keep the first", () => {
    expect(names([call("maxBy", items, at("v"))])).toEqual(["c"]);
    expect(names([call("minBy", items, at("v"))])).toEqual(["f"]);
  });
  test("empty or all-null give null", () => {
    expect(call("maxBy", [], id)).toBeNull();
    expect(call("minBy", [null, NaN], id)).toBeNull();
  });
  test("strings and dates compare too", () => {
    expect(call("maxBy", ["b", "c", "a"], id)).toBe("c");
    expect(call("minBy", [new DateValue(2), new DateValue(1)], id)).toEqual(new DateValue(1));
  });
});

describe("unique", () => {
  test.for<[string, Value[], Value[]]>([
    ["first occurrences in order", [3, 1, 3, 2, 1], [3, 1, 2]],
    ["types stay apart", [1, "1", true, "true", null, "null"], [1, "1", true, "true", null, "null"]],
    ["all NaNs are one value", [NaN, 1, NaN], [NaN, 1]],
    ["lists and dicts structurally", [[1], [1], new Map([["a", 1]]), new Map([["a", 1]])], [[1], new Map([["a", 1]])]],
    ["dates by instant", [new DateValue(1), new DateValue(1)], [new DateValue(1)]],
    ["empty", [], []],
  ])("%s", ([, input, expected]) => {
    expect(call("unique", input)).toEqual(expected);
  });
});

describe("groupBy, key and items", () => {
  const groups = (xs: Value[], key: FunctionValue = id): [Value, Value[]][] =>
    (call("groupBy", xs, key) as Value[][]).map((g) => [call("key", g), call("items", g) as Value[]]);

  test("groups in order of first appearance", () => {
    expect(groups(["b", "a", "b", "c", "a"])).toEqual([["b", ["b", "b"]], ["a", ["a", "a"]], ["c", ["c"]]]);
  });

  test("keys by value and type: 1 and \"1\", NaN, null, dates by instant, lists", () => {
    const t = new DateValue(Date.parse("2026-01-01T00:00:00Z"));
    const same = new DateValue(Date.parse("2026-01-01T01:00:00+01:00"));
    const input = [1, "1", NaN, null, t, 0 / 0, 1, null, same, [1, 2], [1, 2], true];
    const out = groups(input);
    expect(out.map(([k]) => k)).toEqual([1, "1", NaN, null, t, [1, 2], true]);
    expect(out.map(([, items]) => items.length)).toEqual([2, 1, 2, 2, 2, 2, 1]);
  });

  test("a group is a frozen list registered with its key; items is a plain copy", () => {
    const [g] = call("groupBy", [rec("a", 1), rec("b", 1)], at("v")) as Value[][];
    expect(Object.isFrozen(g)).toBe(true);
    expect(groupKeys.get(g!)).toBe(1);
    expect(call("count", g!)).toBe(2);
    const items = call("items", g!) as Value[];
    expect(items).toEqual(g);
    expect(groupKeys.has(items)).toBe(false);
  });

  test("groupby and groupkey are the W&B Weave spellings", () => {
    expect(standardRegistry.lookup("groupby")?.name).toBe("groupBy");
    expect(standardRegistry.lookup("groupkey")?.name).toBe("key");
  });

  test("empty input gives no groups; key of a plain list is refused", () => {
    expect(call("groupBy", [], id)).toEqual([]);
    expect(() => call("key", [1, 2])).toThrow(OpError);
  });
});

describe("countBy", () => {
  const counts = (xs: Value[]): [Value, Value][] => (call("countBy", xs, id) as Map<string, Value>[]).map((m) => [m.get("key") ?? null, m.get("count") ?? null]);
  test("counts each key, most frequent first, ties in order of first appearance", () => {
    expect(counts(["b", "a", "b", "c", "a", "b"])).toEqual([["b", 3], ["a", 2], ["c", 1]]);
    expect(counts([1, "1", null, NaN, NaN, null])).toEqual([[null, 2], [NaN, 2], [1, 1], ["1", 1]]);
    expect(counts([])).toEqual([]);
  });
  test("the counts add up to the list's length", () => {
    const xs: Value[] = Array.from({ length: 50 }, (_, i) => (i * 7) % 5);
    expect(counts(xs).reduce((n, [, c]) => n + (c as number), 0)).toBe(50);
  });
});
