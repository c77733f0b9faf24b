import { describe, expect, test } from "vitest";
import { OpError } from "./errors.js";
import { invokeOp } from "./invoke.js";
import { parseNumber, roundHalfAway } from "./number.js";
import { standardRegistry } from "./std.js";
import { DateValue, DurationValue, type Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);

describe("number ops", () => {
  test.for<[string, Value[], Value]>([
    ["round", [2.5], 3],
    ["round", [-2.5], -3],
    ["round", [2.4], 2],
    ["round", [-0.4], 0],
    ["round", [1.005, 2], 1.01],
    ["round", [-1.005, 2], -1.01],
    ["round", [1.2345, 3], 1.235],
    ["round", [1234.5, -2], 1200],
    ["round", [1250, -2], 1300],
    ["round", [5e-7, 6], 0.000001],
    ["round", [1e300, 50], 1e300],
    ["round", [NaN], NaN],
    ["round", [Infinity, 2], Infinity],
    ["round", [1.5, null], null],
    ["floor", [-2.5], -3],
    ["ceil", [-2.5], -2],
    ["abs", [-0.5], 0.5],
    ["sqrt", [2], Math.SQRT2],
    ["sqrt", [-1], NaN],
    ["log", [Math.E], 1],
    ["log", [0], -Infinity],
    ["log", [-1], NaN],
    ["isNaN", [NaN], true],
    ["isNaN", [1], false],
    ["toFixed", [1.005, 2], "1.01"],
    ["toFixed", [2.5, 0], "3"],
    ["toFixed", [-0.001, 2], "0.00"],
    ["toFixed", [0.1, 3], "0.100"],
    ["toFixed", [NaN, 2], "NaN"],
    ["toFixed", [-Infinity, 2], "-Infinity"],
    ["toString", [0.1], "0.1"],
    ["toString", ["s"], "s"],
    ["toString", [[1, "a"]], '[1, "a"]'],
    ["toString", [new DurationValue(90_000)], "1m 30s"],
    ["toString", [new DateValue(0)], "1970-01-01T00:00:00.000Z"],
    ["toString", [null], "null"],
    ["toNumber", ["42"], 42],
    ["toNumber", [" -1.5e3 "], -1500],
    ["toNumber", [".5"], 0.5],
    ["toNumber", ["5."], 5],
    ["toNumber", ["NaN"], NaN],
    ["toNumber", ["-Infinity"], -Infinity],
    ["toNumber", [""], null],
    ["toNumber", ["  "], null],
    ["toNumber", ["0x10"], null],
    ["toNumber", ["1_000"], null],
    ["toNumber", ["12abc"], null],
    ["toNumber", ["e5"], null],
    ["toNumber", [7], 7],
    ["toNumber", [true], 1],
    ["toNumber", [false], 0],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  test("round never gives negative zero", () => {
    expect(Object.is(roundHalfAway(-0.2), 0)).toBe(true);
    expect(Object.is(roundHalfAway(-0), 0)).toBe(true);
  });

  test.for<[string, Value[]]>([
    ["round", [1, 0.5]],
    ["round", [1, 101]],
    ["toFixed", [1, -1]],
    ["toFixed", [1, 101]],
  ])("%s(%j) is an invalid_argument error", ([name, args]) => {
    expect(() => call(name, ...args)).toThrow(OpError);
  });

  test("parseNumber agrees with toNumber", () => {
    expect(parseNumber("1e3")).toBe(1000);
    expect(parseNumber("+2")).toBe(2);
    expect(parseNumber("Infinityx")).toBeNull();
  });
});
