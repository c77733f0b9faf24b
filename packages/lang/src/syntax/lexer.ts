/**
 * qel's lexer: source text to the tokens the chevrotain parser reads, scanned by hand over the token vocabulary of
 * tokens.ts (docs/language.md "Tokens"). It gives exactly what chevrotain's own regular-expression lexer gives for
 * that vocabulary (a property test holds the two equal on generated text), at a fraction of the time and with
 * nothing to build when the module loads:
 * - whitespace is skipped; a run of characters no token starts at is one lexing error (offset and length);
 * - a word is a keyword only when the whole word is one (`trueish` is a name);
 * - a number followed directly by a unit is a duration, by any other letters one malformed number (`5min`, `1e`);
 * - a string runs to its closing quote, or to the end of its line when it has none;
 * - operators are matched longest first (`===` before `==`).
 * Tokens carry offsets only; lines and columns are computed from the source when a message needs them.
 */
import type { ILexingError, IToken, TokenType } from "chevrotain";
import * as t from "./tokens.js";

/** What {@link lexer}'s `tokenize` returns: the tokens in order and the lexing errors. */
export interface Lexed {
  readonly tokens: IToken[];
  readonly errors: ILexingError[];
}

/** Each token type whose text is fixed (tokens.ts states it as the pattern), by that text. */
const FIXED: readonly (readonly [string, TokenType])[] = t.allTokens.flatMap((type) =>
  typeof type.PATTERN === "string" ? [[type.PATTERN, type] as const] : []);

/** The keywords (a fixed text that is a word), by their text. */
const KEYWORD_TYPES: ReadonlyMap<string, TokenType> = new Map(FIXED.filter(([text]) => /^[A-Za-z_]/.test(text)));

/** The operators and punctuation (every other fixed text) by first character, each list longest first. */
const PUNCTUATION: ReadonlyMap<number, readonly (readonly [string, TokenType])[]> = byFirstChar(FIXED.filter(([text]) => !/^[A-Za-z_]/.test(text)));

function byFirstChar(table: readonly (readonly [string, TokenType])[]): Map<number, (readonly [string, TokenType])[]> {
  const out = new Map<number, (readonly [string, TokenType])[]>();
  for (const entry of table) {
    const c = entry[0].charCodeAt(0);
    const list = out.get(c) ?? [];
    list.push(entry);
    list.sort((a, b) => b[0].length - a[0].length);
    out.set(c, list);
  }
  return out;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordPart = (c: number): boolean => isWordStart(c) || isDigit(c);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isLineEnd = (c: number): boolean => c === 10 || c === 13;

function wordEnd(s: string, i: number): number {
  while (i < s.length && isWordPart(s.charCodeAt(i))) i++;
  return i;
}

function digitsEnd(s: string, i: number): number {
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

/** Where a number's text ends: digits, a fraction when digits follow the dot, an exponent when digits follow it. */
function numberEnd(s: string, i: number): number {
  let end = digitsEnd(s, i);
  if (s.charCodeAt(end) === 46 && isDigit(s.charCodeAt(end + 1))) end = digitsEnd(s, end + 1);
  const e = s.charCodeAt(end);
  if (e === 101 || e === 69) {
    const sign = s.charCodeAt(end + 1);
    const first = sign === 43 || sign === 45 ? end + 2 : end + 1;
    if (isDigit(s.charCodeAt(first))) end = digitsEnd(s, first);
  }
  return end;
}

/** The end of a duration's unit after a number ending at `i` (`ms` before `m`), or -1. */
function unitEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 109 && s.charCodeAt(i + 1) === 115) return i + 2;
  return c === 115 || c === 109 || c === 104 || c === 100 || c === 119 ? i + 1 : -1;
}

/** The end of a string starting at the quote at `i`: after its closing quote, or at the end of its line. */
function stringEnd(s: string, i: number): number {
  const quote = s.charCodeAt(i);
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === quote) return j + 1;
    if (isLineEnd(c)) return j;
    if (c === 92 && j + 1 < s.length && !isLineEnd(s.charCodeAt(j + 1))) j += 2;
    else j++;
  }
  return j;
}

/** Splits `source` into tokens; never throws. */
function tokenize(source: string): Lexed {
  const tokens: IToken[] = [];
  const errors: ILexingError[] = [];
  let errorStart = -1;
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    let type: TokenType | undefined;
    let end = i + 1;
    if (isSpace(c)) {
      while (end < source.length && isSpace(source.charCodeAt(end))) end++;
    } else if (isWordStart(c)) {
      end = wordEnd(source, i);
      type = KEYWORD_TYPES.get(source.slice(i, end)) ?? t.Identifier;
    } else if (isDigit(c)) {
      // digits directly followed by a word are one malformed number, unless the word is exactly a unit
      const number = numberEnd(source, i);
      const malformed = isWordStart(source.charCodeAt(number)) ? wordEnd(source, number) : -1;
      const unit = unitEnd(source, number);
      type = unit >= 0 ? t.DurationLiteral : t.NumberLiteral;
      end = unit >= 0 ? unit : number;
      if (malformed > end) {
        type = t.MalformedNumber;
        end = malformed;
      }
    } else if (c === 34 || c === 39) {
      type = t.StringLiteral;
      end = stringEnd(source, i);
    } else {
      const candidates = PUNCTUATION.get(c);
      if (candidates !== undefined) {
        for (let k = 0; k < candidates.length && type === undefined; k++) {
          const text = candidates[k]![0];
          if (source.startsWith(text, i)) {
            type = candidates[k]![1];
            end = i + text.length;
          }
        }
      }
      if (type === undefined) {
        if (errorStart < 0) errorStart = i;
        i++;
        continue;
      }
    }
    if (errorStart >= 0) {
      errors.push({ offset: errorStart, length: i - errorStart, line: undefined, column: undefined, message: "" });
      errorStart = -1;
    }
    if (type !== undefined) tokens.push({ image: source.slice(i, end), startOffset: i, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken);
    i = end;
  }
  if (errorStart >= 0) errors.push({ offset: errorStart, length: i - errorStart, line: undefined, column: undefined, message: "" });
  return { tokens, errors };
}

/** The one lexer: `lexer.tokenize(source)`. */
export const lexer: { readonly tokenize: (source: string) => Lexed } = Object.freeze({ tokenize });
