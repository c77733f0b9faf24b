import type { Span } from "./source.js";

/** The AST: a readonly union keyed by `kind`; every node carries the span of the source it came from. */
export type Expr =
  | NumberLit
  | StringLit
  | BooleanLit
  | NullLit
  | DurationLit
  | ListLit
  | DictLit
  | Name
  | Lambda
  | Member
  | Index
  | Call
  | Unary
  | Binary
  | Conditional;

export interface NumberLit {
  readonly kind: "Number";
  readonly span: Span;
  /** The parsed value (may be Infinity for huge literals such as 1e999). */
  readonly value: number;
}

export interface StringLit {
  readonly kind: "String";
  readonly span: Span;
  /** The decoded value, escapes resolved. */
  readonly value: string;
}

export interface BooleanLit {
  readonly kind: "Boolean";
  readonly span: Span;
  readonly value: boolean;
}

export interface NullLit {
  readonly kind: "Null";
  readonly span: Span;
}

export type DurationUnit = "ms" | "s" | "m" | "h" | "d" | "w";

/** `500ms`, `30s`, `1.5h`: a number immediately followed by a unit. */
export interface DurationLit {
  readonly kind: "Duration";
  readonly span: Span;
  /** The number before the unit. */
  readonly amount: number;
  readonly unit: DurationUnit;
}

export interface ListLit {
  readonly kind: "List";
  readonly span: Span;
  readonly items: readonly Expr[];
}

export interface DictEntry {
  /** The key as a string, whether written as an identifier or a string literal. */
  readonly key: string;
  readonly keySpan: Span;
  readonly value: Expr;
}

export interface DictLit {
  readonly kind: "Dict";
  readonly span: Span;
  readonly entries: readonly DictEntry[];
}

/** A variable, an op name or a lambda parameter; resolved by the checker. */
export interface Name {
  readonly kind: "Name";
  readonly span: Span;
  readonly name: string;
}

export interface Param {
  readonly name: string;
  readonly span: Span;
}

export interface Lambda {
  readonly kind: "Lambda";
  readonly span: Span;
  readonly params: readonly Param[];
  readonly body: Expr;
}

/** `object.name`: a dict key, an op call `name(object)`, or the callee of a uniform call `object.name(args)`. */
export interface Member {
  readonly kind: "Member";
  readonly span: Span;
  readonly object: Expr;
  readonly name: string;
  readonly nameSpan: Span;
}

/** `object[index]`. */
export interface Index {
  readonly kind: "Index";
  readonly span: Span;
  readonly object: Expr;
  readonly index: Expr;
}

/** `callee(args)`; when `callee` is a Member, the checker applies uniform call syntax. */
export interface Call {
  readonly kind: "Call";
  readonly span: Span;
  readonly callee: Expr;
  readonly args: readonly Expr[];
}

/** `-x` and `!x` (`not x` parses to `!`). */
export type UnaryOp = "-" | "!";

export interface Unary {
  readonly kind: "Unary";
  readonly span: Span;
  readonly op: UnaryOp;
  readonly operand: Expr;
}

/** Binary operators in canonical spelling (`===` is `==`, `and` is `&&`, `or` is `||`). */
export type BinaryOp = "??" | "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "+" | "-" | "*" | "/" | "%" | "**";

export interface Binary {
  readonly kind: "Binary";
  readonly span: Span;
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `test ? consequent : alternate`. */
export interface Conditional {
  readonly kind: "Conditional";
  readonly span: Span;
  readonly test: Expr;
  readonly consequent: Expr;
  readonly alternate: Expr;
}

/**
 * The child-holding fields of each kind, in source order: the one table every walk goes through (visit.ts), so
 * adding a kind fails to compile here until it says where its children are.
 */
export const childKeys: { readonly [K in Expr["kind"]]: readonly (keyof Extract<Expr, { kind: K }>)[] } = {
  Number: [],
  String: [],
  Boolean: [],
  Null: [],
  Duration: [],
  List: ["items"],
  Dict: ["entries"],
  Name: [],
  Lambda: ["body"],
  Member: ["object"],
  Index: ["object", "index"],
  Call: ["callee", "args"],
  Unary: ["operand"],
  Binary: ["left", "right"],
  Conditional: ["test", "consequent", "alternate"],
};

/** Marks unreachable code: TypeScript fails to compile a switch that misses a kind. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
