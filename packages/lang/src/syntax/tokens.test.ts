import { describe, expect, test } from "vitest";
import { lexer } from "./lexer.js";

/** `Type:image` for every token, space-separated; lexer errors as `!offset+length`. */
function lex(source: string): string {
  const { tokens, errors } = lexer.tokenize(source);
  return [...tokens.map((t) => `${t.tokenType.name}:${t.image}`), ...errors.map((e) => `!${e.offset}+${e.length}`)].join(" ");
}

describe("keywords and names", () => {
  test.for<[string, string]>([
    ["true", "True:true"],
    ["false", "False:false"],
    ["null", "Null:null"],
    ["and", "And:and"],
    ["or", "Or:or"],
    ["not", "Not:not"],
    ["trueish", "Identifier:trueish"],
    ["falsey", "Identifier:falsey"],
    ["nullable", "Identifier:nullable"],
    ["android", "Identifier:android"],
    ["order", "Identifier:order"],
    ["notes", "Identifier:notes"],
    ["not_", "Identifier:not_"],
    ["true1", "Identifier:true1"],
    ["True", "Identifier:True"],
    ["_x9", "Identifier:_x9"],
    ["runs", "Identifier:runs"],
  ])("%s", ([source, expected]) => {
    expect(lex(source)).toBe(expected);
  });
});

describe("numbers and durations", () => {
  test.for<[string, string]>([
    ["42", "NumberLiteral:42"],
    ["3.14", "NumberLiteral:3.14"],
    ["1e-3", "NumberLiteral:1e-3"],
    ["1E+21", "NumberLiteral:1E+21"],
    ["007", "NumberLiteral:007"],
    ["-1", "Minus:- NumberLiteral:1"],
    ["1.foo", "NumberLiteral:1 Dot:. Identifier:foo"],
    ["1.e5", "NumberLiteral:1 Dot:. Identifier:e5"],
    ["1.5.x", "NumberLiteral:1.5 Dot:. Identifier:x"],
    [".5", "Dot:. NumberLiteral:5"],
    ["500ms", "DurationLiteral:500ms"],
    ["30s", "DurationLiteral:30s"],
    ["5m", "DurationLiteral:5m"],
    ["2h", "DurationLiteral:2h"],
    ["7d", "DurationLiteral:7d"],
    ["1w", "DurationLiteral:1w"],
    ["1.5h", "DurationLiteral:1.5h"],
    ["1e3ms", "DurationLiteral:1e3ms"],
    ["5m.foo", "DurationLiteral:5m Dot:. Identifier:foo"],
    ["5 m", "NumberLiteral:5 Identifier:m"],
    ["5min", "MalformedNumber:5min"],
    ["5x", "MalformedNumber:5x"],
    ["1e", "MalformedNumber:1e"],
    ["2ms5", "MalformedNumber:2ms5"],
    ["3h_", "MalformedNumber:3h_"],
  ])("%s", ([source, expected]) => {
    expect(lex(source)).toBe(expected);
  });
});

describe("strings", () => {
  test.for<[string, string]>([
    [`"abc"`, `StringLiteral:"abc"`],
    [`'abc'`, `StringLiteral:'abc'`],
    [`"a'b"`, `StringLiteral:"a'b"`],
    [`'a"b'`, `StringLiteral:'a"b'`],
    [String.raw`"a\"b"`, String.raw`StringLiteral:"a\"b"`],
    [String.raw`'a\'b'`, String.raw`StringLiteral:'a\'b'`],
    [String.raw`"\u00e9\n"`, String.raw`StringLiteral:"\u00e9\n"`],
    [`"é 日本 🎉"`, `StringLiteral:"é 日本 🎉"`],
    [`"unterminated`, `StringLiteral:"unterminated`],
    [`"line\nnext"`, `StringLiteral:"line Identifier:next StringLiteral:"`],
    [String.raw`"bad \x"`, String.raw`StringLiteral:"bad \x"`],
    [`"ends with \\`, `StringLiteral:"ends with \\`],
  ])("%s", ([source, expected]) => {
    expect(lex(source)).toBe(expected);
  });
});

describe("operators and punctuation", () => {
  test.for<[string, string]>([
    ["a===b", "Identifier:a StrictEquals:=== Identifier:b"],
    ["a!==b", "Identifier:a StrictNotEquals:!== Identifier:b"],
    ["a==b!=c", "Identifier:a Equals:== Identifier:b NotEquals:!= Identifier:c"],
    ["a<=b>=c<d>e", "Identifier:a LessEquals:<= Identifier:b GreaterEquals:>= Identifier:c Less:< Identifier:d Greater:> Identifier:e"],
    ["a&&b||c??d", "Identifier:a AmpAmp:&& Identifier:b PipePipe:|| Identifier:c Coalesce:?? Identifier:d"],
    ["a?b:c", "Identifier:a Question:? Identifier:b Colon:: Identifier:c"],
    ["a**b*c/d%e", "Identifier:a Power:** Identifier:b Star:* Identifier:c Slash:/ Identifier:d Percent:% Identifier:e"],
    ["!!a", "Bang:! Bang:! Identifier:a"],
    ["--a", "Minus:- Minus:- Identifier:a"],
    ["r=>r", "Identifier:r Arrow:=> Identifier:r"],
    ["([{,.}])", "LParen:( LBracket:[ LBrace:{ Comma:, Dot:. RBrace:} RBracket:] RParen:)"],
    [" \t\r\n a \n", "Identifier:a"],
  ])("%s", ([source, expected]) => {
    expect(lex(source)).toBe(expected);
  });
});

describe("characters that are not qel", () => {
  test.for<[string, string]>([
    ["a # b", "Identifier:a Identifier:b !2+1"],
    ["a = b", "Identifier:a Identifier:b !2+1"],
    ["a & b", "Identifier:a Identifier:b !2+1"],
    ["@@x", "Identifier:x !0+2"],
    ["café", "Identifier:caf !3+1"],
    ["a\u00a0b", "Identifier:a Identifier:b !1+1"],
  ])("%s", ([source, expected]) => {
    expect(lex(source)).toBe(expected);
  });
});
