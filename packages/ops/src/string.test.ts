import { describe, expect, test } from "vitest";
import { invokeOp } from "./invoke.js";
import { standardRegistry } from "./std.js";
import type { Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);

describe("string ops", () => {
  test.for<[string, Value[], Value]>([
    ["len", ["abc"], 3],
    ["len", [""], 0],
    ["len", ["🚀"], 1],
    ["len", ["👩‍👩‍👧"], 5],
    ["len", ["héllo"], 5],
    ["lower", ["ÀB c"], "àb c"],
    ["upper", ["straße"], "STRASSE"],
    ["trim", ["\t a b \n"], "a b"],
    ["startsWith", ["eval-x", "eval"], true],
    ["startsWith", ["eval-x", ""], true],
    ["startsWith", ["a", "ab"], false],
    ["endsWith", ["run-01", "01"], true],
    ["endsWith", ["run-01", "1."], false],
    ["split", ["a,b,,c", ","], ["a", "b", "", "c"]],
    ["split", ["abc", "x"], ["abc"]],
    ["split", ["a🚀b", ""], ["a", "🚀", "b"]],
    ["split", ["", ","], [""]],
    ["split", ["a.b", "."], ["a", "b"]],
    ["replace", ["a.b.c", ".", "-"], "a-b-c"],
    ["replace", ["a+b", "+", "$&"], "a$&b"],
    ["replace", ["x*y", "*", "$1"], "x$1y"],
    ["replace", ["(a)(a)", "(a)", "[$`]"], "[$`][$`]"],
    ["replace", ["a\\b", "\\", "/"], "a/b"],
    ["replace", ["^a^", "^", ""], "a"],
    ["replace", ["aaa", "aa", "b"], "ba"],
    ["replace", ["abc", "", "-"], "abc"],
    ["replace", ["abc", "x", "y"], "abc"],
    ["slice", ["🚀 launch", 2], "launch"],
    ["slice", ["abcdef", 1, 3], "bc"],
    ["slice", ["abcdef", -2], "ef"],
    ["slice", ["abcdef", 1, -1], "bcde"],
    ["slice", ["abc", 5], ""],
    ["slice", ["a🚀b", 1, 2], "🚀"],
    ["slice", [[1, 2, 3, 4], 1, 3], [2, 3]],
    ["slice", [[1, 2, 3], -1], [3]],
    ["slice", [[], 0, 1], []],
    ["slice", ["abc", 0, null], null],
    ["contains", ["a🚀b", "🚀"], true],
    ["len", [null], null],
    ["replace", ["abc", null, "x"], null],
  ])("%s(%j)", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });
});
