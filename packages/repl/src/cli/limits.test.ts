import { describe, expect, it } from "vitest";
import { compile } from "@qel/lang";
import { limitFlags, parseLimit, withLimitHint } from "./limits.js";
import { UsageError } from "./args.js";
import { diagnosticsOf } from "./io.js";
import { setCommand, REPL_LIMITS } from "../repl/set-command.js";

const failure = (source: string, options: Record<string, number>) => {
  try {
    compile(source).run({ runs: [] }, options);
  } catch (e) {
    return diagnosticsOf(e, source)[0]!;
  }
  throw new Error("did not fail");
};

describe("evaluation limits a user can raise", () => {
  it("reads --max-steps, --timeout (seconds) and --max-output, and off", () => {
    const flags = new Map<string, string | true>([["max-steps", "20_000_000"], ["timeout", "2.5"], ["max-output", "off"]]);
    expect(limitFlags(flags, "usage")).toEqual({ maxSteps: 20_000_000, timeoutMs: 2500, maxOutputLength: Infinity });
    expect(() => parseLimit("max-steps", "1.5")).toThrow(UsageError);
    expect(() => parseLimit("max-steps", "-1")).toThrow(/--max-steps takes a whole number ≥ 0 or "off", not "-1"/);
    expect(() => parseLimit("timeout", "soon")).toThrow(/a number of seconds/);
    expect(() => parseLimit("max-depth", "3")).toThrow(/unknown limit "max-depth"/);
  });

  it("names the flag that raises the limit an evaluation hit", () => {
    const flag = (s: { name: string }) => `--${s.name} N`;
    expect(withLimitHint(failure("range(0, 100).map(x => x + 1)", { maxSteps: 50 }), flag).message)
      .toBe("the evaluation took more than 50 steps (maxSteps); raise it with --max-steps N");
    expect(withLimitHint(failure("range(0, 100)", { maxOutputLength: 10 }), flag).message).toMatch(/\(maxOutputLength\); raise it with --max-output N$/);
    const other = failure("1 / \"a\"", {});
    expect(withLimitHint(other, flag)).toBe(other);
  });

  it(":set shows and changes the REPL's limits", () => {
    expect(setCommand("", REPL_LIMITS, false).lines).toEqual(["max-steps   off", "timeout     off", "max-output  1000000 values"]);
    const r = setCommand("max-steps 5000", REPL_LIMITS, false);
    expect(r.limits).toEqual({ ...REPL_LIMITS, maxSteps: 5000 });
    expect(r.lines).toEqual(["max-steps   5000 steps"]);
    expect(setCommand("timeout = 30", r.limits, false).limits.timeoutMs).toBe(30_000);
    const bad = setCommand("max-steps lots", r.limits, false);
    expect(bad.limits).toBe(r.limits);
    expect(bad.lines[0]).toMatch(/^max-steps takes a whole number/);
  });
});
