import type { CstNode, IToken } from "chevrotain";
import type { BinaryOp, DictEntry, DurationUnit, Expr, Param } from "./ast.js";
import type {
  ExpressionCstChildren,
  ExpressionCstNode,
  LambdaHeadCstChildren,
  PostfixCstChildren,
  PrimaryCstChildren,
  UnaryExprCstChildren,
} from "./cst.generated.js";
import { InternalError } from "./diagnostics.js";
import { parser } from "./parser.js";
import type { Span } from "./source.js";
import { tokenSpan } from "./syntax-scan.js";
import { binaryOpOfToken, binaryPrecedence, unaryOpOfToken } from "./syntax-precedence.js";
import { decodeString } from "./syntax-strings.js";

/** The one element a CST slot must hold; a missing one is a bug (error CSTs never reach this visitor). */
function one<T>(items: readonly T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw new InternalError("CST slot is empty");
  return item;
}

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new InternalError("CST slot is out of range");
  return item;
}

function join(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

const BaseVisitor = parser.getBaseCstVisitorConstructor<void, unknown>();

/**
 * Builds the AST from an error-free CST: spans are UTF-16 offsets, end exclusive; a node inside parentheses spans
 * them. Builds only: no evaluation, typing or name resolution. Chains (binary operators, postfixes, prefixes, lambda
 * heads) are folded in loops, so the recursion depth is the parser's.
 */
class AstBuilder extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  expression(ctx: ExpressionCstChildren): Expr {
    let node = this.operands(ctx);
    if (ctx.consequent !== undefined) {
      const consequent = this.expression(one(ctx.consequent).children);
      const alternate = this.expression(one(ctx.alternate).children);
      node = { kind: "Conditional", span: join(node.span, alternate.span), test: node, consequent, alternate };
    }
    const heads = ctx.lambdas;
    if (heads !== undefined) {
      for (let i = heads.length - 1; i >= 0; i--) {
        const head = at(heads, i).children;
        const first = head.LParen?.[0] ?? one(head.params);
        node = { kind: "Lambda", span: join(tokenSpan(first), node.span), params: this.lambdaHead(head), body: node };
      }
    }
    return node;
  }

  lambdaHead(ctx: LambdaHeadCstChildren): Param[] {
    return (ctx.params ?? []).map((p) => ({ name: p.image, span: tokenSpan(p) }));
  }

  /** Groups `a op b op c …` by precedence (shunting-yard; every operator here is left-associative). */
  private operands(ctx: ExpressionCstChildren): Expr {
    const first = this.unaryExpr(one(ctx.operands).children);
    const operators = ctx.operators;
    if (operators === undefined) return first;
    const values: Expr[] = [first];
    const ops: BinaryOp[] = [];
    const reduce = (): void => {
      const right = values.pop();
      const left = values.pop();
      const op = ops.pop();
      if (left === undefined || right === undefined || op === undefined) throw new InternalError("unbalanced operator stack");
      values.push({ kind: "Binary", span: join(left.span, right.span), op, left, right });
    };
    for (let i = 0; i < operators.length; i++) {
      const op = binaryOpOfToken.get(at(operators, i).tokenType);
      if (op === undefined) throw new InternalError("unknown binary operator token");
      const prec = binaryPrecedence[op];
      while (ops.length > 0 && binaryPrecedence[at(ops, ops.length - 1)] >= prec) reduce();
      ops.push(op);
      values.push(this.unaryExpr(at(ctx.operands, i + 1).children));
    }
    while (ops.length > 0) reduce();
    return one(values);
  }

  unaryExpr(ctx: UnaryExprCstChildren): Expr {
    let node = this.primary(one(ctx.base).children);
    for (const step of ctx.postfixes ?? []) node = this.postfix(step.children, node);
    if (ctx.exponent !== undefined) {
      const right = this.unaryExpr(one(ctx.exponent).children);
      node = { kind: "Binary", span: join(node.span, right.span), op: "**", left: node, right };
    }
    const prefixes = ctx.operators;
    if (prefixes !== undefined) {
      for (let i = prefixes.length - 1; i >= 0; i--) {
        const token = at(prefixes, i);
        const op = unaryOpOfToken.get(token.tokenType);
        if (op === undefined) throw new InternalError("unknown prefix operator token");
        node = { kind: "Unary", span: join(tokenSpan(token), node.span), op, operand: node };
      }
    }
    return node;
  }

  postfix(ctx: PostfixCstChildren, object: Expr): Expr {
    if (ctx.name !== undefined) {
      const name = one(ctx.name);
      const nameSpan = tokenSpan(name);
      return { kind: "Member", span: join(object.span, nameSpan), object, name: name.image, nameSpan };
    }
    if (ctx.index !== undefined) {
      const index = this.expression(one(ctx.index).children);
      return { kind: "Index", span: join(object.span, tokenSpan(one(ctx.RBracket))), object, index };
    }
    const args = (ctx.args ?? []).map((a) => this.expression(a.children));
    return { kind: "Call", span: join(object.span, tokenSpan(one(ctx.RParen))), callee: object, args };
  }

  primary(ctx: PrimaryCstChildren): Expr {
    if (ctx.name !== undefined) return { kind: "Name", span: tokenSpan(one(ctx.name)), name: one(ctx.name).image };
    if (ctx.number !== undefined) return { kind: "Number", span: tokenSpan(one(ctx.number)), value: Number(one(ctx.number).image) };
    if (ctx.string !== undefined) return { kind: "String", span: tokenSpan(one(ctx.string)), value: decodeString(one(ctx.string).image) };
    if (ctx.inner !== undefined) {
      const inner = this.expression(one(ctx.inner).children);
      return { ...inner, span: join(tokenSpan(one(ctx.LParen)), tokenSpan(one(ctx.RParen))) };
    }
    if (ctx.duration !== undefined) return duration(one(ctx.duration));
    if (ctx.true !== undefined) return { kind: "Boolean", span: tokenSpan(one(ctx.true)), value: true };
    if (ctx.false !== undefined) return { kind: "Boolean", span: tokenSpan(one(ctx.false)), value: false };
    if (ctx.null !== undefined) return { kind: "Null", span: tokenSpan(one(ctx.null)) };
    if (ctx.LBracket !== undefined) {
      const items = (ctx.items ?? []).map((item) => this.expression(item.children));
      return { kind: "List", span: join(tokenSpan(one(ctx.LBracket)), tokenSpan(one(ctx.RBracket))), items };
    }
    const values = ctx.values ?? [];
    const entries = (ctx.keys ?? []).map((key, i) => dictEntry(key, this.expression(at(values, i).children)));
    return { kind: "Dict", span: join(tokenSpan(one(ctx.LBrace)), tokenSpan(one(ctx.RBrace))), entries };
  }
}

/** A key is a word, taken as written (`{null: 1}` has the key "null"), or a string. */
function dictEntry(key: IToken, value: Expr): DictEntry {
  const text = key.image;
  const quoted = text.startsWith('"') || text.startsWith("'");
  return { key: quoted ? decodeString(text) : text, keySpan: tokenSpan(key), value };
}

function duration(token: IToken): Expr {
  const text = token.image;
  const unitLength = text.endsWith("ms") ? 2 : 1;
  const unit = text.slice(-unitLength) as DurationUnit;
  return { kind: "Duration", span: tokenSpan(token), amount: Number(text.slice(0, -unitLength)), unit };
}

const builder = new AstBuilder();

/** The AST of an error-free `expression` CST. Throws InternalError only on a broken invariant. */
export function toAst(cst: CstNode): Expr {
  return builder.expression((cst as ExpressionCstNode).children);
}
