/**
 * tokens(): qel's own lexer, classified for an editor's highlighting. The lexer is the parser's, so the colors
 * never disagree with what parses; the classes are lexical (a name after `.` is a `member`, a name before `(` a
 * `function`), never typed, so highlighting costs one tokenize and no checking.
 */
import type { IToken, TokenType } from "chevrotain";
import * as t from "../syntax/tokens.js";
import { lexer } from "../syntax/lexer.js";
import { tokenSpan } from "../syntax/syntax-scan.js";

export type TokenKind =
  | "keyword" // true false null and or not
  | "name" // a variable, a lambda parameter or an op used as a value
  | "function" // a name called: `f(` or `.f(`
  | "member" // the name after a dot
  | "parameter" // a lambda parameter where it is declared
  | "number"
  | "duration"
  | "string"
  | "operator"
  | "punctuation"
  | "invalid"; // characters the lexer does not know, and malformed numbers

/** A classified span of the source: `from` and `to` are UTF-16 offsets, `to` exclusive. */
export interface Token {
  readonly from: number;
  readonly to: number;
  readonly kind: TokenKind;
}

const keywordTypes: ReadonlySet<TokenType> = new Set([t.True, t.False, t.Null, t.And, t.Or, t.Not]);
const punctuation: ReadonlySet<TokenType> = new Set([t.Dot, t.Comma, t.LParen, t.RParen, t.LBracket, t.RBracket, t.LBrace, t.RBrace, t.Colon]);

/**
 * The tokens of `source` in order, with the characters the lexer skipped as `invalid` tokens. Whitespace is not
 * a token. Never throws; a non-string source has no tokens.
 */
export function tokens(source: string): Token[] {
  if (typeof source !== "string") return [];
  const lexed = lexer.tokenize(source);
  const out: Token[] = [];
  const list = lexed.tokens;
  list.forEach((token, i) => {
    const { start, end } = tokenSpan(token);
    out.push({ from: start, to: end, kind: classify(token, list[i - 1], list[i + 1]) });
  });
  markHeadParams(list, out);
  for (const e of lexed.errors) out.push({ from: e.offset, to: e.offset + e.length, kind: "invalid" });
  return lexed.errors.length > 0 ? out.sort((a, b) => a.from - b.from) : out;
}

function classify(token: IToken, before: IToken | undefined, after: IToken | undefined): TokenKind {
  const type = token.tokenType;
  if (keywordTypes.has(type)) return before?.tokenType === t.Dot ? "member" : "keyword";
  if (type === t.Identifier) {
    if (after?.tokenType === t.Arrow && (before === undefined || before.tokenType !== t.Dot)) return "parameter";
    if (after?.tokenType === t.LParen) return "function";
    if (before?.tokenType === t.Dot) return "member";
    return "name";
  }
  if (type === t.MalformedNumber) return "invalid";
  if (type === t.NumberLiteral) return "number";
  if (type === t.DurationLiteral) return "duration";
  if (type === t.StringLiteral) return "string";
  if (punctuation.has(type)) return "punctuation";
  return "operator";
}

/** `(a, b) =>`: the names of a parenthesized lambda head are parameters too. */
function markHeadParams(list: readonly IToken[], out: Token[]): void {
  list.forEach((token, i) => {
    if (token.tokenType !== t.Arrow || list[i - 1]?.tokenType !== t.RParen) return;
    for (let k = i - 2; k >= 0; k--) {
      const type = list[k]!.tokenType;
      if (type === t.Identifier) out[k] = { ...out[k]!, kind: "parameter" };
      else if (type !== t.Comma) return;
    }
  });
}
