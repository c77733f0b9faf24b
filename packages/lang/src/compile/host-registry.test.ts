import { describe, expect, test } from "vitest";
import { compile, createRegistry, defineOp, inferSchema, loadRuns, overload, QelError, T } from "../index.js";

function thrown(f: () => unknown): { code: string; message: string; span: unknown } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof QelError)) throw e;
    return { code: e.diagnostic.code, message: e.diagnostic.message, span: e.diagnostic.span };
  }
  throw new Error("did not throw");
}

const double = defineOp({
  name: "double", category: "number",
  overloads: [overload([T.Number], T.Number, (x) => 2 * x)],
  doc: { summary: "Twice x.", examples: [{ expr: "double(2)" }] },
});

describe("inferSchema", () => {
  test.for<[string, unknown, string]>([
    ["plain JSON runs", [{ name: "a", createdAt: "2026-01-01T00:00:00Z" }], "item 0 is a plain object, not a Run"],
    ["null", null, "got null"],
    ["a number", 5, "got number"],
    ["a string", "runs", "got string"],
    ["a throwing Proxy", new Proxy([], { get: () => { throw new Error("boom"); } }), "could not be read (boom)"],
  ])("refuses %s, pointing at loadRuns", ([, runs, message]) => {
    const e = thrown(() => inferSchema(runs as never));
    expect(e).toMatchObject({ code: "invalid_argument", span: { start: 0, end: 0 } });
    expect(e.message).toContain("loadRuns");
    expect(e.message).toContain(message);
  });

  test("reads Run objects as before", () => {
    const runs = loadRuns([{ name: "a", createdAt: "2026-01-01T00:00:00Z", config: { lr: 0.1 } }]);
    expect([...inferSchema(runs).config.keys()]).toEqual(["lr"]);
    expect(inferSchema(new Set(runs)).config.size).toBe(1);
  });
});

describe("defineOp and createRegistry", () => {
  const spec = { name: "twice", category: "number", overloads: [overload([T.Number], T.Number, (x) => 2 * x)], doc: { summary: "s", examples: [{ expr: "twice(1)" }] } };
  test.for<[string, unknown, string]>([
    ["null", null, "must be an object"],
    ["no name", { ...spec, name: undefined }, "`name` must be a non-empty string"],
    ["overloads not an array", { ...spec, overloads: {} }, "`overloads` must be a non-empty array"],
    ["no overloads", { ...spec, overloads: [] }, "`overloads` must be a non-empty array"],
    ["params that are not types", { ...spec, overloads: [overload(["number"] as never, T.Number, () => 1)] }, "`overloads[0].params[0]` must be a type"],
    ["params not an array", { ...spec, overloads: [{ ...overload([T.Number], T.Number, () => 1), params: null }] }, "`overloads[0].params` must be an array"],
    ["an unknown category", { ...spec, category: "misc" }, "`category` must be one of"],
    ["no doc example", { ...spec, doc: { summary: "s", examples: [] } }, "`doc.examples` must be a non-empty array"],
    ["a throwing Proxy", new Proxy({}, { get: () => { throw new Error("boom"); } }), "could not be read (boom)"],
  ])("defineOp refuses %s", ([, given, message]) => {
    const e = thrown(() => defineOp(given as never));
    expect(e).toMatchObject({ code: "invalid_argument", span: { start: 0, end: 0 } });
    expect(e.message).toContain(message);
  });

  test.for<[string, unknown, string]>([
    ["null", null, "got null"],
    ["a number", 5, "got 5"],
    ["an item that is not an op", [null], "createRegistry (op 0)"],
    ["a malformed op", [{ ...double, overloads: [{ params: [1] }] }], "`overloads[0].params[0]` must be a type"],
    ["an op whose name is taken", [{ ...double, name: "count" }], 'op name "count" is already registered'],
  ])("createRegistry refuses %s", ([, extra, message]) => {
    const e = thrown(() => createRegistry(extra as never));
    expect(e.code).toBe("invalid_argument");
    expect(e.message).toContain(message);
  });

  test("valid declarations work as before", () => {
    expect(compile("double(21)", { registry: createRegistry([double]) }).run()).toBe(42);
    expect(createRegistry().lookup("count")).toBeDefined();
    expect(createRegistry(undefined).lookup("double")).toBeUndefined();
  });
});
