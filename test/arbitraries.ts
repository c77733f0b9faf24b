import fc from "fast-check";
import { KEYWORDS } from "@qel/ops";
import type { BinaryOp, DictEntry, DurationUnit, Expr, Param, UnaryOp } from "../packages/lang/src/syntax/ast.js";
import type { Span } from "../packages/lang/src/syntax/source.js";

// fast-check arbitraries for the syntax layer: random ASTs (spans left empty), names, literal values, and token
// soups that are mostly near-miss qel.

const span: Span = { start: 0, end: 0 };
/** The language's keywords, from the one table the lexer, printer and completion read (`in` included). */
const keywordList = Object.keys(KEYWORDS);

/** A name that is not a keyword: `[A-Za-z_][A-Za-z0-9_]*`. */
export const nameArb: fc.Arbitrary<string> = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/)
  .filter((s) => !keywordList.includes(s));

/** A word after `.`: a name or a keyword. */
export const wordArb: fc.Arbitrary<string> = fc.oneof(nameArb, fc.constantFrom(...keywordList));

/** Any UTF-16 code unit, lone surrogates and control characters included. */
const codeUnitArb: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings of arbitrary unicode, and of arbitrary code units (lone surrogates, controls, quotes, backslashes). */
export const stringValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: codeUnitArb }),
  fc.string({ unit: fc.constantFrom('"', "'", "\\", "\n", "u", "/", "é", "🎉", "\u2028") }),
);

/** A literal's number: never negative (`-1` is a prefix operator applied to `1`), Infinity included. */
export const numberValueArb: fc.Arbitrary<number> = fc.oneof(
  fc.double({ min: 0, noNaN: true }).filter((v) => !Object.is(v, -0)),
  fc.nat(),
  fc.constantFrom(0, 0.1, 1e-7, 1e21, 5e-324, Number.MAX_VALUE, Infinity),
);

const unitArb = fc.constantFrom<DurationUnit>("ms", "s", "m", "h", "d", "w");
const binaryOpArb = fc.constantFrom<BinaryOp>("??", "||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "**");
const unaryOpArb = fc.constantFrom<UnaryOp>("-", "!");
const paramArb: fc.Arbitrary<Param> = nameArb.map((name) => ({ name, span }));

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  numberValueArb.map((value): Expr => ({ kind: "Number", span, value })),
  stringValueArb.map((value): Expr => ({ kind: "String", span, value })),
  fc.boolean().map((value): Expr => ({ kind: "Boolean", span, value })),
  fc.constant<Expr>({ kind: "Null", span }),
  fc.record({ amount: numberValueArb, unit: unitArb }).map(({ amount, unit }): Expr => ({ kind: "Duration", span, amount, unit })),
  nameArb.map((name): Expr => ({ kind: "Name", span, name })),
);

/** Random ASTs of every kind, sized by fast-check's depth bias; spans are all empty. */
export const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => {
  const expr = tie("expr");
  const few = fc.array(expr, { maxLength: 3 });
  return {
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leafArb,
      few.map((items): Expr => ({ kind: "List", span, items })),
      fc
        .array(fc.record({ key: stringValueArb, value: expr }), { maxLength: 3 })
        .map((entries): Expr => ({ kind: "Dict", span, entries: entries.map((e): DictEntry => ({ key: e.key, keySpan: span, value: e.value })) })),
      fc.record({ params: fc.array(paramArb, { maxLength: 3 }), body: expr }).map(({ params, body }): Expr => ({ kind: "Lambda", span, params, body })),
      fc.record({ object: expr, name: wordArb }).map(({ object, name }): Expr => ({ kind: "Member", span, object, name, nameSpan: span })),
      fc.record({ object: expr, index: expr }).map(({ object, index }): Expr => ({ kind: "Index", span, object, index })),
      fc.record({ callee: expr, args: few }).map(({ callee, args }): Expr => ({ kind: "Call", span, callee, args })),
      fc.record({ op: unaryOpArb, operand: expr }).map(({ op, operand }): Expr => ({ kind: "Unary", span, op, operand })),
      fc.record({ op: binaryOpArb, left: expr, right: expr }).map(({ op, left, right }): Expr => ({ kind: "Binary", span, op, left, right })),
      fc.record({ test: expr, consequent: expr, alternate: expr }).map(({ test, consequent, alternate }): Expr => ({ kind: "Conditional", span, test, consequent, alternate })),
    ),
  };
}).expr;

const soupTokens = [
  "(", ")", "[", "]", "{", "}", ",", ".", ":", "?", "??", "=>", "=", "==", "===", "!=", "!", "-", "+", "*", "**", "/",
  "%", "<", ">=", "&&", "||", "&", "|", "and", "or", "not", "true", "null", "trueish", "x", "runs", "f", "r", "1", "0.5",
  "1e", "1e999", "5m", "5min", "'s'", '"t"', '"', "'", "\\", "\\u12", " ", "\n", "#", "é", "🎉", "\u0000",
];

/** Sequences of qel-ish tokens glued together, often malformed: parser food. */
export const tokenSoupArb: fc.Arbitrary<string> = fc.array(fc.constantFrom(...soupTokens), { maxLength: 30 }).map((parts) => parts.join(""));

/** A copy of an AST value without `span`, `keySpan` and `nameSpan`, for comparing trees regardless of layout. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== "span" && k !== "keySpan" && k !== "nameSpan") out[k] = withoutSpans(v);
  return out;
}
