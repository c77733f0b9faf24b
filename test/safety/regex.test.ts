/**
 * `matches` and `match` run on a linear-time engine: a pattern that makes a backtracking engine run for hours
 * (`(a+)+$` on "aaa…!") answers in time linear in the text, and a loop of such matches stops at the time limit.
 */
import { describe, expect, it } from "vitest";
import { evaluate, QelError } from "@qel/lang";
import { MAX_MATCH_WORK } from "../../packages/ops/src/string-regex.js";

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(QelError);
    return (e as QelError).diagnostic.code;
  }
  return "no error";
};

describe("regular expressions against catastrophic backtracking", () => {
  it("answers a ReDoS pattern over a long text, which JavaScript's RegExp could not", () => {
    const text = `${"a".repeat(40_000)}!`;
    expect(evaluate(`s.matches("(a+)+$")`, { s: text })).toBe(false);
    expect(evaluate(`s.matches("^(a|aa)+$")`, { s: text })).toBe(false);
    expect(evaluate(`s.match("(a+)+(!)$")[2]`, { s: text })).toBe("!");
  });

  it("a loop of ReDoS matches stops at the time limit, naming it", () => {
    const text = `${"a".repeat(20_000)}!`;
    expect(code(() => evaluate(`range(0, 100000).map(i => s.matches("(a+)+$")).count`, { s: text }, { timeoutMs: 300 }))).toBe("time_limit_exceeded");
  });

  it("refuses a match whose text and pattern together pass the work bound, before matching", () => {
    const pattern = "(a+)+$";
    const n = Math.floor(MAX_MATCH_WORK / pattern.length);
    expect(evaluate(`s.matches("${pattern}")`, { s: "a".repeat(n) })).toBe(true);
    expect(code(() => evaluate(`s.matches("${pattern}")`, { s: "a".repeat(n + 1) }))).toBe("invalid_argument");
  });

  it("a pattern that does not parse, or uses what RE2 lacks, is an invalid_argument error", () => {
    for (const p of ["(a", "a{2,1}", "(a)\\\\1", "(?=a)"]) expect(code(() => evaluate(`"a".matches("${p}")`))).toBe("invalid_argument");
  });
});
