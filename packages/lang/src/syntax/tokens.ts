import { KEYWORDS } from "@qel/ops";
import { createToken, Lexer, type TokenType } from "chevrotain";

// Token vocabulary of qel (docs/language.md). lexer.ts scans text into these tokens; the patterns below state
// each token's text exactly, and `allTokens` in order is the same vocabulary as a chevrotain lexer definition
// (whitespace, keywords each with `longer_alt: Identifier`, names, literals, operators longest first, categories
// last), which the lexer's tests hold it equal to.

/** Any word after `.` or before `:` in a dict: identifiers and keywords alike (`d.null`, `{not: 1}`). */
export const Word = createToken({ name: "Word", pattern: Lexer.NA });
/** A dict key: a Word or a string. */
export const Key = createToken({ name: "Key", pattern: Lexer.NA });
/** Every left-associative binary operator, `??` to `%` (`**` is apart: it is right-associative). */
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA });
/** `-` `!` `not` */
export const UnaryOperator = createToken({ name: "UnaryOperator", pattern: Lexer.NA });

/** Space, tab, line feed and carriage return, skipped; other spaces (a non-breaking space) are unexpected characters. */
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\n\r]+/, group: Lexer.SKIPPED, line_breaks: true });

/** A name: `[A-Za-z_][A-Za-z0-9_]*`, ASCII only. */
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Word, Key] });

function keyword(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'`, longer_alt: Identifier, categories: [Word, Key, ...categories] });
}

// Keywords never swallow a longer name (`trueish`, `order`, `notes`); `and`, `or`, `not` are operators too.
export const True = keyword("True", "true");
export const False = keyword("False", "false");
export const Null = keyword("Null", "null");
export const And = keyword("And", "and", [BinaryOperator]);
export const Or = keyword("Or", "or", [BinaryOperator]);
export const Not = keyword("Not", "not", [UnaryOperator]);
export const In = keyword("In", "in", [BinaryOperator]);

/** The words that are never names; they may still follow `.` and key a dict. */
export const keywords: ReadonlySet<string> = new Set(Object.keys(KEYWORDS));

const digits = String.raw`\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/** Unsigned: `-` is an operator. A fraction needs digits after the dot, so `1.foo` is a member of `1`. */
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: new RegExp(digits) });

/**
 * A number followed directly by letters that do not make a duration (`5min`, `3x`, `1e`): one token, so that it is
 * reported as `invalid_number` instead of silently becoming a number and a name. It is a NumberLiteral for the
 * parser, so one typo yields one diagnostic.
 */
export const MalformedNumber = createToken({
  name: "MalformedNumber",
  pattern: new RegExp(`${digits}[A-Za-z_][A-Za-z0-9_]*`),
  categories: [NumberLiteral],
});
NumberLiteral.LONGER_ALT = MalformedNumber;

/** `500ms`, `1.5h`: a number immediately followed by a unit; a longer word (`5min`) is a MalformedNumber. */
export const DurationLiteral = createToken({
  name: "DurationLiteral",
  pattern: new RegExp(`${digits}(?:ms|[smhdw])`),
  longer_alt: MalformedNumber,
});

/**
 * Both quote styles. The pattern also accepts bad escapes and a missing closing quote (up to the end of the line),
 * so the parser keeps going; `syntax-strings.ts` reports those as `invalid_escape` and `unterminated_string`.
 */
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r]?)*"?|'(?:[^'\\\n\r]|\\[^\n\r]?)*'?/,
  categories: [Key],
});

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'`, categories });
}

// Operators and punctuation; a longer operator comes before its prefix (`===` before `==`, `**` before `*`).
export const Arrow = punct("Arrow", "=>");
export const StrictEquals = punct("StrictEquals", "===", [BinaryOperator]);
export const StrictNotEquals = punct("StrictNotEquals", "!==", [BinaryOperator]);
export const Equals = punct("Equals", "==", [BinaryOperator]);
export const NotEquals = punct("NotEquals", "!=", [BinaryOperator]);
export const LessEquals = punct("LessEquals", "<=", [BinaryOperator]);
export const GreaterEquals = punct("GreaterEquals", ">=", [BinaryOperator]);
export const Less = punct("Less", "<", [BinaryOperator]);
export const Greater = punct("Greater", ">", [BinaryOperator]);
export const AmpAmp = punct("AmpAmp", "&&", [BinaryOperator]);
export const PipePipe = punct("PipePipe", "||", [BinaryOperator]);
export const Coalesce = punct("Coalesce", "??", [BinaryOperator]);
export const Question = punct("Question", "?");
export const Colon = punct("Colon", ":");
export const Power = punct("Power", "**");
export const Star = punct("Star", "*", [BinaryOperator]);
export const Slash = punct("Slash", "/", [BinaryOperator]);
export const Percent = punct("Percent", "%", [BinaryOperator]);
export const Plus = punct("Plus", "+", [BinaryOperator]);
export const Minus = punct("Minus", "-", [BinaryOperator, UnaryOperator]);
export const Bang = punct("Bang", "!", [UnaryOperator]);
export const Dot = punct("Dot", ".");
export const Comma = punct("Comma", ",");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");

/** Every token type, categories included, in lexer match order. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  True,
  False,
  Null,
  And,
  Or,
  Not,
  In,
  Identifier,
  DurationLiteral,
  NumberLiteral,
  MalformedNumber,
  StringLiteral,
  Arrow,
  StrictEquals,
  StrictNotEquals,
  Equals,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Less,
  Greater,
  AmpAmp,
  PipePipe,
  Coalesce,
  Question,
  Colon,
  Power,
  Star,
  Slash,
  Percent,
  Plus,
  Minus,
  Bang,
  Dot,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Word,
  Key,
  BinaryOperator,
  UnaryOperator,
];
