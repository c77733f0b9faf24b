import { describe, expect, test } from "vitest";
import { invokeOp } from "./invoke.js";
import { standardRegistry } from "./std.js";
import { T, printType, type Type } from "./types.js";
import type { Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);
const d = (entries: [string, Value][]): Map<string, Value> => new Map(entries);
const cfg = d([["lr", 0.1], ["val/loss", 2], ["__proto__", null], ["nested", d([["a", 1]])]]);

describe("dict ops", () => {
  test.for<[string, Value[], Value]>([
    ["keys", [cfg], ["lr", "val/loss", "__proto__", "nested"]],
    ["keys", [d([])], []],
    ["values", [cfg], [0.1, 2, null, d([["a", 1]])]],
    ["entries", [d([["a", 1], ["b", null]])], [d([["key", "a"], ["value", 1]]), d([["key", "b"], ["value", null]])]],
    ["entries", [d([])], []],
    ["has", [cfg, "lr"], true],
    ["has", [cfg, "__proto__"], true],
    ["has", [cfg, "constructor"], false],
    ["has", [cfg, "toString"], false],
    ["has", [cfg, "nested.a"], false],
    ["has", [cfg, null], null],
    ["pick", [cfg, ["val/loss", "lr", "missing"]], d([["val/loss", 2], ["lr", 0.1]])],
    ["pick", [cfg, []], d([])],
    ["keys", [null], null],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });

  test("result types follow the dict's value types", () => {
    const typed = T.Dict(T.Never, new Map<string, Type>([["lr", T.Number], ["opt", T.String]]));
    const result = (name: string): string => {
      const r = standardRegistry.lookup(name)!.overloads[0]!.result;
      return printType(typeof r === "function" ? r([typed], new Map()) : r);
    };
    expect(result("values")).toBe("list<number|string>");
    expect(result("entries")).toBe("list<{key: string, value: number|string}>");
    expect(result("pick")).toBe("dict<number|string>");
    expect(result("keys")).toBe("list<string>");
  });
});
