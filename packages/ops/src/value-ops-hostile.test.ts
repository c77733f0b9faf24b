/** Values only a host can build, and non-finite durations: what printing and JSON writing give for them. */
import { describe, expect, test } from "vitest";
import { OpError } from "./errors.js";
import { toJsonValue } from "./value-json.js";
import { printJoined, printValue } from "./value-print.js";
import { DurationValue, type Value } from "./values.js";

/** The OpError `f` throws, or undefined. */
function opErrorOf(f: () => unknown): OpError | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof OpError) return e;
    throw e;
  }
  return undefined;
}

function cyclicList(): Value[] {
  const a: Value[] = [1];
  a.push(a);
  return a;
}

function cyclicDict(): Map<string, Value> {
  const m = new Map<string, Value>([["a", 1]]);
  m.set("self", [m]);
  return m;
}

function deepList(depth: number): Value {
  let v: Value = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe("durations in JSON", () => {
  test.for<[string, number, unknown]>([
    ["NaN", NaN, "NaN"],
    ["+Infinity", Infinity, "Infinity"],
    ["-Infinity", -Infinity, "-Infinity"],
    ["finite", 90_000, 90_000],
    ["negative zero", -0, 0],
  ])("%s milliseconds", ([, ms, expected]) => {
    expect(toJsonValue(new DurationValue(ms))).toStrictEqual({ duration_ms: expected });
  });

  test("NaN, +∞ and −∞ durations stay apart in the written text", () => {
    const written = JSON.stringify(toJsonValue([NaN, Infinity, new DurationValue(NaN), new DurationValue(Infinity), new DurationValue(-Infinity)]));
    expect(written).toBe('["NaN","Infinity",{"duration_ms":"NaN"},{"duration_ms":"Infinity"},{"duration_ms":"-Infinity"}]');
  });
});

describe("values that contain themselves", () => {
  test.for<[string, () => Value]>([
    ["a list", cyclicList],
    ["a dict, through a list", cyclicDict],
  ])("printValue refuses %s with an invalid_argument OpError", ([, make]) => {
    const e = opErrorOf(() => printValue(make()));
    expect(e?.code).toBe("invalid_argument");
    expect(e?.message).toMatch(/contains itself/);
  });

  test("printJoined refuses an element that contains itself", () => {
    expect(opErrorOf(() => printJoined(["a", cyclicList()], ","))?.message).toMatch(/contains itself/);
  });

  test("toJsonValue names the cycle", () => {
    const e = opErrorOf(() => toJsonValue(cyclicList()));
    expect(e?.code).toBe("invalid_argument");
    expect(e?.message).toMatch(/contains itself/);
  });

  test("under a length limit, the limit trips first", () => {
    expect(opErrorOf(() => printValue(cyclicList(), 1000))?.code).toBe("output_limit_exceeded");
  });

  test("a value too deep to print, without a cycle, says so", () => {
    const e = opErrorOf(() => printValue(deepList(100_000)));
    expect(e?.code).toBe("invalid_argument");
    expect(e?.message).toMatch(/nested too deeply/);
  });

  test("a value sharing one list many times prints in full", () => {
    const shared: Value = [1, 2];
    expect(printValue([shared, [shared, shared]])).toBe("[[1, 2], [[1, 2], [1, 2]]]");
  });
});
