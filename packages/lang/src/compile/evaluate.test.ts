import { describe, expect, test } from "vitest";
import { DateValue, defineOp, FunctionValue, OpError, overload, Run, standardRegistry, T, toJsonValue, User, type Value } from "@qel/ops";
import { QelError } from "../syntax/diagnostics.js";
import { evaluate } from "./evaluate.js";

const t0 = new DateValue(Date.UTC(2026, 0, 1));
const t1 = new DateValue(Date.UTC(2026, 0, 1, 1));
function run(name: string, jobType: string | null, config: Record<string, Value> = {}, summary: Record<string, Value> = {}): Run {
  return new Run(name, null, jobType, "finished", t0, t1, new User("ann", null, null), new Map(Object.entries(config)),
    new Map(Object.entries(summary)), [new Map([["_step", 0], ["loss", 1]]), new Map([["_step", 1], ["loss", 0.5]])], [], [], [], null, null);
}
const runs = [run("a", "train", { lr: 0.1 }, { acc: 0.9 }), run("b", "eval", { lr: "auto" }, { acc: null }), run("c", null, {}, { acc: 0.5 })];

function json(src: string, bindings: Record<string, unknown> = { runs }): unknown {
  return toJsonValue(evaluate(src, bindings, { now: 0 }));
}

function failure(src: string, bindings: Record<string, unknown> = { runs }, options = {}): QelError {
  try {
    evaluate(src, bindings, options);
  } catch (e) {
    if (e instanceof QelError) return e;
    throw e;
  }
  throw new Error(`expected ${src} to fail`);
}

describe("semantics", () => {
  test.for([
    ['runs.filter(r => r.jobType == "train").map(runRuntime)', [3600]],
    ["runs.name", ["a", "b", "c"]],
    ["runs.jobType", ["train", "eval", null]],
    ['runs.summary["acc"]', [0.9, null, 0.5]],
    ["runs.summary.acc.avg", 0.7],
    ["runs.history.loss", [[1, 0.5], [1, 0.5], [1, 0.5]]],
    ["runs.map(r => r.history.count)", [2, 2, 2]],
    ["runs.map((r, i) => i)", [0, 1, 2]],
    ["runs.filter(r => r.summary.acc > 0.6).name", ["a"]],
    ["runs.map(r => r.config.lr ?? 0)", [0.1, "auto", 0]],
    ["runs.map(r => r.summary.acc > 0.6 && true)", [true, null, false]],
    ["runs.map(r => r.summary.acc > 0.6 || true)", [true, true, true]],
    ["[1, 2, 3].map(x => y => x + y).map(f => f(10))", [11, 12, 13]],
    ["runs.map(r => r.user.username).unique", ["ann"]],
    ["[[1, 2], [3]].map(xs => xs.map(x => x * 10))", [[10, 20], [30]]],
    ["[[1, 2], [3]] * 10", [[10, 20], [30]]],
    ["{a: {b: [{c: 1}, {c: 2}]}}.a.b[1].c", 2],
    ['{"val/loss": 1}["val/loss"]', 1],
    ["runs.reduce((acc, r) => acc + r.runtime, 0)", 10800],
    ["1 < 2 ? \"yes\" : 1 / 0", "yes"],
    ["runs.sort(r => r.summary.acc, \"desc\").name", ["a", "c", "b"]],
  ] as const)("%s", ([src, expected]) => {
    expect(json(src)).toEqual(expected);
  });

  test("a lambda closes over the parameters of every enclosing lambda", () => {
    expect(json("runs.map(r => r.history.map(h => [r.name, h.loss]))")).toEqual(
      runs.map((r) => [[r.name, 1], [r.name, 0.5]]),
    );
  });
});

describe("bindings", () => {
  test("a binding name holding any character gives an environment of its own", () => {
    expect(json("1", { "a\u0000b": 0 })).toBe(1);
    expect(json("a * b", { a: 2, b: 3 })).toBe(6);
    expect(json("b", { a: 2, b: 3, "a\u0000b": 4 })).toBe(3);
  });
  test("plain canonical run objects are loaded", () => {
    const plain = [{ name: "p", createdAt: "2026-01-01T00:00:00Z", heartbeatAt: "2026-01-01T00:01:00Z", config: { lr: 1 } }];
    expect(json("runs.map(r => [r.name, r.runtime, r.config.lr])", { runs: plain })).toEqual([["p", 60, 1]]);
    expect(json("runs.count", { runs: { format: "qel-runs/1", runs: plain } })).toBe(1);
  });
  test("a run that cannot be read is an invalid_argument", () => {
    expect(failure("runs.count", { runs: [{ name: "x" }] }).diagnostic.code).toBe("invalid_argument");
  });
  test("plain runs holding a cycle are an invalid_argument that says so", () => {
    const config: Record<string, unknown> = { lr: 1 };
    config["self"] = config;
    const e = failure("runs.count", { runs: [{ name: "c", createdAt: "2026-01-01T00:00:00Z", config }] });
    expect([e.diagnostic.code, e.diagnostic.message]).toEqual(["invalid_argument", "the binding `runs[0].config.self` contains a cycle"]);
  });
  test("other bindings are plain data, typed any", () => {
    expect(json("threshold + 1", { threshold: 2 })).toBe(3);
    expect(json("cfg.a.b", { cfg: { a: { b: [1] } } })).toEqual([1]);
    expect(json("when.toISOString()", { when: new Date(0) })).toBe("1970-01-01T00:00:00.000Z");
  });
  test("a variable the expression reads must be bound", () => {
    const e = failure("runs.count", {});
    expect(e.diagnostic.code).toBe("unknown_name");
    expect(e.diagnostic.span).toEqual({ start: 0, end: 4 });
  });
  test("a host function value is called, and its result converted", () => {
    const twice = new FunctionValue("twice", 1, (x) => (typeof x === "number" ? x * 2 : null));
    expect(json("[1, 2].map(x => f(x))", { f: twice })).toEqual([2, 4]);
    const leaky = new FunctionValue("leaky", 0, () => ({ secret: 1 }) as unknown as Value);
    expect(json("f().secret", { f: leaky })).toBe(1);
  });
});

describe("runtime errors", () => {
  const registry = standardRegistry.extend([
    defineOp({
      name: "explode", category: "number",
      overloads: [overload([T.Number], T.Number, (x) => {
        if (x === 1) throw new OpError("invalid_argument", "one is not allowed", "try two");
        if (x === 2) throw new TypeError("cannot read properties of undefined");
        throw new Error("boom");
      })],
      doc: { summary: "Fails.", examples: [{ expr: "1.explode" }] },
    }),
  ]);
  const env = { variables: {}, registry };
  test.for([
    ["1 + explode(1)", "invalid_argument", 4, 14],
    ["[2].map(x => x.explode)", "runtime_error", 13, 22],
    ["[3][0].explode", "internal_error", 0, 14],
  ] as const)("%s → %s at the call", ([src, code, start, end]) => {
    const e = failure(src, {}, { env });
    expect(e).toBeInstanceOf(QelError);
    expect(e.diagnostic.code).toBe(code);
    expect(e.diagnostic.span).toEqual({ start, end });
    expect(e.diagnostic.message).not.toMatch(/at .*\.ts:\d+/);
  });
  test("an OpError keeps its hint", () => {
    expect(failure("explode(1)", {}, { env }).diagnostic.hint).toBe("try two");
  });
  test("run data of a kind the op does not take gives null; a host value of type any is a type_mismatch", () => {
    expect(json("runs.map(r => r.config.lr * 2)")).toEqual([0.2, null, null]);
    expect(json('runs.map(r => r.config.lr.method)')).toEqual([null, null, null]);
    const e = failure("x * 2", { x: "s" }, { env: { variables: { x: T.Any } } });
    expect(e.diagnostic.code).toBe("type_mismatch");
    expect(e.diagnostic.message).toBe("`*` cannot take (string, number)");
    expect(failure("x.method", { x: "s" }, { env: { variables: { x: T.Any } } }).diagnostic.code).toBe("type_mismatch");
  });
  test("a check failure carries every diagnostic", () => {
    const e = failure("[runz, nope]");
    expect(e.diagnostics.map((d) => d.code)).toEqual(["unknown_name", "unknown_name"]);
  });
  test("a runtime failure inside a lambda points at the inner call", () => {
    const e = failure("runs.map(r => range(0, 1, 0))");
    expect(e.diagnostic).toMatchObject({ code: "invalid_argument", span: { start: 14, end: 28 } });
  });
});
