import { describe, expect, test } from "vitest";
import { invokeOp } from "./invoke.js";
import { standardRegistry } from "./std.js";
import type { Value } from "./values.js";

const call = (name: string, ...args: Value[]): Value => invokeOp(standardRegistry.lookup(name)!, args);

describe("matches and match", () => {
  test.for<[string, Value[], Value]>([
    ["matches", ["train/loss", "^train/"], true],
    ["matches", ["val/loss", "^train/"], false],
    ["matches", ["run-07", "\\d+$"], true],
    ["matches", ["ABC", "(?i)abc"], true],
    ["matches", ["", ""], true],
    ["matches", ["héllo", "^h.llo$"], true],
    ["matches", ["🚀", "^.$"], true],
    ["match", ["lr=0.01,bs=32", "bs=(\\d+)"], ["bs=32", "32"]],
    ["match", ["lr=0.01", "bs=(\\d+)"], null],
    ["match", ["ab", "(a)|(b)"], ["a", "a", null]],
    ["match", ["x", "x"], ["x"]],
    ["match", ["k:v", "(?P<key>\\w+):(\\w+)"], ["k:v", "k", "v"]],
  ])("%s%j is %j", ([name, args, expected]) => {
    expect(call(name, ...args)).toEqual(expected);
  });
});
