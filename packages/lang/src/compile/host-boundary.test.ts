/**
 * What a host hands over (the expression, bindings, options) is validated where it enters: only a QelError ever
 * comes back, and converting a host's data is linear in its distinct objects and covered by the limits.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { MAX_DATA_DEPTH, OpError, Run, toJsonValue } from "@qel/ops";
import { QelError } from "../syntax/diagnostics.js";
import { evaluate } from "./evaluate.js";
import { loadRuns, toJson } from "./host-data.js";

afterEach(() => {
  vi.restoreAllMocks();
});

/** The code of the QelError `f` throws; fails the test on anything else thrown, or nothing. */
function qelCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof QelError) return e.diagnostic.code;
    throw new Error(`not a QelError: ${String(e)}`);
  }
  throw new Error("nothing thrown");
}

const throwing = (): never => {
  throw new Error("trap");
};

describe("only QelError reaches a host", () => {
  test.for([
    ["a Proxy as bindings", () => evaluate("x", new Proxy({}, { ownKeys: throwing })), "invalid_argument"],
    ["a Proxy as bindings whose get throws", () => evaluate("runs.count", new Proxy({ runs: [] }, { get: throwing })), "invalid_argument"],
    ["bindings that are not an object", () => evaluate("1", 5 as never), "invalid_argument"],
    ["null options", () => evaluate("1", {}, null as never), "invalid_option"],
    ["a null expression", () => evaluate(null as never), "invalid_argument"],
    ["an expression that is a number", () => evaluate(42 as never), "invalid_argument"],
    ["options with a throwing getter", () => evaluate("1", {}, { get timeoutMs(): number { return throwing(); } }), "invalid_option"],
    ["options that are a throwing Proxy", () => evaluate("1", {}, new Proxy({}, { ownKeys: throwing })), "invalid_option"],
    ["a signal whose aborted getter throws", () => evaluate("1", {}, { signal: { get aborted(): boolean { return throwing(); } } }), "invalid_option"],
    ["a signal that starts throwing during the evaluation", () => {
      let reads = 0;
      const signal = { get aborted(): boolean { return ++reads > 2 ? throwing() : false; } };
      return evaluate("range(0, 100000).map(x => x).count", {}, { signal });
    }, "invalid_option"],
    ["now past the date range", () => evaluate("now()", {}, { now: 8.64e15 + 1 }), "invalid_option"],
    ["now before the date range", () => evaluate("now()", {}, { now: -8.64e15 - 1 }), "invalid_option"],
  ] as const)("%s", ([, f, code]) => {
    expect(qelCode(f)).toBe(code);
  });

  test("now at the edge of the date range is accepted, as date() accepts it", () => {
    expect(evaluate("now() == date(8.64e15)", {}, { now: 8.64e15 })).toBe(true);
    expect(qelCode(() => evaluate("date(8.64e15 + 1)"))).toBe("invalid_argument");
  });

  test.for([
    ["a Proxy", () => new Proxy([], { get: throwing })],
    ["a run with a throwing getter", () => [{ name: "a", get createdAt(): string { return throwing(); } }]],
    ["a run whose config contains itself", () => {
      const config: Record<string, unknown> = {};
      config.self = config;
      return [{ name: "a", createdAt: "2026-01-01T00:00:00Z", config }];
    }],
    ["a run whose summary nests 10 000 levels deep", () => {
      let deep: unknown = 1;
      for (let i = 0; i < 10_000; i++) deep = { a: deep };
      return [{ name: "a", createdAt: "2026-01-01T00:00:00Z", summary: { deep } }];
    }],
  ] as const)("loadRuns of %s throws an invalid_argument QelError", ([, input]) => {
    expect(qelCode(() => loadRuns(input()))).toBe("invalid_argument");
  });

  test("toJson of a forged Run throws a QelError", () => {
    expect(qelCode(() => toJson(Object.create(Run.prototype) as Run))).toMatch(/^[a-z_]+$/);
  });

  test("toJsonValue on a forged Run throws an OpError, not a TypeError", () => {
    const forged = Object.create(Run.prototype) as Run;
    expect(() => toJsonValue(forged)).toThrow(OpError);
  });
});

describe("host data conversion is linear and within the limits", () => {
  /** `o = [o, o]`, `levels` times over: 2^levels paths, levels + 1 distinct lists. */
  function doubled(levels: number): unknown {
    let o: unknown = [];
    for (let i = 0; i < levels; i++) o = [o, o];
    return o;
  }

  test("a binding sharing its sub-lists 26 times over converts at once, and printing it stops at a limit", () => {
    const o = doubled(26);
    expect(evaluate("o.count", { o }, { timeoutMs: 100 })).toBe(2);
    expect(qelCode(() => evaluate("o.toString().len", { o }, { timeoutMs: 100 }))).toMatch(/^(output|time)_limit_exceeded$/);
  });

  test.for([MAX_DATA_DEPTH, MAX_DATA_DEPTH + 1])("a binding nested %i levels deep", (levels) => {
    let x: unknown = 1;
    for (let i = 0; i < levels; i++) x = [x];
    const outcome = levels <= MAX_DATA_DEPTH ? evaluate("x.count", { x }) : qelCode(() => evaluate("x.count", { x }));
    expect(outcome).toBe(levels <= MAX_DATA_DEPTH ? 1 : "invalid_argument");
  });

  test("200 000 plain runs load (no spread of a long list into call arguments)", () => {
    const runs = Array.from({ length: 200_000 }, (_, i) => ({ name: `r${i}`, createdAt: "2026-01-01T00:00:00Z" }));
    expect(evaluate("runs.count", { runs }, { timeoutMs: Infinity })).toBe(200_000);
  }, 60_000);

  test("converting a big binding counts toward the time limit", () => {
    let t = 0;
    vi.spyOn(Date, "now").mockImplementation(() => (t += 40));
    const big = Array.from({ length: 100_000 }, (_, i) => ({ i }));
    expect(qelCode(() => evaluate("big.count", { big }, { timeoutMs: 100 }))).toBe("time_limit_exceeded");
  });
});
