import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Lexer, type ILexingError, type IToken, type TokenType } from "chevrotain";
import { allTokens } from "./tokens.js";
import { lexer } from "./lexer.js";

/**
 * The token vocabulary as a chevrotain lexer definition, with chevrotain's own validations on: the oracle the
 * hand-written lexer must equal (and a check that the vocabulary itself is one chevrotain accepts).
 */
const reference = new Lexer(allTokens as TokenType[], {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
  errorMessageProvider: { buildUnexpectedCharactersMessage: () => "", buildUnableToPopLexerModeMessage: () => "" },
});

const shape = (tokens: readonly IToken[], errors: readonly ILexingError[]) => ({
  tokens: tokens.map((t) => [t.tokenType.name, t.image, t.startOffset, t.tokenTypeIdx]),
  errors: errors.map((e) => [e.offset, e.length]),
});

function same(source: string): void {
  const ours = lexer.tokenize(source);
  const theirs = reference.tokenize(source);
  expect(shape(ours.tokens, ours.errors), JSON.stringify(source)).toEqual(shape(theirs.tokens, theirs.errors));
}

/** Pieces that meet the lexer's corners: keywords and their prefixes, numbers, units, exponents, quotes, escapes. */
const piece = fc.constantFrom(
  "true", "false", "null", "and", "or", "not", "in", "trueish", "nota", "in_", "_", "x", "e", "E", "ms", "m", "s", "h",
  "d", "w", "min", "0", "1", "42", "007", "3.14", ".", "..", "1.", ".5", "1e", "1e5", "1E+2", "1e-", "e+", "+", "-",
  "*", "**", "/", "%", "=", "==", "===", "=>", "!", "!=", "!==", "<", "<=", ">", ">=", "&", "&&", "|", "||", "?",
  "??", ":", ",", "(", ")", "[", "]", "{", "}", '"', "'", "\\", '\\"', "\\'", " ", "\t", "\n", "\r", "#", "@", "$",
  "é", "日", "🎉", "\u00a0", "`", "~", "^", ";",
);

describe("the lexer", () => {
  it("gives chevrotain's tokens and errors for text built from the vocabulary's corners", () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 24 }).map((ps) => ps.join("")), same), { numRuns: 4000 });
  });

  it("gives chevrotain's tokens and errors for arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), same), { numRuns: 2000 });
  });

  it("gives chevrotain's tokens for whole expressions", () => {
    for (const source of [
      `runs.filter(r => r.config.learning_rate > 0.01 && r.summary.acc > 0.8).map(runName)`,
      `runs.groupBy(r => r.user.username).map(g => {user: g.key, acc: g.map(r => r.summary.acc).avg})`,
      `runs.filter(r => r.createdAt > now() - 7d && r.state in ["finished", 'crashed']).count`,
      `r.summary["val/acc"] ?? -1e-3 ** 2 === 5min`,
      `"unterminated\n'also`,
    ]) same(source);
  });

  it("reports a run of characters no token starts at as one error", () => {
    expect(lexer.tokenize("a @#= b").errors.map((e) => [e.offset, e.length])).toEqual([[2, 3]]);
  });
});
