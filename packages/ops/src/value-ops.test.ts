import { describe, expect, test } from "vitest";
import { docRuns } from "./doc-dataset.js";
import { OpError } from "./errors.js";
import { sameValueKey, valueEquals } from "./value-equality.js";
import { toJsonValue } from "./value-json.js";
import { compareValues } from "./value-order.js";
import { formatDuration, isPlainKey, printJoined, printValue } from "./value-print.js";
import { ArtifactVersion, DateValue, DurationValue, EMPTY_DICT, FunctionValue, User, groupKeys, type Value } from "./values.js";

const d = (o: Record<string, Value>): Value => new Map(Object.entries(o));
const date = (iso: string): DateValue => new DateValue(Date.parse(iso));
const av = (name: string, version: number, selected: string | null = null): ArtifactVersion =>
  new ArtifactVersion(name, version, [`v${version}`], null, null, null, null, selected);
const f = new FunctionValue("f", 1, (x) => x);

describe("valueEquals", () => {
  test.for<[string, Value, Value, boolean]>([
    ["numbers", 1, 1, true],
    ["zero and negative zero", 0, -0, true],
    ["NaN is equal to nothing", NaN, NaN, false],
    ["number and string", 1, "1", false],
    ["number and boolean", 1, true, false],
    ["null and null", null, null, true],
    ["null and 0", null, 0, false],
    ["lists structurally", [1, [2, "a"]], [1, [2, "a"]], true],
    ["lists of different length", [1], [1, 2], false],
    ["lists with NaN", [NaN], [NaN], false],
    ["dicts ignoring key order", d({ a: 1, b: [2] }), d({ b: [2], a: 1 }), true],
    ["dicts with different keys", d({ a: 1 }), d({ b: 1 }), false],
    ["dicts with a null value vs missing key", d({ a: null }), d({ b: null }), false],
    ["dates by instant", date("2026-01-01T00:00:00Z"), date("2026-01-01T01:00:00+01:00"), true],
    ["date and duration of the same ms", new DateValue(5), new DurationValue(5), false],
    ["durations", new DurationValue(60_000), new DurationValue(60_000), true],
    ["runs by name", docRuns[0]!, docRuns[0]!, true],
    ["different runs", docRuns[0]!, docRuns[1]!, false],
    ["artifact versions by name and version", av("m", 1), av("m", 1, "best"), true],
    ["artifact versions of other versions", av("m", 1), av("m", 2), false],
    ["users by username", new User("a", "A", null), new User("a", null, "x"), true],
    ["functions by identity", f, f, true],
    ["different functions", f, new FunctionValue("f", 1, (x) => x), false],
    ["list and dict", [], EMPTY_DICT, false],
  ])("%s", ([, a, b, expected]) => {
    expect(valueEquals(a, b)).toBe(expected);
    expect(valueEquals(b, a)).toBe(expected);
  });
});

describe("sameValueKey", () => {
  test.for<[string, Value, Value, boolean]>([
    ["NaNs are one value", NaN, 0 / 0, true],
    ["1 and \"1\" differ", 1, "1", false],
    ["true and \"T\" differ", true, "T", false],
    ["null and \"null\" differ", null, "null", false],
    ["0 and -0 are one value", 0, -0, true],
    ["dates by instant", date("2026-01-01T00:00:00Z"), date("2026-01-01T01:00:00+01:00"), true],
    ["date and number", new DateValue(5), 5, false],
    ["date and duration", new DateValue(5), new DurationValue(5), false],
    ["lists structurally", [1, "a", [NaN]], [1, "a", [NaN]], true],
    ["list elements keep types", [1], ["1"], false],
    ["strings with separators", ["a,b"], ["a", "b"], false],
    ["dicts ignore key order", d({ a: 1, b: 2 }), d({ b: 2, a: 1 }), true],
    ["a string cannot pose as a list", "[1]", [1], false],
    ["runs by name", docRuns[0]!, docRuns[0]!, true],
    ["functions by identity", f, new FunctionValue("f", 1, (x) => x), false],
  ])("%s", ([, a, b, same]) => {
    expect(sameValueKey(a) === sameValueKey(b)).toBe(same);
  });
});

describe("compareValues", () => {
  const sorted = (xs: Value[], desc = false): Value[] => [...xs].sort((a, b) => compareValues(a, b, desc));
  test("numbers, with NaN and null last in both directions", () => {
    expect(sorted([3, null, NaN, 1, 2])).toEqual([1, 2, 3, NaN, null]);
    expect(sorted([3, null, NaN, 1, 2], true)).toEqual([3, 2, 1, NaN, null]);
  });
  test("strings by UTF-16 code unit", () => {
    expect(sorted(["b", "B", "a", "é", "z"])).toEqual(["B", "a", "b", "z", "é"]);
  });
  test("mixed kinds by kind order", () => {
    expect(sorted(["a", 1, true, new DurationValue(1), new DateValue(1), [0]])).toEqual([true, 1, "a", new DateValue(1), new DurationValue(1), [0]]);
  });
  test("lists element by element, shorter first", () => {
    expect(sorted([[1, 2], [1], [0, 9], [1, null], [1, 1]])).toEqual([[0, 9], [1], [1, 1], [1, 2], [1, null]]);
  });
  test("dates, durations, booleans, runs, artifact versions, users", () => {
    expect(compareValues(date("2026-01-02"), date("2026-01-01"))).toBeGreaterThan(0);
    expect(compareValues(new DurationValue(1), new DurationValue(2))).toBeLessThan(0);
    expect(compareValues(false, true)).toBeLessThan(0);
    expect(compareValues(docRuns[1]!, docRuns[0]!)).toBeGreaterThan(0);
    expect(compareValues(av("a", 2), av("a", 10))).toBeLessThan(0);
    expect(compareValues(new User("b", null, null), new User("a", null, null))).toBeGreaterThan(0);
    expect(compareValues(d({ a: 1 }), d({ a: 2 }))).toBe(0);
  });
});

describe("printValue", () => {
  test.for<[Value, string]>([
    ["text", "text"],
    [0.1, "0.1"],
    [1e21, "1e+21"],
    [-0, "0"],
    [NaN, "NaN"],
    [-Infinity, "-Infinity"],
    [true, "true"],
    [null, "null"],
    [[1, "a", null, [true]], '[1, "a", null, [true]]'],
    [d({ lr: 0.1, "val/loss": 2, not: 1 }), '{lr: 0.1, "val/loss": 2, "not": 1}'],
    [date("2026-03-02T09:00:00Z"), "2026-03-02T09:00:00.000Z"],
    [new DurationValue(5_400_000), "1h 30m"],
    [docRuns[0]!, "<Run run-01>"],
    [av("model", 3), "<ArtifactVersion model:v3>"],
    [new User("alice", null, null), "<User alice>"],
    [f, "<fn f>"],
  ])("%j", ([v, text]) => {
    expect(printValue(v)).toBe(text);
  });
});

describe("formatDuration", () => {
  test.for<[number, string]>([
    [0, "0s"],
    [500, "500ms"],
    [90_000, "1m 30s"],
    [5_400_000, "1h 30m"],
    [86_400_000 + 5000, "1d 5s"],
    [-2_700_000, "-45m"],
    [1.5, "1.5ms"],
    [NaN, "NaNms"],
  ])("%d ms", ([ms, text]) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

test("isPlainKey", () => {
  expect(["lr", "_x1", "trueish"].every(isPlainKey)).toBe(true);
  expect(["val/loss", "1a", "", "null", "and"].some(isPlainKey)).toBe(false);
});

describe("the string limit of printing", () => {
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
      return undefined;
    } catch (e) {
      return e instanceof OpError ? e.code : String(e);
    }
  };
  test("printing and joining throw, rather than build, a text longer than the limit", () => {
    const v: Value = [1, [2, "a"]];
    expect(printValue(v, 13)).toBe('[1, [2, "a"]]');
    expect(code(() => printValue(v, 12))).toBe("output_limit_exceeded");
    expect(printJoined(["ab", null, [1]], "-", 6)).toBe("ab-[1]");
    expect(code(() => printJoined(["ab", null, [1]], "-", 5))).toBe("output_limit_exceeded");
    // a list shared a million times is refused after printing about as much as the limit allows
    const shared = Array.from({ length: 1000 }, (_, i) => i);
    const big = Array.from({ length: 1_000_000 }, () => shared);
    expect(code(() => printValue(big, 10_000))).toBe("output_limit_exceeded");
  });
  test("without a limit, any length", () => {
    const long = "x".repeat(20);
    expect(printValue([long])).toBe(`["${long}"]`);
  });
});

describe("toJsonValue", () => {
  test("numbers, non-finite numbers, dates, durations", () => {
    expect(toJsonValue([1, NaN, Infinity, -Infinity, -0])).toEqual([1, "NaN", "Infinity", "-Infinity", 0]);
    expect(toJsonValue(date("2026-03-02T09:00:00Z"))).toBe("2026-03-02T09:00:00.000Z");
    expect(toJsonValue(new DurationValue(-1500))).toEqual({ duration_ms: -1500 });
  });

  test("dicts keep order and treat __proto__ as a key", () => {
    const j = toJsonValue(new Map<string, Value>([["b", 1], ["__proto__", d({ polluted: true })], ["a", null]]));
    expect(JSON.stringify(j)).toBe('{"b":1,"__proto__":{"polluted":true},"a":null}');
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  test("a group keeps its key", () => {
    const g = Object.freeze([1, 2]);
    groupKeys.set(g, "k");
    expect(toJsonValue([g])).toEqual([{ key: "k", items: [1, 2] }]);
  });

  test("runs, artifact versions and users in the canonical runs format", () => {
    const j = toJsonValue(docRuns[0]!) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual([
      "name", "displayName", "jobType", "state", "createdAt", "heartbeatAt", "user", "config", "summary", "history",
      "loggedArtifacts", "usedArtifacts", "tags", "group", "project", "entity", "notes", "metadata",
    ]);
    expect(j["user"]).toEqual({ username: "alice", name: "Alice Chen", email: "alice@example.com" });
    expect((j["loggedArtifacts"] as unknown[])[1]).toEqual({
      name: "model", version: 1, aliases: ["best", "v1"], type: "model", size: 1_000_000, createdAt: "2026-03-02T10:29:00.000Z",
    });
    const crashed = toJsonValue(docRuns[2]!) as Record<string, unknown>;
    expect(crashed["summary"]).toEqual({ accuracy: 0.12, val_loss: "NaN" });
    const bare = toJsonValue(docRuns[6]!) as Record<string, unknown>;
    expect(bare["user"]).toBeUndefined();
    expect(bare["jobType"]).toBeUndefined();
  });

  test("counts what it writes and stops past the limit, a shared value counted each time it is written", () => {
    const tooLarge = (v: Value, max: number): string | undefined => {
      try {
        toJsonValue(v, max);
        return undefined;
      } catch (e) {
        return e instanceof OpError ? e.code : String(e);
      }
    };
    // the list and its three numbers
    expect(tooLarge([1, 2, 3], 4)).toBeUndefined();
    expect(tooLarge([1, 2, 3], 3)).toBe("output_limit_exceeded");
    // a string counts one value per 100 characters
    expect(tooLarge(["x".repeat(250)], 4)).toBeUndefined();
    expect(tooLarge(["x".repeat(250)], 3)).toBe("output_limit_exceeded");
    const run = docRuns[0]!;
    const runValues = JSON.stringify(toJsonValue(run)).length; // more characters than values: a safe bound
    expect(tooLarge(Array.from({ length: 1000 }, () => run), 1000 * runValues)).toBeUndefined();
    expect(tooLarge(Array.from({ length: 1000 }, () => run), 1000)).toBe("output_limit_exceeded");
  });

  test("extra fields are kept without shadowing known ones", () => {
    const a = new ArtifactVersion("m", 1, ["v1"], null, null, null, null, null, new Map<string, Value>([["name", "other"], ["ttl", 3]]));
    expect(toJsonValue(a)).toEqual({ name: "m", version: 1, aliases: ["v1"], ttl: 3 });
  });

  test("functions print", () => {
    expect(toJsonValue(f)).toBe("<fn f>");
  });
});
