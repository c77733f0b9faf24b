/**
 * Every numeric flag reads numbers one way: JSON number syntax, so `--timeout 1e10` is as good as
 * `--timeout 10000000000`, and text that `Number()` would quietly accept ("", " 5", "0x10") is refused.
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "./args.js";
import { readNumber, wholeNumberFlag } from "./numbers.js";
import { limitFlags, parseLimit } from "./limits.js";
import { setCommand, REPL_LIMITS } from "../repl/set-command.js";

describe("readNumber", () => {
  it.each([
    ["30", 30], ["0.5", 0.5], ["1e10", 1e10], ["1E+3", 1000], ["2.5e-3", 0.0025], ["9999999999", 9999999999],
    ["1_000_000", 1_000_000], ["007", 7], ["-0", 0], ["-2", -2], ["1e400", Number.POSITIVE_INFINITY],
  ])("reads %j as %d", (text, n) => {
    expect(readNumber(text)).toBe(n);
  });

  it.each(["", " 5", "5 ", "0x10", "1.", ".5", "+1", "1e", "e5", "Infinity", "NaN", "1__0", "_1", "1,5", "١"])("refuses %j", (text) => {
    expect(readNumber(text)).toBeUndefined();
  });
});

describe("limits written in JSON number syntax", () => {
  it("accepts --timeout 1e10 as it accepts 9999999999, and --max-steps 1e8", () => {
    expect(parseLimit("timeout", "1e10")).toEqual({ timeoutMs: 1e13 });
    expect(parseLimit("timeout", "9999999999")).toEqual({ timeoutMs: 9_999_999_999_000 });
    expect(limitFlags(new Map([["max-steps", "1e8"], ["max-output", "2.5e6"]]), "usage")).toEqual({ maxSteps: 1e8, maxOutputLength: 2_500_000 });
  });

  it("reads a number too large for a double as no limit, like off", () => {
    expect(parseLimit("max-steps", "1e400")).toEqual({ maxSteps: Number.POSITIVE_INFINITY });
    expect(parseLimit("timeout", "1e308")).toEqual({ timeoutMs: Number.POSITIVE_INFINITY });
  });

  it("keeps a positive timeout below a millisecond positive", () => {
    expect(parseLimit("timeout", "1e-9")).toEqual({ timeoutMs: 1 });
    expect(parseLimit("timeout", "0")).toEqual({ timeoutMs: 0 });
  });

  it.each([
    ["max-steps", "1e-1", /--max-steps takes a whole number ≥ 0 or "off", not "1e-1"/],
    ["max-steps", "-1e3", /--max-steps takes a whole number ≥ 0/],
    ["timeout", "-1", /--timeout takes a number of seconds ≥ 0 or "off", not "-1"/],
    ["timeout", "0x10", /not "0x10"/],
    ["timeout", "", /not ""/],
  ])("refuses --%s %j", (name, value, message) => {
    expect(() => parseLimit(name, value)).toThrow(UsageError);
    expect(() => parseLimit(name, value)).toThrow(message);
  });

  it(":set takes the same numbers", () => {
    expect(setCommand("timeout 1e10", REPL_LIMITS, false)).toEqual({ limits: { ...REPL_LIMITS, timeoutMs: 1e13 }, lines: ["timeout     10000000000 seconds"] });
    expect(setCommand("max-steps 5e6", REPL_LIMITS, false).limits.maxSteps).toBe(5e6);
  });
});

describe("whole-number flags (--workers, --port, --at)", () => {
  it("accepts JSON number syntax for a whole number in range", () => {
    expect(wholeNumberFlag("workers", "4", { min: 0, max: 64 }, "u")).toBe(4);
    expect(wholeNumberFlag("port", "8e3", { min: 0, max: 65535 }, "u")).toBe(8000);
    expect(wholeNumberFlag("at", "1e1", { min: 0, max: Number.MAX_SAFE_INTEGER }, "u")).toBe(10);
  });

  it.each([["", 0], [" 5", 5], ["0x10", 16], ["65", 0], ["1.5", 0], ["-1", 0]])("refuses --workers %j, which Number() read as a number", (text) => {
    expect(() => wholeNumberFlag("workers", text, { min: 0, max: 64 }, "u")).toThrow(`--workers takes a whole number from 0 to 64, not ${JSON.stringify(text)}`);
  });

  it("says what the flag takes in its own words when given", () => {
    expect(() => wholeNumberFlag("port", "http", { min: 0, max: 65535 }, "u", "expects a port number from 0 to 65535"))
      .toThrow('--port expects a port number from 0 to 65535, not "http"');
    expect(() => wholeNumberFlag("at", "-1", { min: 0, max: Number.MAX_SAFE_INTEGER }, "u")).toThrow('--at takes a whole number from 0 or more, not "-1"');
  });
});
