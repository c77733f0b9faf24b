import type { TokenType } from "chevrotain";
import type { BinaryOp, Expr, UnaryOp } from "./ast.js";
import * as t from "./tokens.js";

/**
 * Binding strength of each syntactic level, loosest first (docs/language.md). The parser groups
 * binary operators by this table and the printer adds parentheses by it, so they cannot disagree.
 */
export const Prec = {
  lambda: 0,
  conditional: 1,
  coalesce: 2,
  or: 3,
  and: 4,
  equality: 5,
  relational: 6,
  additive: 7,
  multiplicative: 8,
  unary: 9,
  power: 10,
  postfix: 11,
  primary: 12,
} as const;

/** The precedence of every binary operator; all are left-associative except `**`. */
export const binaryPrecedence: Readonly<Record<BinaryOp, number>> = {
  "??": Prec.coalesce,
  "||": Prec.or,
  "&&": Prec.and,
  "==": Prec.equality,
  "!=": Prec.equality,
  "<": Prec.relational,
  "<=": Prec.relational,
  ">": Prec.relational,
  ">=": Prec.relational,
  in: Prec.relational,
  "+": Prec.additive,
  "-": Prec.additive,
  "*": Prec.multiplicative,
  "/": Prec.multiplicative,
  "%": Prec.multiplicative,
  "**": Prec.power,
};

/** Each binary operator token and the operator it means; `===`, `and` and friends map to canonical spellings. */
export const binaryOpOfToken: ReadonlyMap<TokenType, BinaryOp> = new Map<TokenType, BinaryOp>([
  [t.Coalesce, "??"],
  [t.PipePipe, "||"],
  [t.Or, "||"],
  [t.AmpAmp, "&&"],
  [t.And, "&&"],
  [t.Equals, "=="],
  [t.StrictEquals, "=="],
  [t.NotEquals, "!="],
  [t.StrictNotEquals, "!="],
  [t.Less, "<"],
  [t.LessEquals, "<="],
  [t.Greater, ">"],
  [t.GreaterEquals, ">="],
  [t.In, "in"],
  [t.Plus, "+"],
  [t.Minus, "-"],
  [t.Star, "*"],
  [t.Slash, "/"],
  [t.Percent, "%"],
  [t.Power, "**"],
]);

/** Each prefix operator token and the operator it means (`not` is `!`). */
export const unaryOpOfToken: ReadonlyMap<TokenType, UnaryOp> = new Map<TokenType, UnaryOp>([
  [t.Minus, "-"],
  [t.Bang, "!"],
  [t.Not, "!"],
]);

/**
 * How tightly a node binds when printed: a node whose precedence is below what its position requires gets
 * parentheses. A negative or NaN number is not a literal the parser can produce; it prints as a prefix form.
 */
export function precedenceOf(node: Expr): number {
  switch (node.kind) {
    case "Lambda":
      return Prec.lambda;
    case "Conditional":
      return Prec.conditional;
    case "Binary":
      return binaryPrecedence[node.op];
    case "Unary":
      return Prec.unary;
    case "Member":
    case "Index":
    case "Call":
      return Prec.postfix;
    case "Number":
      return node.value < 0 || Object.is(node.value, -0) ? Prec.unary : Number.isNaN(node.value) ? Prec.multiplicative : Prec.primary;
    case "Duration":
      return node.amount < 0 || Object.is(node.amount, -0) ? Prec.unary : Prec.primary;
    default:
      return Prec.primary;
  }
}
