import { describe, expect, test } from "vitest";
import { describeValue, isPlainName, quoteValue } from "./arguments.js";
import { migrateExpression } from "./migrate.js";
import { renameKeys } from "./rename-key.js";
import { replaceOp } from "./replace-op.js";

const refusal = (message: string) => [{ code: "invalid_argument", severity: "error", message, span: { start: 0, end: 0 } }];

describe("describeValue and quoteValue name any value without throwing", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic["self"] = cyclic;
  test.for([
    [Number.NaN, "NaN", "NaN"],
    [2n, "2n (a bigint)", "2n (a bigint)"],
    [Symbol("s"), "a symbol", "a symbol"],
    [cyclic, "an object", "an object"],
    [null, "null", "null"],
    [undefined, "undefined", "undefined"],
    [[1], "an array", "[1]"],
    ["lr", '"lr"', '"lr"'],
    [() => 1, "a function", "a function"],
  ] as const)("%s", ([value, described, quoted]) => {
    expect(describeValue(value)).toBe(described);
    expect(quoteValue(value)).toBe(quoted);
  });
});

test.for([
  ["count", true], ["_x1", true], ["count + 1", false], ["a b", false], ["1a", false], ["", false], ["null", false], ["in", false], ["é", false], [5, false],
] as const)("isPlainName(%j) is %s", ([name, expected]) => {
  expect(isPlainName(name)).toBe(expected);
});

describe("replaceOp takes op names only", () => {
  test.for([
    ["count", "count + 1", 'the new op must be an op name (letters, digits and _, not a keyword), not "count + 1"'],
    ["count", "a b", 'the new op must be an op name (letters, digits and _, not a keyword), not "a b"'],
    ["count", "null", 'the new op must be an op name (letters, digits and _, not a keyword), not "null"'],
    ["count", 5, "the new op must be an op name (letters, digits and _, not a keyword), not 5"],
    ["co unt", "size", 'the op to replace must be an op name (letters, digits and _, not a keyword), not "co unt"'],
    [undefined, "size", "the op to replace must be an op name (letters, digits and _, not a keyword), not undefined"],
  ] as const)("%j → %j", ([from, to, message]) => {
    expect(replaceOp("runs.count", from as never, to as never)).toEqual({
      expr: "runs.count", changed: false, changes: [], skipped: [], type: undefined, diagnostics: refusal(message),
    });
  });

  test("a `to` that names no op is left to the re-check, which reports it where it is written", () => {
    const r = replaceOp("runs.count", "count", "nosuchop");
    expect(r.expr).toBe("runs.nosuchop");
    expect(r.diagnostics.map((d) => [d.code, d.span])).toEqual([["unknown_field", { start: 5, end: 13 }]]);
  });

  test("a valid replacement is as before", () => {
    expect(replaceOp("runs.map(r => r.runtime)", "runtime", "runRuntime")).toMatchObject({ expr: "runs.map(r => r.runRuntime)", changed: true, diagnostics: [] });
  });
});

describe("renameKeys refuses renames it cannot apply and rewrites nothing", () => {
  test.for([
    [null, "the renames must be a list of {from, to}, not null"],
    [{ from: "lr", to: "x" }, 'the renames must be a list of {from, to}, not {"from":"lr","to":"x"}'],
    [[{ from: "lr" }], 'renames[0] {"from":"lr"}: `to` must be the new key, a non-empty string, not missing'],
    [[{ from: "lr", to: "" }], 'renames[0] {"from":"lr","to":""}: `to` must be the new key, a non-empty string, not ""'],
    [[{ from: 1, to: 2 }], 'renames[0] {"from":1,"to":2}: `from` must be the old key, a non-empty string, not 1'],
    [[{ part: "conf", from: "lr", to: "x" }], 'renames[0] {"part":"conf","from":"lr","to":"x"}: `part` must be "config", "summary" or "history"'],
    [[{ prat: "config", from: "lr", to: "x" }], 'renames[0] {"prat":"config","from":"lr","to":"x"}: a rename has no field `prat` (its fields are part, from and to)'],
    [[{ from: "lr", to: "a" }, { part: "config", from: "lr", to: "b" }], 'renames[0] and renames[1] rename "lr" to different keys ("a" and "b")'],
  ] as const)("%j", ([renames, message]) => {
    expect(renameKeys("runs[0].config.lr", renames as never)).toEqual({
      expr: "runs[0].config.lr", changed: false, changes: [], skipped: [], type: undefined, diagnostics: refusal(message),
    });
  });

  test("the same key renamed in two different dicts is fine", () => {
    const r = renameKeys("runs[0].config.lr + runs[0].summary.lr", [{ part: "config", from: "lr", to: "a" }, { part: "summary", from: "lr", to: "b" }]);
    expect(r.expr).toBe("runs[0].config.a + runs[0].summary.b");
  });
});

describe("migrateExpression refuses a table or version it cannot use", () => {
  test.for([
    [1, { table: {} }, "`table` must be a list of migrations {version, summary, changes}, not {}"],
    ["1", {}, 'the version to migrate from must be a whole number from 1, not "1"'],
    [1, null, "the options must be an object, not null"],
  ] as const)("from %j with %j", ([from, options, message]) => {
    const r = migrateExpression("runs.count", from as never, options as never);
    expect(r).toEqual({ expr: "runs.count", changed: false, changes: [], skipped: [], type: undefined, diagnostics: refusal(message) });
  });

  test("the standard table migrates as before", () => {
    expect(migrateExpression("runs.count", 1)).toMatchObject({ expr: "runs.count", changed: false, type: "number", diagnostics: [] });
  });
});
