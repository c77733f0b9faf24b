import { describe, expect, test } from "vitest";
import { FunctionValue, toJsonValue } from "@qel/ops";
import { QelError } from "../syntax/diagnostics.js";
import { evaluate } from "./evaluate.js";

function value(src: string, bindings: Record<string, unknown>): unknown {
  return toJsonValue(evaluate(src, bindings));
}

function code(src: string, bindings: Record<string, unknown> = {}): string {
  try {
    evaluate(src, bindings);
  } catch (e) {
    if (e instanceof QelError) return e.diagnostic.code;
    throw e;
  }
  return "ok";
}

describe("host objects passed as bindings", () => {
  test("getters are never called", () => {
    let called = false;
    const host = { plain: 1, get secret(): number {
      called = true;
      return 42;
    } };
    expect(value("[h.plain, h.secret]", { h: host })).toEqual([1, null]);
    expect(called).toBe(false);
  });

  test("prototype members of class instances are not reachable", () => {
    class Account {
      balance = 10;
      withdraw(): number {
        return 0;
      }
    }
    expect(value('[a.balance, a.withdraw, a["constructor"], a.__proto__]', { a: new Account() })).toEqual([10, null, null, null]);
  });

  test("functions and symbols become null, bigints numbers", () => {
    expect(value("[h.f, h.s, h.b]", { h: { f: () => 1, s: Symbol("x"), b: 10n } })).toEqual([null, null, 10]);
  });

  test("symbol-keyed and non-enumerable properties are invisible", () => {
    const host: Record<string | symbol, unknown> = { visible: 1, [Symbol("hidden")]: 2 };
    Object.defineProperty(host, "hidden", { value: 3, enumerable: false });
    expect(value("h.keys()", { h: host })).toEqual(["visible"]);
  });

  test("a cyclic binding is an invalid_argument, not a stack overflow", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(code("a", { a })).toBe("invalid_argument");
  });

  test("a Proxy binding that throws ends the evaluation with an invalid_argument naming it", () => {
    const p = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    expect(code("p", { p })).toBe("invalid_argument");
  });

  test("a host function's host-object result is copied, its methods dropped", () => {
    const f = new FunctionValue("f", 0, () => ({ n: 1, m: () => 2 }) as never);
    expect(value("f()", { f })).toEqual({ n: 1, m: null });
  });

  test("a host function that throws is reported at the call", () => {
    const f = new FunctionValue("f", 0, () => {
      throw new Error("host failure");
    });
    expect(code("1 + f()", { f })).toBe("internal_error");
  });
});

describe("evaluation never escapes into JavaScript", () => {
  test.for([
    ['{}["__proto__"]["polluted"]', "ok"],
    ["{a: 1}.keys().map(k => {}[k])", "ok"],
    ['[1].map(x => {}["constructor"])', "ok"],
    ["runs.constructor", "unknown_field"],
  ])("%s → %s", ([src, expected]) => {
    expect(code(src!, { runs: [] })).toBe(expected);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
