import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Expr } from "../../packages/lang/src/syntax/ast.js";
import { children } from "../../packages/lang/src/syntax/visit.js";
import { parse } from "../../packages/lang/src/syntax/parse.js";
import { format, formatNumber, print } from "../../packages/lang/src/syntax/print.js";
import { quoteString } from "../../packages/lang/src/syntax/syntax-strings.js";
import { exprArb, numberValueArb, stringValueArb, tokenSoupArb, withoutSpans } from "../arbitraries.js";

function parsed(source: string): Expr {
  const result = parse(source);
  if (!result.ok) throw new Error(`does not parse: ${JSON.stringify(source)}: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return result.value;
}

describe("print and parse", () => {
  test("parse(print(ast)) equals ast, spans aside, at any width", () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 120 }), (ast, width) => {
        expect(withoutSpans(parsed(print(ast, { width })))).toEqual(withoutSpans(ast));
      }),
      { numRuns: 1000 },
    );
  });

  test("format is idempotent", () => {
    fc.assert(
      fc.property(exprArb, fc.integer({ min: 1, max: 120 }), (ast, width) => {
        const once = print(ast, { width });
        expect(format(once, { width })).toEqual({ ok: true, value: once, diagnostics: [] });
      }),
      { numRuns: 500 },
    );
  });

  test("format of anything that parses is idempotent and keeps the tree", () => {
    fc.assert(
      fc.property(tokenSoupArb, (source) => {
        const first = format(source);
        if (!first.ok) return;
        expect(format(first.value)).toEqual(first);
        expect(withoutSpans(parsed(first.value))).toEqual(withoutSpans(parsed(source)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("literals round-trip exactly", () => {
  test("numbers", () => {
    fc.assert(
      fc.property(numberValueArb, (value) => {
        const node = parsed(formatNumber(value));
        expect(node.kind === "Number" && Object.is(node.value, value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test("strings, in the canonical quoting and as JSON", () => {
    fc.assert(
      fc.property(stringValueArb, (value) => {
        for (const literal of [quoteString(value), JSON.stringify(value)]) {
          const node = parsed(literal);
          expect(node.kind === "String" && node.value).toBe(value);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("the canonical string keeps non-ASCII text as is", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (value) => {
        const quoted = quoteString(value);
        for (const ch of value) if (ch.charCodeAt(0) >= 0x80 && ch.length === 2) expect(quoted).toContain(ch);
      }),
    );
  });
});

describe("parse never throws", () => {
  const wellFormed = (source: string): void => {
    const result = parse(source);
    expect(typeof result.ok).toBe("boolean");
    if (result.ok) return;
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) {
      expect(d.code).not.toBe("internal_error");
      expect(d.message).not.toMatch(/Expecting|-->|NOT_APPLICABLE/);
      expect(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= source.length).toBe(true);
    }
  };

  test("on random strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), wellFormed), { numRuns: 2000 });
  });

  test("on random token soups", () => {
    fc.assert(fc.property(tokenSoupArb, wellFormed), { numRuns: 5000 });
  });

  test("on printed trees with one character deleted or inserted", () => {
    fc.assert(
      fc.property(exprArb, fc.nat(), fc.constantFrom("", "(", ")", ",", "]", "'", "=>", "?"), (ast, at, insert) => {
        const source = print(ast);
        const i = source.length > 0 ? at % source.length : 0;
        wellFormed(source.slice(0, i) + insert + source.slice(i + (insert === "" ? 1 : 0)));
      }),
      { numRuns: 2000 },
    );
  });
});

test("every node's span lies within its parent's and within the source", () => {
  fc.assert(
    fc.property(exprArb, fc.integer({ min: 10, max: 100 }), (ast, width) => {
      const source = print(ast, { width });
      const check = (node: Expr, outer: { start: number; end: number }): void => {
        expect(outer.start <= node.span.start && node.span.start < node.span.end && node.span.end <= outer.end).toBe(true);
        for (const child of children(node)) check(child, node.span);
      };
      check(parsed(source), { start: 0, end: source.length });
    }),
    { numRuns: 500 },
  );
});
