import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import type { BinaryOp } from "./ast.js";
import { fastParse } from "./fast-parse.js";
import { lexer } from "./lexer.js";
import { parseCst } from "./parser.js";
import { parse } from "./parse.js";
import { binaryPrecedence, Prec } from "./syntax-precedence.js";
import { toAst } from "./to-ast.js";

/** The law: where chevrotain parses with no error the fast parser gives its AST (spans included), else it gives up. */
function agrees(source: string, precedence: Readonly<Record<BinaryOp, number>> = binaryPrecedence): void {
  const { tokens } = lexer.tokenize(source);
  const fast = fastParse(tokens, precedence);
  const { cst, errors } = parseCst(tokens);
  if (errors.length > 0 || cst === undefined) expect(fast, `accepted ${JSON.stringify(source)}`).toBeUndefined();
  else expect(fast, JSON.stringify(source)).toStrictEqual(toAst(cst));
}

const space = fc.constantFrom("", " ", " ", "  ", "\n", "\t");

/** Glues parts with random whitespace (none at all included, so `not x` may become the name `notx`). */
const spaced = (parts: readonly string[]): fc.Arbitrary<string> =>
  fc.array(space, { minLength: parts.length + 1, maxLength: parts.length + 1 }).map((ws) => parts.map((p, i) => ws[i] + p).join("") + ws[parts.length]);

const names = ["x", "r", "runs", "_", "a1", "trueish", "nota", "in_", "order", "notes", "runName", "E", "ms"];
const keywords = ["true", "false", "null", "and", "or", "not", "in"];
const binaryOps = ["??", "||", "or", "&&", "and", "==", "===", "!=", "!==", "<", "<=", ">", ">=", "in", "+", "-", "*", "/", "%", "**"];

/** String literals in both quotes: escapes (good and bad), the other quote, unicode, a missing closing quote. */
const stringLit = fc
  .tuple(
    fc.constantFrom('"', "'"),
    fc.array(fc.constantFrom("a", " ", "é", "日", "🎉", "\u2028", "\\n", "\\t", '\\"', "\\'", "\\\\", "\\/", "\\u00e9", "\\u12", "\\q", '"', "'"), { maxLength: 6 }),
    fc.boolean(),
  )
  .map(([q, body, closed]) => q + body.filter((p) => p !== q).join("") + (closed ? q : ""));

const leaf = fc.oneof(
  fc.constantFrom("0", "42", "007", "3.14", "1e3", "1E+2", "2.5e-3", "1e999", "5min", "1e", "5m", "500ms", "1.5h", "2d", "1w", "3s"),
  fc.constantFrom(...names, ...keywords),
  stringLit,
);

const word = fc.constantFrom(...names, ...keywords);
const key = fc.oneof(word, stringLit, fc.constantFrom("1", "(x)"));

/** Sources built from the grammar's productions, with no parentheses added, so precedence decides their shape. */
const grammarSource: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => {
  const e = tie("e");
  const list = (open: string, item: fc.Arbitrary<string>, close: string) =>
    fc.tuple(fc.array(item, { maxLength: 3 }), fc.boolean()).chain(([items, trailing]) =>
      spaced([open, items.join(","), trailing && items.length > 0 ? "," : "", close]));
  return {
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.tuple(e, fc.constantFrom(...binaryOps), e).chain(([a, op, b]) => spaced([a, op, b])),
      fc.tuple(fc.constantFrom("-", "!", "not "), e).chain(([op, a]) => spaced([op, a])),
      e.chain((a) => spaced(["(", a, ")"])),
      fc.tuple(fc.constantFrom("x =>", "(x) =>", "(x, y) =>", "() =>", "(x,) =>", "(x y) =>", "(,) =>"), e).chain(([h, a]) => spaced([h, a])),
      fc.tuple(e, e, e).chain(([a, b, c]) => spaced([a, "?", b, ":", c])),
      fc.tuple(e, word).chain(([a, w]) => spaced([a, ".", w])),
      fc.tuple(e, e).chain(([a, b]) => spaced([a, "[", b, "]"])),
      fc.tuple(e, list("(", e, ")")).map(([a, args]) => a + args),
      list("[", e, "]"),
      list("{", fc.tuple(key, e).map(([k, v]) => `${k}: ${v}`), "}"),
    ),
  };
}).e;

/** Pieces of near-qel glued together: mostly not an expression. */
const soup = fc
  .array(fc.constantFrom("(", ")", "[", "]", "{", "}", ",", ".", ":", "?", "??", "=>", "==", "!", "-", "+", "*", "**", "not", "in", "true", "x", "f", "1", "5m", "'s'", " "), { maxLength: 20 })
  .map((parts) => parts.join(""));

/** A valid-looking source with one piece deleted, doubled or inserted: the near misses an editor produces. */
const nearMiss = fc.tuple(grammarSource, fc.nat(), fc.constantFrom("", "(", ")", ",", ".", "=>", "?", ":", "+", "]", "}")).map(([s, at, piece]) => {
  const i = s.length === 0 ? 0 : at % s.length;
  return piece === "" ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + piece + s.slice(i);
});

describe("the fast parser", () => {
  it("agrees with chevrotain on sources built from the grammar", () => {
    fc.assert(fc.property(grammarSource, (s) => agrees(s)), { numRuns: 3000 });
  });

  it("agrees with chevrotain on near misses and token soups", () => {
    fc.assert(fc.property(fc.oneof(nearMiss, soup), (s) => agrees(s)), { numRuns: 3000 });
  });

  it("agrees with chevrotain on whole queries and their corners", () => {
    for (const source of [
      `runs.filter(r => r.config.learning_rate > 0.01 && r.summary.acc > 0.8).map(runName)`,
      `runs.groupBy(r => r.user.username).map(g => {user: g.key, acc: g.map(r => r.summary.acc).avg})`,
      `-2 ** -3 ** 2`, `not a in b or c and d ?? e`, `a ? b : c ? d : e`, `(a, b) => a => ((b))`, `x.not.in.true`,
      `{null: 1, "k\\u00e9y": [1, 2,], 'x': {}, }`, `f(a, b,)(c)[0].d`, `((x))`, `a === b !== c`, `1.5h + 500ms`,
    ]) agrees(source);
  });

  it("would be caught by the law if it bound `+` tighter than `*`", () => {
    const swapped = { ...binaryPrecedence, "+": Prec.multiplicative, "-": Prec.multiplicative, "*": Prec.additive, "/": Prec.additive };
    expect(() => agrees("a + b * c", swapped)).toThrow();
    const found = fc.check(fc.property(grammarSource, (s) => agrees(s, swapped)), { numRuns: 3000, seed: 12 });
    expect(found.failed).toBe(true);
  });

  it("gives up on empty input, leftover tokens and nesting past its own bound, so chevrotain reports them", () => {
    for (const source of ["", "a b", "a)", "(".repeat(1200) + "x" + ")".repeat(1200)]) {
      expect(fastParse(lexer.tokenize(source).tokens)).toBeUndefined();
    }
    const deep = `${"(".repeat(1200)}x${")".repeat(1200)}`;
    const r = parse(deep, { maxDepth: Infinity });
    // what chevrotain does with it today: parsed, or nesting_too_deep when the stack runs out; never a crash
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toEqual(["nesting_too_deep"]);
  });

  it("lets parse read a valid expression without building chevrotain's parser, which it builds for the first invalid one", async () => {
    vi.resetModules();
    const fresh = await import("./parse.js");
    const { parserBuilt } = await import("./parser.js");
    expect(fresh.parse("runs.filter(r => r.summary.acc > 0.8).map(runName)").ok).toBe(true);
    expect(parserBuilt()).toBe(false);
    expect(fresh.parse("runs.filter(r => ").ok).toBe(false);
    expect(parserBuilt()).toBe(true);
  });
});
