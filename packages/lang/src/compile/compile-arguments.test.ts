/** compile() and evaluate() refuse an environment that is not one at compile time, with a QelError naming it. */
import { describe, expect, test } from "vitest";
import { createRegistry, T } from "@qel/ops";
import { compile } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { QelError } from "../syntax/diagnostics.js";

/** The code and message of the QelError `f` throws; any other throw fails the test. */
function refusal(f: () => unknown): { code: string; message: string } | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof QelError) return { code: e.diagnostic.code, message: e.diagnostic.message };
    throw new Error(`not a QelError: ${String(e)}`);
  }
  return undefined;
}

const throwingEnv = Object.defineProperty({}, "cache", { enumerable: true, get: () => { throw new Error("trap"); } });

describe("compile refuses a bad environment when compiling", () => {
  test.for<[string, unknown, string, RegExp]>([
    ["a registry that is not a Registry", { registry: {} }, "invalid_argument", /`registry` must be a Registry/],
    ["a registry that is a number", { registry: 5 }, "invalid_argument", /`registry` must be a Registry/],
    ["a variable whose type is not a type", { variables: { r: 5 } }, "invalid_argument", /variable `r` must have a type/],
    ["null", null, "invalid_argument", /environment must be an object/],
    ["an array", [], "invalid_argument", /environment must be an object/],
    ["a cache option that is not a boolean", { cache: "no" }, "invalid_option", /`cache` option must be true or false, got a string/],
    ["an environment whose getter throws", throwingEnv, "invalid_argument", /could not be read \(trap\)/],
  ])("%s", ([, env, code, message]) => {
    const r = refusal(() => compile("1 + 1", env as never));
    expect(r?.code).toBe(code);
    expect(r?.message).toMatch(message);
  });

  test("the same environment is refused again on the next compile (a refusal is never cached)", () => {
    const env = { registry: {} } as never;
    expect(refusal(() => compile("1 + 1", env))?.code).toBe("invalid_argument");
    expect(refusal(() => compile("1 + 1", env))?.code).toBe("invalid_argument");
  });

  test("an environment made bad after a compile is refused, not served from the cache", () => {
    const env: { registry?: unknown } = {};
    expect(compile("1 + 1", env as never).run()).toBe(2);
    env.registry = {};
    expect(refusal(() => compile("1 + 1", env as never))?.code).toBe("invalid_argument");
  });

  test("evaluate's env option is refused the same way", () => {
    expect(refusal(() => evaluate("1 + 1", {}, { env: { registry: {} } as never }))?.code).toBe("invalid_argument");
  });
});

describe("good environments still compile", () => {
  test.for<[string, object, string, Record<string, unknown>, unknown]>([
    ["a created registry", { registry: createRegistry() }, "1 + 1", {}, 2],
    ["typed variables", { variables: { x: T.Number } }, "x * 2", { x: 4 }, 8],
    ["cache off", { cache: false, variables: { x: T.Number } }, "x + 1", { x: 1 }, 2],
    ["cache on", { cache: true }, "2 + 2", {}, 4],
  ])("%s", ([, env, source, bindings, expected]) => {
    expect(compile(source, env).run(bindings as never)).toBe(expected);
  });
});
