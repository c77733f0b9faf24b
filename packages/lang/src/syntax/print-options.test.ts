/** format() and print() refuse options that are not ones instead of replacing them or failing inside. */
import { describe, expect, test } from "vitest";
import { QelError } from "./diagnostics.js";
import { parse } from "./parse.js";
import { format, print } from "./print.js";

const throwingOptions = Object.defineProperty({}, "width", { get: () => { throw new Error("trap"); } });

describe("format with bad options is one invalid_option diagnostic", () => {
  test.for<[string, unknown, RegExp]>([
    ["null", null, /format options must be an object, got null/],
    ["a number", 5, /format options must be an object, got number/],
    ["a width that is a string", { width: "wide" }, /option `width` must be a positive number, got a string/],
    ["a zero width", { width: 0 }, /option `width` must be a positive number, got 0/],
    ["a NaN width", { width: NaN }, /got NaN/],
    ["options whose getter throws", throwingOptions, /could not be read \(trap\)/],
  ])("%s", ([, options, message]) => {
    const r = format("1 + 1", options as never);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.span])).toStrictEqual([["invalid_option", { start: 0, end: 0 }]]);
    expect(r.diagnostics[0]?.message).toMatch(message);
  });

  test("parse options out of range are still the parser's invalid_option", () => {
    expect(format("1", { maxDepth: -1 }).diagnostics.map((d) => d.code)).toStrictEqual(["invalid_option"]);
  });
});

describe("good options still format", () => {
  test.for<[string, object | undefined, string]>([
    ["no options", undefined, "[1, 2]"],
    ["an empty object", {}, "[1, 2]"],
    ["a narrow width", { width: 4 }, "[\n  1,\n  2,\n]"],
    ["an infinite width", { width: Infinity }, "[1, 2]"],
  ])("%s", ([, options, expected]) => {
    expect(format("[1,2]", options)).toStrictEqual({ ok: true, value: expected, diagnostics: [] });
  });
});

test("print throws a QelError for a bad width, and prints with a good one", () => {
  const parsed = parse("1 + 1");
  if (!parsed.ok) throw new Error("does not parse");
  let thrown: unknown;
  try {
    print(parsed.value, { width: -1 });
  } catch (e) {
    thrown = e;
  }
  expect(thrown instanceof QelError && thrown.diagnostic.code).toBe("invalid_option");
  expect(print(parsed.value, { width: 20 })).toBe("1 + 1");
});
