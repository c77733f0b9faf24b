/**
 * A host op's result crosses into qel converted the way bindings are and checked against its declared result
 * type (packages/ops/src/host-ops.ts): natural JavaScript gives its answer, a wrong kind a QelError naming the op at
 * the call, and the standard ops are registered untouched.
 */
import { describe, expect, test } from "vitest";
import { contextual, createRegistry, defineOp, OpError, overload, standardOps, standardRegistry, T, toJsonValue, type OpDef, type Value } from "@qel/ops";
import { QelError } from "../syntax/diagnostics.js";
import { compile } from "./compile.js";
import { evaluate } from "./evaluate.js";

const doc = { summary: "A host op.", examples: [{ expr: "1" }] };
/** A host op of no arguments returning `x` as natural JavaScript, declared to return `result`. */
function returning(name: string, result: Parameters<typeof overload>[1], x: unknown): OpDef {
  return defineOp({ name, category: "number", overloads: [overload([], result, () => x as Value)], doc });
}

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const hostOps = [
  returning("started", T.Date, new Date("2026-03-01T00:00:00Z")),
  returning("meta", T.Dict(T.Number), { a: 1 }),
  returning("count2", T.Number, { n: 2 }),
  returning("tags2", T.List(T.String), ["a", "b"]),
  returning("stamps", T.List(T.Date), [new Date("2026-01-02T00:00:00Z")]),
  returning("nested", T.Dict(T.Any), { xs: [1, { b: new Date(0) }] }),
  returning("missing", T.Number, undefined),
  returning("badMeta", T.Dict(T.Number), { a: 1, lr: "high" }),
  returning("badTags", T.List(T.String), ["a", 2]),
  returning("fn", T.Number, () => 1),
  returning("loop", T.Dict(T.Any), cyclic),
  returning("badDate", T.List(T.Date), [new Date("nope")]),
  defineOp({
    name: "half", category: "number",
    overloads: [overload([T.Number], T.Number, (x) => (x === 3 ? ({ odd: true } as unknown as number) : x / 2))], doc,
  }),
  defineOp({
    name: "explode", category: "number",
    overloads: [overload([T.Number], T.Number, (x) => {
      if (x === 1) throw new OpError("invalid_argument", "one is not allowed", "try two");
      if (x === 2) throw new TypeError("cannot read properties of undefined");
      throw new Error("boom");
    })],
    doc,
  }),
  defineOp({
    name: "clock", category: "date",
    overloads: [
      contextual([], T.Date, (cx) => new Date(cx.now) as unknown as never),
      contextual([T.String], T.Date, (_cx, s) => ({ at: s }) as unknown as never),
    ],
    doc,
  }),
];
const env = { registry: createRegistry(hostOps) };

function value(src: string): unknown {
  return toJsonValue(evaluate(src, {}, { env, now: "2026-03-11T00:00:00Z" }));
}

function failure(src: string): QelError {
  try {
    evaluate(src, {}, { env, now: "2026-03-11T00:00:00Z" });
  } catch (e) {
    if (e instanceof QelError) return e;
    throw new Error(`not a QelError: ${String(e)}`);
  }
  throw new Error(`expected ${src} to fail`);
}

describe("a host op's natural JavaScript result is converted", () => {
  test.for([
    ["started().year", 2026],
    ["started() < now()", true],
    ["meta().a", 1],
    ["meta().keys()", ["a"]],
    ["tags2().count", 2],
    ['tags2().join("-")', "a-b"],
    ["stamps().first.month", 1],
    ["nested().xs[1].b.year", 1970],
    ["missing()", null],
    ["missing() + 1", null],
    ["[1, 4].map(half)", [0.5, 2]],
    ["[2, 4].map(x => x.half)", [1, 2]],
    ["clock().day", 11],
  ] as const)("%s is %j", ([src, expected]) => {
    expect(value(src)).toEqual(expected);
  });
});

describe("a result of a kind its declared type excludes is a QelError naming the op at the call", () => {
  test.for([
    ["count2() + 1", 0, 8, "`count2` returned a dict, not the number it declares"],
    ["1 + badMeta().lr", 4, 13, "`badMeta` returned a dict whose `.lr` is a string, not the dict<number> it declares"],
    ["badTags().count", 0, 9, "`badTags` returned a list whose `[1]` is a number, not the list<string> it declares"],
    ["[1, 3].map(half)", 11, 15, "`half` returned a dict, not the number it declares"],
    ["[1, 3].map(x => half(x))", 16, 23, "`half` returned a dict, not the number it declares"],
    ["fn()", 0, 4, "`fn` returned a JavaScript function, which is not a qel value"],
    ["loop()", 0, 6, "`loop` returned data that contains a cycle at `.self`"],
    ["badDate()", 0, 9, "`badDate` returned data that cannot be read: an invalid date at `[0]`"],
    ['clock("x").year', 0, 10, "`clock` returned a dict, not the date it declares"],
  ] as const)("%s", ([src, start, end, message]) => {
    const e = failure(src);
    expect(e.diagnostic).toMatchObject({ code: "runtime_error", message, span: { start, end } });
  });
});

describe("a throwing host op gives the error it gave before", () => {
  test.for([
    ["1 + explode(1)", "invalid_argument", 4, 14],
    ["[2].map(x => x.explode)", "runtime_error", 13, 22],
    ["[3][0].explode", "internal_error", 0, 14],
  ] as const)("%s → %s at the call", ([src, code, start, end]) => {
    expect(failure(src).diagnostic).toMatchObject({ code, span: { start, end } });
  });
  test("an OpError keeps its hint", () => {
    expect(failure("explode(1)").diagnostic.hint).toBe("try two");
  });
});

describe("only host ops are guarded", () => {
  test("every standard op, overload and implementation is registered as it is", () => {
    for (const op of standardOps) {
      const held = env.registry.lookup(op.name)!;
      expect(held).toBe(op);
      expect(held).toBe(standardRegistry.lookup(op.name));
      held.overloads.forEach((o, i) => expect(o.impl).toBe(op.overloads[i]!.impl));
    }
  });
  test("a host op is held guarded, once, through every way of registering it", () => {
    const held = env.registry.lookup("meta")!;
    expect(held).not.toBe(hostOps[1]);
    expect(held.overloads[0]!.impl).not.toBe(hostOps[1]!.overloads[0]!.impl);
    expect(env.registry.extend([]).lookup("meta")).toBe(held);
    expect(standardRegistry.extend([hostOps[1]!]).lookup("meta")!.overloads[0]!.impl).not.toBe(hostOps[1]!.overloads[0]!.impl);
  });
});

describe("a host op's column reader", () => {
  const rows = (name: string, column: NonNullable<OpDef["column"]>): OpDef => ({
    ...defineOp({
      name, category: "number",
      overloads: [overload([T.Number], T.List(T.Dict(T.Any)), (n) => Array.from({ length: n }, (_, i) => new Map([["i", i]])))], doc,
    }),
    column,
  });
  const registry = createRegistry([
    rows("good", (n, key) => Array.from({ length: n as number }, (_, i) => (key === "i" ? i : null))),
    rows("dated", () => [new Date("2026-01-01T00:00:00Z")] as unknown as Value[]),
    rows("notList", () => ({ i: 1 }) as unknown as Value[]),
    rows("throws", () => {
      throw new Error("column boom");
    }),
  ]);
  const run = (source: string): unknown => {
    try {
      return evaluate(source, {}, { env: { registry } });
    } catch (e) {
      return e instanceof QelError ? `${e.diagnostic.code}: ${e.diagnostic.message}` : `not a QelError: ${String(e)}`;
    }
  };

  test("reads a column as the rows would give it, converting the host's values", () => {
    expect(run("good(3).i")).toEqual([0, 1, 2]);
    expect(toJsonValue(run("dated(1).i") as Value)).toEqual(["2026-01-01T00:00:00.000Z"]);
  });

  test("a result that is not a list, or a throw, is a QelError naming the op", () => {
    expect(run("notList(1).i")).toMatch(/^runtime_error: .*notList.*column reader returned a dict, not a list/);
    expect(run("throws(1).i")).toMatch(/^[a-z_]+: .*throws/);
    expect(run("throws(1).i")).not.toMatch(/^not a QelError/);
  });
});

describe("an evaluation a host op runs", () => {
  const registry = createRegistry([defineOp({
    name: "sub", category: "number",
    overloads: [overload([T.String], T.Any, (s) => evaluate(s, {}))], doc,
  })]);
  const fails = (source: string): { code: string; message: string; span: { start: number; end: number } } => {
    try {
      evaluate(source, {}, { env: { registry } });
    } catch (e) {
      if (e instanceof QelError) return { code: e.diagnostic.code, message: e.diagnostic.message, span: e.diagnostic.span };
    }
    throw new Error("no QelError");
  };

  test("its error is reported at the op's call in this expression, naming what stopped it", () => {
    const source = 'sub("1 + nosuch") + 100';
    const d = fails(source);
    expect(d.code).toBe("runtime_error");
    expect(source.slice(d.span.start, d.span.end)).toBe('sub("1 + nosuch")');
    expect(d.message).toContain("unknown_name");
  });

  test("its result is used as any op's", () => {
    expect(evaluate('sub("1 + 2") * 10', {}, { env: { registry } })).toBe(30);
  });

  test("this evaluation's own errors keep their place, also inside lambdas an op calls", () => {
    const source = "[1, 2].map(x => x.upper())";
    const d = fails(source);
    expect(d.code).not.toBe("runtime_error");
    const steps = (() => {
      try {
        evaluate("range(0, 100).map(x => x + 1)", {}, { maxSteps: 50, env: { registry } });
      } catch (e) {
        return e instanceof QelError ? e.diagnostic : undefined;
      }
      return undefined;
    })();
    expect(steps?.code).toBe("step_limit_exceeded");
  });
});

describe("the compile cache", () => {
  const constant = (v: number): OpDef => defineOp({ name: "k", category: "number", overloads: [overload([], T.Number, () => v)], doc });

  test("an environment whose registry is swapped for another of the same size compiles again", () => {
    const r1 = createRegistry([constant(1)]), r2 = createRegistry([constant(2)]);
    expect(r1.version).toBe(r2.version);
    const env: { registry: typeof r1 } = { registry: r1 };
    expect(compile("k()", env).run()).toBe(1);
    env.registry = r2;
    expect(compile("k()", env).run()).toBe(2);
    expect(compile("k()", env)).toBe(compile("k()", env));
  });
});
