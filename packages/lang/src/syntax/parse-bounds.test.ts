/** Any source within the length limit parses and diagnoses in bounded work: few diagnostics, short excerpts. */
import { describe, expect, test } from "vitest";
import { renderDiagnostic } from "./diagnostics.js";
import { MAX_DIAGNOSTICS, parse, parseTree } from "./parse.js";

describe("parsing hostile sources", () => {
  test.for([
    ["`(]` repeated to 65 536 characters", "(]".repeat(32_768), "and maybe more errors: the parser stopped after 100"],
    ["`=` repeated 65 536 times", "=".repeat(65_536), "and maybe more errors: the parser stopped after 100"],
    ["`#` and `a` alternating", "#a".repeat(32_768), undefined],
  ] as const)("%s stops after a bounded number of diagnostics, the last saying more follow", ([, source, last]) => {
    const r = parse(source);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.length).toBe(MAX_DIAGNOSTICS + 1);
    const tail = r.diagnostics[MAX_DIAGNOSTICS]!;
    expect(tail.code).toBe("too_many_errors");
    expect(tail.message).toMatch(last ?? /^and \d+ more errors$/);
  });

  test("a source with fewer errors reports them all, with no count", () => {
    const r = parse("a = b = c");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unexpected_character", "unexpected_character"]);
  });

  test("a long line is rendered as a window around the caret", () => {
    const source = `${"x + ".repeat(5_000)}= y`;
    const r = parse(source);
    const text = renderDiagnostic(source, r.diagnostics[0]!);
    const [, line, caret] = text.split("\n");
    expect(line!.length).toBeLessThan(120);
    expect(line).toMatch(/^1 \| …[ x+]*= y$/);
    // the caret sits under the `=`
    expect(caret!.indexOf("^")).toBe(line!.indexOf("= y"));
  });

  test("all the diagnostics of the worst source render in little text", () => {
    const source = "(]".repeat(32_768);
    const r = parse(source);
    const text = r.diagnostics.map((d) => renderDiagnostic(source, d)).join("\n");
    expect(text.length).toBeLessThan(100_000);
  });
});

describe("parse options that are not options", () => {
  test.each([null, 5, "x"])("parse and parseTree with options %o give one invalid_option diagnostic, never a throw", (options) => {
    const r = parse("1 + 1", options as never);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([["invalid_option", "the parse options must be an object"]]);
    const t = parseTree("1 + 1", options as never);
    expect(t.diagnostics.map((d) => d.code)).toEqual(["invalid_option"]);
  });

  test("no options, and an empty object, parse as before", () => {
    expect(parse("1 + 1").ok).toBe(true);
    expect(parse("1 + 1", {}).ok).toBe(true);
  });
});
