import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { DateValue, defineOp, overload, printType, Registry, Run, standardRegistry, T, toJsonValue, User } from "@qel/ops";
import { compile } from "./compile.js";
import { interned } from "./compile-runtime.js";
import { QelError } from "../syntax/diagnostics.js";
import { parse } from "../syntax/parse.js";

const t = new DateValue(0);
const runs = Array.from({ length: 5 }, (_, i) =>
  new Run(`r${i}`, null, i % 2 === 0 ? "train" : "eval", null, t, new DateValue(i * 1000), new User("u", null, null),
    new Map([["lr", i / 10]]), new Map(), [], [], [], [], null, null));

describe("compile", () => {
  test("returns the checked type, ast and warnings", () => {
    const c = compile('runs.filter(r => r.jobType == "train").map(runRuntime)');
    expect(printType(c.type)).toBe("list<number>");
    expect(c.ast.kind).toBe("Call");
    expect(c.warnings).toEqual([]);
    expect(c.source).toBe('runs.filter(r => r.jobType == "train").map(runRuntime)');
    expect(c.run({ runs })).toEqual([0, 2, 4]);
  });

  test("throws a QelError with every diagnostic when the expression does not check", () => {
    let caught: unknown;
    try {
      compile("runz.map(r => r.nope)");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(QelError);
    expect((caught as QelError).diagnostics.map((d) => d.code)).toEqual(["unknown_name"]);
  });

  test("accepts an AST", () => {
    const parsed = parse("1 + 2");
    if (!parsed.ok) throw new Error("parse failed");
    expect(compile(parsed.value).run()).toBe(3);
  });

  test("runs re-entrantly: a host function may evaluate another compiled expression", () => {
    const inner = compile("[1, 2, 3].sum");
    const env = { variables: {} };
    const outer = compile("1", env);
    expect(outer.run()).toBe(1);
    expect(compile("[1].map(x => x + 1)").run()).toEqual([2]);
    expect(inner.run()).toBe(6);
  });
});

describe("cache", () => {
  test("the same text and environment give the same compiled object", () => {
    const env = {};
    expect(compile("runs.count", env)).toBe(compile("runs.count", env));
    expect(compile("runs.count")).toBe(compile("runs.count"));
  });
  test("another environment object compiles again", () => {
    expect(compile("runs.count", {})).not.toBe(compile("runs.count", {}));
  });
  test("an op registered since makes the cached text compile again", () => {
    const registry = new Registry(standardRegistry.all());
    const env = { registry };
    const before = compile("[1, 2].map(x => x + 1)", env);
    expect(compile("[1, 2].map(x => x + 1)", env)).toBe(before);
    registry.register(defineOp({
      name: "twice", category: "number",
      overloads: [overload([T.Number], T.Number, (x) => 2 * x)],
      doc: { summary: "Twice the number.", params: [{ name: "x", doc: "A number." }], returns: "number", examples: [{ expr: "twice(2)", result: 4 }] },
    }));
    expect(compile("[1, 2].map(x => x + 1)", env)).not.toBe(before);
    expect(compile("[1, 2].map(twice)", env).run()).toEqual([2, 4]);
  });
  test("cache: false bypasses the cache", () => {
    const env = { cache: false };
    expect(compile("runs.count", env)).not.toBe(compile("runs.count", env));
  });
});

describe("hot shapes", () => {
  // copies of filter and map are not the standard ops, so they take the general path through FunctionValues
  const copies = standardRegistry.all().map((op) => (op.name === "filter" || op.name === "map" ? defineOp({ ...op, handlesNull: op.handlesNull }) : op));
  const general = { registry: new Registry(copies) };
  test.for([
    'runs.filter(r => r.jobType == "train").map(runRuntime)',
    "runs.map((r, i) => i * r.runtime)",
    "runs.filter(r => r.config.lr > 0.15).name",
    "runs.map(r => runs.filter(s => s.runtime < r.runtime).count)",
    "runs.filter(r => [r].map(x => x.name == \"r1\").first).name",
    "[[1, 2], [3]].map(xs => xs.map(x => x * 2))",
  ])("%s agrees with the general path, steps included", (src) => {
    const fast = compile(src);
    const slow = compile(src, general);
    expect(toJsonValue(fast.run({ runs }))).toEqual(toJsonValue(slow.run({ runs })));
    let limit = 0;
    for (;; limit++) {
      try {
        fast.run({ runs }, { maxSteps: limit });
        break;
      } catch (e) {
        if (!(e instanceof QelError) || e.diagnostic.code !== "step_limit_exceeded") throw e;
      }
    }
    expect(() => slow.run({ runs }, { maxSteps: limit })).not.toThrow();
    expect(() => slow.run({ runs }, { maxSteps: limit - 1 })).toThrow(QelError);
  });
});

test("the evaluator never evaluates generated code", () => {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const f of readdirSync(dir).filter((n) => /^(check|compile|evaluate|limits)[a-z-]*\.ts$/.test(n) && !n.endsWith(".test.ts"))) {
    const text = readFileSync(join(dir, f), "utf8");
    expect(text, f).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/);
  }
});

describe("keys and string literals are interned", () => {
  test("interning gives back an equal string, whatever it holds", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "0", "-1", "4294967295", "", "é🎉")), (s) => {
      expect(interned(s)).toBe(s);
    }));
  });
  test("dict keys and literals that name Object's members are plain keys", () => {
    const src = '[{__proto__: 1, constructor: 2, "0": 3}].map(x => [x.__proto__, x["constructor"], x["0"], x.toString])';
    expect(compile(src).run({})).toEqual([[1, 2, 3, null]]);
    expect(compile('["__proto__", "a"].filter(s => s.lower == "__proto__")').run({})).toEqual(["__proto__"]);
  });
});
