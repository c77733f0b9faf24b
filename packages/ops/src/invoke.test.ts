import { describe, expect, test } from "vitest";
import { defineOp, overload } from "./define.js";
import { OpError } from "./errors.js";
import { invokeOp, valueHasType } from "./invoke.js";
import { T } from "./types.js";
import { DateValue, DurationValue, FunctionValue, groupKeys, type Value } from "./values.js";

const probe = defineOp({
  name: "probe", category: "list",
  overloads: [
    overload([T.Number, T.String], T.String, (n, s) => `number ${n} ${s}`),
    overload([T.List(T.Any), T.Any], T.String, (xs, x) => `list ${xs.length} ${String(x)}`),
    overload([T.String, T.Number], T.String, (s, n = 0) => `string ${s} ${n}`, { optional: 1 }),
  ],
  doc: { summary: "test op", examples: [{ expr: "probe(1, \"a\")" }] },
});

describe("invokeOp", () => {
  test.for<[Value[], Value]>([
    [[1, "a"], "number 1 a"],
    [[[1, 2], null], "list 2 null"],
    [["s"], "string s 0"],
    [["s", 5], "string s 5"],
    [[null, "a"], null],
    [[1, null], null],
    [["s", null], null],
  ])("%j", ([args, expected]) => {
    expect(invokeOp(probe, args)).toBe(expected);
  });

  test("no overload for the kinds or the count is an OpError naming the kinds", () => {
    expect(() => invokeOp(probe, [true, 1])).toThrow(new OpError("invalid_argument", "probe does not take (boolean, number)"));
    expect(() => invokeOp(probe, [])).toThrow(OpError);
    expect(() => invokeOp(probe, [1, "a", 3])).toThrow(OpError);
  });
});

describe("valueHasType", () => {
  const g = Object.freeze([1]);
  groupKeys.set(g, "k");
  test.for<[string, Value, Parameters<typeof valueHasType>[1], boolean]>([
    ["number", 1, T.Number, true],
    ["string is not number", "1", T.Number, false],
    ["null in nullable", null, T.Nullable(T.String), true],
    ["null is not a string", null, T.String, false],
    ["date", new DateValue(0), T.Date, true],
    ["duration is not a date", new DurationValue(0), T.Date, false],
    ["list", [1], T.List(T.String), true],
    ["group", g, T.Group(T.Number, T.String), true],
    ["plain list is not a group", [1], T.Group(T.Number, T.String), false],
    ["dict", new Map(), T.Dict(T.Any), true],
    ["function", new FunctionValue("f", 1, () => null), T.Fn([T.Any], T.Any), true],
    ["anything is any", [1], T.Any, true],
    ["anything fits a variable", "x", T.Var("T"), true],
    ["nothing is never", null, T.Never, false],
  ])("%s", ([, v, t, expected]) => {
    expect(valueHasType(v, t)).toBe(expected);
  });
});
