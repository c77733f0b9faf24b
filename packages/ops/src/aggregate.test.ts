import { describe, expect, test } from "vitest";
import { OpError } from "./errors.js";
import { invokeOp } from "./invoke.js";
import { standardRegistry } from "./std.js";
import { T, printType, type Type } from "./types.js";
import { DateValue, DurationValue, type Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);
const date = (iso: string): DateValue => new DateValue(Date.parse(iso));
const ms = (n: number): DurationValue => new DurationValue(n);

describe("aggregations over numbers", () => {
  test.for<[string, Value[], Value]>([
    ["sum", [[1, 2, 3.5]], 6.5],
    ["sum", [[1, null, 2]], 3],
    ["sum", [[]], 0],
    ["sum", [[null]], 0],
    ["sum", [null], 0],
    ["sum", [[1, NaN]], NaN],
    ["sum", [[Infinity, -Infinity]], NaN],
    ["avg", [[1, 2, 3, 4]], 2.5],
    ["avg", [[1, null, 3]], 2],
    ["avg", [[]], null],
    ["avg", [null], null],
    ["avg", [[1, NaN]], NaN],
    ["mean", [[2, 4]], 3],
    ["min", [[3, 1, null, 2]], 1],
    ["min", [[]], null],
    ["min", [[1, NaN]], NaN],
    ["min", [[-Infinity, 0]], -Infinity],
    ["max", [[3, 1, null, 2]], 3],
    ["max", [[null, null]], null],
    ["max", [[NaN, 1]], NaN],
    ["median", [[3, 1, 2]], 2],
    ["median", [[4, 1, 3, 2]], 2.5],
    ["median", [[5, null]], 5],
    ["median", [[]], null],
    ["median", [[1, NaN, 2]], NaN],
    ["stddev", [[2, 4, 4, 4, 5, 5, 7, 9]], Math.sqrt(32 / 7)],
    ["stddev", [[1, 1]], 0],
    ["stddev", [[1]], null],
    ["stddev", [[1, null]], null],
    ["stddev", [[]], null],
    ["stddev", [[1, NaN]], NaN],
    ["quantile", [[1, 2, 3, 4, 5], 0.25], 2],
    ["quantile", [[10, 20], 0.5], 15],
    ["quantile", [[10, 20, 30, 40], 0.9], 37],
    ["quantile", [[3, 1, 2], 0], 1],
    ["quantile", [[3, 1, 2], 1], 3],
    ["quantile", [[7], 0.3], 7],
    ["quantile", [[], 0.5], null],
    ["quantile", [[1, 2], null], null],
    ["quantile", [[1, NaN], 0.5], NaN],
    ["argmax", [[1, 5, null, 5, 2]], 1],
    ["argmax", [[null, 1, 3]], 2],
    ["argmax", [[1, NaN, 3, NaN]], 1],
    ["argmax", [[]], null],
    ["argmax", [[null]], null],
    ["argmin", [[4, null, 1, 1]], 2],
    ["argmin", [[-Infinity, 0]], 0],
    ["argmin", [null], null],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  test("sum adds in order, as JavaScript does", () => {
    expect(call("sum", [0.1, 0.2])).toBe(0.1 + 0.2);
    expect(call("avg", [0.1, 0.2, 0.3])).toBe((0.1 + 0.2 + 0.3) / 3);
  });
});

describe("aggregations over dates and durations", () => {
  test.for<[string, Value[], Value]>([
    ["min", [[date("2026-03-02"), null, date("2026-01-05")]], date("2026-01-05")],
    ["max", [[date("2026-03-02"), date("2026-01-05")]], date("2026-03-02")],
    ["max", [[ms(5), ms(-1)]], ms(5)],
    ["min", [[ms(5), ms(-1)]], ms(-1)],
    ["sum", [[ms(1000), null, ms(500)]], ms(1500)],
    ["sum", [[ms(1000)]], ms(1000)],
    ["avg", [[ms(1000), ms(2000)]], ms(1500)],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  test("the result type follows the element type; a list of any gives any", () => {
    const resultOf = (name: string, t: Type): string => {
      const r = standardRegistry.lookup(name)!.overloads[0]!.result;
      return printType(typeof r === "function" ? r([t], new Map()) : r);
    };
    expect(resultOf("max", T.List(T.Nullable(T.Date)))).toBe("date|null");
    expect(resultOf("max", T.Nullable(T.List(T.Number)))).toBe("number|null");
    expect(resultOf("min", T.List(T.Any))).toBe("any");
    expect(resultOf("sum", T.List(T.Duration))).toBe("duration");
    expect(resultOf("sum", T.List(T.Never))).toBe("number");
    expect(resultOf("avg", T.Any)).toBe("any");
  });
});

describe("errors", () => {
  test.for<[string, Value[]]>([
    ["sum", [["a"]]],
    ["sum", [[date("2026-01-01")]]],
    ["avg", [[1, ms(1)]]],
    ["min", [[1, date("2026-01-01")]]],
    ["max", [[[1]]]],
    ["median", [[ms(1)]]],
    ["stddev", [[true, false]]],
    ["argmax", [["a"]]],
    ["quantile", [[1], 1.5]],
    ["quantile", [[1], -0.1]],
    ["quantile", [[1], NaN]],
  ])("%s(%j) is an invalid_argument error", ([name, args]) => {
    let error: unknown;
    try {
      call(name, ...args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpError);
    expect((error as OpError).code).toBe("invalid_argument");
  });
});
