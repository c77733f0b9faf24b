import { describe, expect, test } from "vitest";
import { callOverload, contextual, defineOp, lazyOverload, overload, shortCircuitOverload, type OpDef, type Overload } from "./define.js";
import { OpError } from "./errors.js";
import { guardHostOp } from "./host-ops.js";
import { invokeOp } from "./invoke.js";
import { Registry } from "./registry.js";
import { createRegistry, standardOps, standardRegistry } from "./std.js";
import { T, union, type Type } from "./types.js";
import { DateValue, groupKeys, type Value } from "./values.js";

const doc = { summary: "A host op.", examples: [{ expr: "1" }] };

function hostOp(...overloads: Overload[]): OpDef {
  return defineOp({ name: "host", category: "number", overloads, doc, handlesNull: overloads.some((o) => o.lazy) });
}

/** The result of the guarded op of one overload declared `result`, whose implementation returns `x`. */
function through(result: Type, x: unknown): Value {
  return invokeOp(guardHostOp(hostOp(overload([], result, () => x as Value))), []);
}

function refusal(result: Type, x: unknown): string {
  try {
    through(result, x);
  } catch (e) {
    if (e instanceof OpError && e.code === "runtime_error") return e.message;
    throw e;
  }
  throw new Error("nothing thrown");
}

describe("guardHostOp converts a result as a binding is converted", () => {
  test("a Date is a date, a plain object or Map a dict, an array a frozen list", () => {
    expect(through(T.Date, new Date(86_400_000))).toEqual(new DateValue(86_400_000));
    expect(through(T.Dict(T.Number), { a: 1 })).toEqual(new Map([["a", 1]]));
    expect(through(T.Dict(T.Number), new Map([["a", 1]]))).toEqual(new Map([["a", 1]]));
    const xs = through(T.List(T.Number), [1, 2]);
    expect(xs).toEqual([1, 2]);
    expect(Object.isFrozen(xs)).toBe(true);
  });
  test("only own data properties are read: no getter runs, no prototype key appears", () => {
    const o = Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true }, got: { get: () => 3, enumerable: true } });
    expect(through(T.Dict(T.Any), o)).toEqual(new Map([["own", 2], ["got", null]]));
  });
  test("undefined is null, and null fits every declared type", () => {
    expect(through(T.Number, undefined)).toBe(null);
    expect(through(T.List(T.Number), [1, null])).toEqual([1, null]);
  });
  test("a group list is kept as it is, with its key", () => {
    const g = Object.freeze([1]);
    groupKeys.set(g, "k");
    expect(through(T.Group(T.Number, T.String), g)).toBe(g);
  });
  test("a result type computed from the arguments is converted but not checked", () => {
    const op = guardHostOp(hostOp(overload([T.Any], (args) => args[0]!, () => ({ a: 1 }) as unknown as Value)));
    expect(invokeOp(op, [1])).toEqual(new Map([["a", 1]]));
  });
});

describe("guardHostOp refuses a result its declared type excludes", () => {
  test.for([
    ["an object for a number", T.Number, { n: 2 }, "`host` returned a dict, not the number it declares"],
    ["a string for a number", T.Number, "2", "`host` returned a string, not the number it declares"],
    ["a string in a dict of numbers", T.Dict(T.Number), { a: "x" }, "`host` returned a dict whose `.a` is a string, not the dict<number> it declares"],
    ["a boolean under a key that is no name", T.Dict(T.Number), { "a b": true }, "`host` returned a dict whose `[\"a b\"]` is a boolean, not the dict<number> it declares"],
    ["a number deep in a list of lists", T.List(T.List(T.String)), [["a"], ["b", 1]], "`host` returned a list whose `[1][1]` is a number, not the list<list<string>> it declares"],
    ["an object for a list of anything", T.List(T.Var("T")), { a: 1 }, "`host` returned a dict, not the list<T> it declares"],
    ["a list for a union", union(T.Number, T.String), [1], "`host` returned a list, not the number|string it declares"],
    ["a plain list for a group", T.Group(T.Number, T.String), [1], "`host` returned a list, not the group<string, number> it declares"],
    ["an invalid Date (refused, as in a binding)", T.Date, new Date(Number.NaN), "`host` returned data that cannot be read: an invalid date"],
    ["a Proxy whose keys throw", T.Dict(T.Any), new Proxy({}, { ownKeys: () => { throw new Error("trap"); } }), "`host` returned data that could not be read (trap)"],
    ["a symbol", T.Number, Symbol("s"), "`host` returned a JavaScript symbol, which is not a qel value"],
  ] as const)("%s", ([, t, x, message]) => {
    if (message === null) expect(through(t, x)).toBe(null);
    else expect(refusal(t, x)).toBe(message);
  });
  test("type variables and any accept whatever is concrete", () => {
    expect(through(T.Var("T"), { a: 1 })).toEqual(new Map([["a", 1]]));
    expect(through(T.List(T.Var("T")), [{ a: 1 }, 2])).toEqual([new Map([["a", 1]]), 2]);
    expect(through(T.Any, "s")).toBe("s");
  });
  test("data nested past the data depth is refused, not cut", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(refusal(T.Any, deep)).toMatch(/nested more than 100 levels deep/);
  });
});

describe("guardHostOp on every kind of overload", () => {
  test("a contextual overload receives the context first and has its result converted", () => {
    const op = guardHostOp(hostOp(contextual([], T.Date, (cx) => new Date(cx.now) as unknown as DateValue)));
    expect(callOverload(op.overloads[0]!, [], { now: 5, maxStringLength: 10 })).toEqual(new DateValue(5));
  });
  test("a lazy overload receives its thunks", () => {
    const op = guardHostOp(hostOp(lazyOverload([T.Number], T.Dict(T.Number), (x) => ({ x: x() }) as unknown as Map<string, Value>)));
    expect(callOverload(op.overloads[0]!, [3])).toEqual(new Map([["x", 3]]));
  });
  test("a short-circuit rule's combined value is checked, where evaluators apply the rule", () => {
    const op = guardHostOp(hostOp(shortCircuitOverload([T.Number, T.Number], T.Number, {
      decides: (a) => a === 0,
      combine: (_a, b) => (b === 1 ? b : ({ b } as unknown as number)),
    })));
    const rule = op.overloads[0]!.shortCircuit!;
    expect(rule.combine(2, 1)).toBe(1);
    expect(() => rule.combine(2, 2)).toThrow(OpError);
    expect(callOverload(op.overloads[0]!, [0, 2])).toBe(0);
  });
  test("the host's own errors pass through unchanged", () => {
    const thrown = new TypeError("bad data");
    const op = guardHostOp(hostOp(overload([], T.Number, () => {
      throw thrown;
    })));
    expect(() => invokeOp(op, [])).toThrow(thrown);
  });
  test("the rest of the declaration is kept", () => {
    const given = defineOp({ name: "h", alias: "hh", category: "number", overloads: [overload([T.Number], T.Number, (x) => x, { sql: { template: { duckdb: "$0" } } })], doc });
    const held = guardHostOp(given);
    expect({ ...held, overloads: undefined }).toEqual({ ...given, overloads: undefined });
    expect(held.overloads[0]).toMatchObject({ params: [T.Number], result: T.Number, sql: { template: { duckdb: "$0" } }, lazy: false, context: false });
    expect(Object.isFrozen(held) && Object.isFrozen(held.overloads[0])).toBe(true);
  });
});

describe("which ops are guarded", () => {
  test("standard ops are never guarded: each is its own object, implementations included", () => {
    const registry = createRegistry([hostOp(overload([], T.Number, () => 1))]);
    for (const op of standardOps) {
      expect(guardHostOp(op)).toBe(op);
      expect(registry.lookup(op.name)).toBe(op);
    }
    expect(new Registry(standardRegistry.all()).lookup("map")!.overloads[0]!.impl).toBe(standardRegistry.lookup("map")!.overloads[0]!.impl);
  });
  test("a host op is guarded once, however often it is registered", () => {
    const given = hostOp(overload([], T.Number, () => 1));
    const held = guardHostOp(given);
    expect(held).not.toBe(given);
    expect(guardHostOp(held)).toBe(held);
    expect(guardHostOp(given)).toBe(held);
    expect(createRegistry([given]).lookup("host")).toBe(held);
    const registry = new Registry().register(given);
    expect(registry.lookup("host")).toBe(held);
    expect(registry.extend([]).lookup("host")).toBe(registry.lookup("host"));
  });
});

describe("an op of the wrong shape, however it reaches a registry", () => {
  const malformed = { name: "bad", category: "number", overloads: [{ params: ["number"], optional: 0, result: { kind: "number" }, impl: () => 1 }], doc: { summary: "s", examples: [{ expr: "1" }] } } as unknown as OpDef;
  test.each([
    ["new Registry", () => new Registry([malformed])],
    ["register", () => new Registry([]).register(malformed)],
  ])("%s refuses it with an invalid_argument naming the field", (_, f) => {
    let caught: unknown;
    try {
      f();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OpError);
    expect((caught as OpError).code).toBe("invalid_argument");
    expect((caught as OpError).message).toContain("`overloads[0].params[0]` must be a type");
  });
});
