import type { IToken, TokenType } from "chevrotain";
import { error, type Diagnostic } from "./diagnostics.js";
import { checkString, needsStringCheck } from "./syntax-strings.js";
import * as t from "./tokens.js";

/** The span of a lexed token; chevrotain's end offsets are inclusive (and not tracked here), so use the image. */
export function tokenSpan(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** Tokens after which a `-` is binary and a `(` or `[` continues a postfix chain. */
const operandEnds: ReadonlySet<TokenType> = new Set([
  t.Identifier,
  t.NumberLiteral,
  t.MalformedNumber,
  t.DurationLiteral,
  t.StringLiteral,
  t.True,
  t.False,
  t.Null,
  t.RParen,
  t.RBracket,
  t.RBrace,
]);

/** True when `token` ends an operand, so what follows is an operator, a call or an index. */
export function endsOperand(token: IToken | undefined): boolean {
  return token !== undefined && operandEnds.has(token.tokenType);
}

/**
 * One pass over the tokens before the recursive parser runs. Reports bad strings (`invalid_escape`,
 * `unterminated_string`) and numbers (`invalid_number`) into `out`, and returns a `nesting_too_deep` diagnostic
 * when the nesting exceeds `maxDepth` (the parser is then not run, so deep input never reaches its recursion).
 *
 * Nesting counts brackets, and within a bracket what recurses: lambda heads and `?` until the next `,` or closing
 * bracket, prefix operators and `**` until the next binary operator. It never exceeds the AST's depth plus the
 * number of enclosing parentheses, so `((x))` nests 2 and `a + b + c` nests 0 here (parse.ts checks the AST depth
 * of long chains afterwards).
 */
export function scanTokens(tokens: readonly IToken[], maxDepth: number, out: Diagnostic[]): Diagnostic | undefined {
  const saved: number[] = [];
  let outer = 0;
  let loose = 0;
  let tight = 0;
  let previous: IToken | undefined;
  for (const token of tokens) {
    const type = token.tokenType;
    switch (type) {
      case t.LParen:
      case t.LBracket:
      case t.LBrace:
        saved.push(loose, tight);
        outer += loose + tight + 1;
        loose = 0;
        tight = 0;
        break;
      case t.RParen:
      case t.RBracket:
      case t.RBrace:
        if (saved.length > 0) {
          tight = saved.pop() ?? 0;
          loose = saved.pop() ?? 0;
          outer -= loose + tight + 1;
        }
        break;
      case t.Comma:
        loose = 0;
        tight = 0;
        break;
      case t.Arrow:
      case t.Question:
        loose++;
        break;
      case t.Power:
      case t.Bang:
      case t.Not:
        tight++;
        break;
      case t.Minus:
        if (endsOperand(previous)) tight = 0;
        else tight++;
        break;
      case t.StringLiteral:
        if (needsStringCheck(token.image)) checkString(token.image, token.startOffset, out);
        break;
      case t.MalformedNumber:
        out.push(malformedNumber(token));
        break;
      default:
        if (binaryTokens.has(type)) tight = 0;
    }
    if (outer + loose + tight > maxDepth) return tooDeep(token, maxDepth);
    previous = token;
  }
  return undefined;
}

function tooDeep(token: IToken, maxDepth: number): Diagnostic {
  return error("nesting_too_deep", `the expression nests deeper than the limit of ${maxDepth} levels`, tokenSpan(token), {
    hint: "split it into smaller expressions, or raise the `maxDepth` limit",
  });
}

const binaryTokens: ReadonlySet<TokenType> = new Set([
  t.Coalesce,
  t.PipePipe,
  t.Or,
  t.AmpAmp,
  t.And,
  t.Equals,
  t.StrictEquals,
  t.NotEquals,
  t.StrictNotEquals,
  t.Less,
  t.LessEquals,
  t.Greater,
  t.GreaterEquals,
  t.Plus,
  t.Star,
  t.Slash,
  t.Percent,
]);

const unitSpellings: Readonly<Record<string, string>> = {
  msec: "ms", millis: "ms", sec: "s", secs: "s", second: "s", seconds: "s", min: "m", mins: "m", minute: "m", minutes: "m",
  hr: "h", hrs: "h", hour: "h", hours: "h", day: "d", days: "d", week: "w", weeks: "w",
};

function malformedNumber(token: IToken): Diagnostic {
  const text = token.image;
  const span = tokenSpan(token);
  if (/^[\d.]+[eE]$/.test(text)) return error("invalid_number", `invalid number \`${text}\`: an exponent needs digits`, span, { hint: "write e.g. `1e3` or `1e-3`" });
  const suffix = text.replace(/^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, "");
  const unit = unitSpellings[suffix.toLowerCase()];
  const hint =
    unit !== undefined
      ? `write \`${text.slice(0, text.length - suffix.length)}${unit}\`; the units are ms, s, m, h, d, w`
      : "a duration is a number directly followed by one of the units ms, s, m, h, d, w (`5m`, `500ms`); names cannot start with a digit";
  return error("invalid_number", `invalid number \`${text}\`: \`${suffix}\` is not a duration unit`, span, { hint });
}
