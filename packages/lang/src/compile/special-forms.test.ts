/**
 * Op meaning lives in the op declarations: `&&`, `||`, `??` and `?:` are special forms of the registry, and the
 * fast paths (fused filter/map, `==` against a literal) stand for the standard overloads only, so a host
 * registry that leaves an operator out or redefines it gets exactly what its own ops say.
 */
import { describe, expect, test } from "vitest";
import { DateValue, defineOp, lazyOverload, overload, Registry, Run, shortCircuitOverload, standardOps, T, valueEquals, type OpDef } from "@qel/ops";
import { check } from "../check/analyze.js";
import { compile } from "./compile.js";

const t = new DateValue(0);
const runs = ["train", "TRAIN", "eval"].map((job, i) =>
  new Run(`r${i}`, null, job, null, t, t, null, new Map([["lr", i / 10]]), new Map(), [], [], [], [], null, null));

function without(symbol: string, ...extra: OpDef[]): Registry {
  return new Registry([...standardOps.filter((op) => op.operator !== symbol), ...extra]);
}

describe("special forms come from the registry", () => {
  test.for(["&&", "||", "??", "?:"])("a registry without %s does not evaluate it", (symbol) => {
    const src = { "&&": "true && false", "||": "true || false", "??": "null ?? 1", "?:": "true ? 1 : 2" }[symbol]!;
    const r = check(src, { registry: without(symbol) });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unknown_op"]);
    expect(check(src).ok).toBe(true);
  });

  test("a host's own && is what runs", () => {
    // a two-valued `&&` that treats null as false
    const strictAnd = defineOp({
      name: "strictAnd", operator: "&&", category: "boolean", handlesNull: true,
      overloads: [lazyOverload([T.Nullable(T.Boolean), T.Nullable(T.Boolean)], T.Boolean, (a, b) => a() === true && b() === true)],
      doc: { summary: "Two-valued and.", examples: [{ expr: "true && null" }] },
    });
    const registry = without("&&", strictAnd);
    expect(compile("null && true", { registry }).run({})).toBe(false);
    expect(compile("null && true").run({})).toBe(null);
  });

  test("a host's && declared as a short-circuit rule is what runs, and a deciding value leaves the right side alone", () => {
    // an `&&` where anything but true decides, as a null-stops variant
    const B = T.Nullable(T.Boolean);
    const nullStops = defineOp({
      name: "nullStopsAnd", operator: "&&", category: "boolean", handlesNull: true,
      overloads: [shortCircuitOverload([B, B], B, { decides: (x) => x !== true, combine: (_x, y) => y })],
      doc: { summary: "And, where null decides.", examples: [{ expr: "null && false" }] },
    });
    const registry = without("&&", nullStops);
    expect(compile("null && false", { registry }).run({})).toBe(null);
    expect(compile("null && false").run({})).toBe(false);
    expect(compile("true && false", { registry }).run({})).toBe(false);
    // the right side, when evaluated, fails
    const costly = "range(0, 1e9).count > 0";
    expect(compile(`null && ${costly}`, { registry }).run({}, { maxSteps: 100 })).toBe(null);
    expect(compile(`false && ${costly}`).run({}, { maxSteps: 100 })).toBe(false);
    expect(compile(`true || ${costly}`).run({}, { maxSteps: 100 })).toBe(true);
    expect(() => compile(`true && ${costly}`).run({}, { maxSteps: 100 })).toThrow(/range would have/);
  });
});

describe("fast paths stand for the standard overloads only", () => {
  // case-insensitive string equality: a host may define `==` as it likes
  const looseEquals = defineOp({
    name: "looseEquals", operator: "==", category: "operator", handlesNull: true,
    overloads: [overload([T.Any, T.Any], T.Boolean, (a, b) =>
      typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : valueEquals(a, b))],
    doc: { summary: "Case-insensitive equality.", examples: [{ expr: '"a" == "A"' }] },
  });
  const registry = without("==", looseEquals);

  test.for([
    ['runs.filter(r => r.jobType == "train").count', 2, 1],
    ['runs.map(r => r.jobType == "train")', [true, true, false], [true, false, false]],
    ['"train" == runs[1].jobType', true, false],
  ] as const)("%s", ([src, host, standard]) => {
    expect(compile(src, { registry }).run({ runs })).toEqual(host);
    expect(compile(src).run({ runs })).toEqual(standard);
  });

  test("a host's own filter is not run as the standard loop", () => {
    // a filter keeping the elements the predicate rejects
    const filterOut = defineOp({
      name: "filter", category: "list",
      overloads: [overload([T.List(T.Var("T")), T.Fn([T.Var("T")], T.Boolean)], T.List(T.Var("T")), (xs, pred) => Object.freeze(xs.filter((x) => pred.call(x) !== true)))],
      doc: { summary: "The elements the predicate rejects.", examples: [{ expr: "[1, 2].filter(x => x > 1)" }] },
    });
    const own = new Registry([...standardOps.filter((op) => op.name !== "filter"), filterOut]);
    expect(compile("[1, 2, 3].filter(x => x > 1)", { registry: own }).run({})).toEqual([1]);
    expect(compile("[1, 2, 3].filter(x => x > 1)").run({})).toEqual([2, 3]);
  });
});
