import type { CstNode, IToken } from "chevrotain";
import type { BinaryOp, Expr, Param } from "./ast.js";
import type {
  ExpressionCstChildren,
  ExpressionCstNode,
  LambdaHeadCstChildren,
  PostfixCstChildren,
  PrimaryCstChildren,
  UnaryExprCstChildren,
} from "./cst.generated.js";
import { InternalError } from "./diagnostics.js";
import { sharedParser } from "./parser.js";
import type { Span } from "./source.js";
import { tokenSpan } from "./syntax-scan.js";
import { binaryOpOfToken, binaryPrecedence, unaryOpOfToken } from "./syntax-precedence.js";
import { dictEntry, duration, join, missingExpr, stringValue } from "./syntax-nodes.js";

/** The one element a CST slot holds when its alternative was taken. */
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

/** A token the parser really read: error recovery inserts tokens with no text and NaN offsets. */
function real(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && !Number.isNaN(token.startOffset);
}

/** The AST builder, made on the first CST to build (its base class needs the parser, itself built on first use). */
function newAstBuilder() {
  const BaseVisitor = sharedParser().getBaseCstVisitorConstructor<void, unknown>();

  /**
   * Builds the AST from a CST: spans are UTF-16 offsets, end exclusive; a node inside parentheses spans them. Builds
   * only: no evaluation, typing or name resolution. Chains (binary operators, postfixes, prefixes, lambda heads) are
   * folded in loops, so the recursion depth is the parser's. A CST that error recovery left incomplete keeps every
   * part that was read: each missing expression becomes `missingExpr(offset)` at the end of the token before it, a
   * missing member name the empty name, and a missing closing bracket ends its node at the last part read. `offset`
   * parameters say where a rule's text began, for those placeholders.
   */
  class AstBuilder extends BaseVisitor {
    constructor() {
      super();
      this.validateVisitor();
    }

    expression(ctx: ExpressionCstChildren | undefined, offset: number): Expr {
      if (ctx === undefined) return missingExpr(offset);
      const arrows = ctx.lambdas;
      const lastArrow = arrows?.[arrows.length - 1]?.children.Arrow?.[0];
      let node = this.operands(ctx, real(lastArrow) ? tokenSpan(lastArrow).end : offset);
      const question = ctx.Question?.[0];
      if (real(question)) {
        const consequent = this.expression(ctx.consequent?.[0]?.children, tokenSpan(question).end);
        const colon = ctx.Colon?.[0];
        const alternate = this.expression(ctx.alternate?.[0]?.children, real(colon) ? tokenSpan(colon).end : consequent.span.end);
        node = { kind: "Conditional", span: join(node.span, alternate.span), test: node, consequent, alternate };
      }
      const heads = ctx.lambdas;
      if (heads !== undefined) {
        for (let i = heads.length - 1; i >= 0; i--) {
          const head = at(heads, i).children;
          const first = head.LParen?.[0] ?? at(head.params ?? [], 0);
          node = { kind: "Lambda", span: join(tokenSpan(first), node.span), params: this.lambdaHead(head), body: node };
        }
      }
      return node;
    }

    lambdaHead(ctx: LambdaHeadCstChildren): Param[] {
      return (ctx.params ?? []).map((p) => ({ name: p.image, span: tokenSpan(p) }));
    }

    /** Groups `a op b op c …` by precedence (shunting-yard; every operator here is left-associative). */
    private operands(ctx: ExpressionCstChildren, offset: number): Expr {
      const first = this.unaryExpr(ctx.operands?.[0]?.children, offset);
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
        values.push(this.unaryExpr(ctx.operands?.[i + 1]?.children, tokenSpan(at(operators, i)).end));
      }
      while (ops.length > 0) reduce();
      return at(values, 0);
    }

    unaryExpr(ctx: UnaryExprCstChildren | undefined, offset: number): Expr {
      if (ctx === undefined) return missingExpr(offset);
      const prefixes = ctx.operators;
      const lastPrefix = prefixes?.[prefixes.length - 1];
      let node = this.primary(ctx.base?.[0]?.children, lastPrefix !== undefined ? tokenSpan(lastPrefix).end : offset);
      for (const step of ctx.postfixes ?? []) node = this.postfix(step.children, node);
      const power = ctx.Power?.[0];
      if (real(power)) {
        const right = this.unaryExpr(ctx.exponent?.[0]?.children, tokenSpan(power).end);
        node = { kind: "Binary", span: join(node.span, right.span), op: "**", left: node, right };
      }
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
      const dot = ctx.Dot?.[0];
      if (dot !== undefined) {
        const name = ctx.name?.[0];
        const nameSpan = real(name) ? tokenSpan(name) : { start: tokenSpan(dot).end, end: tokenSpan(dot).end };
        return { kind: "Member", span: join(object.span, nameSpan), object, name: real(name) ? name.image : "", nameSpan };
      }
      const bracket = ctx.LBracket?.[0];
      if (bracket !== undefined) {
        const index = this.expression(ctx.index?.[0]?.children, tokenSpan(bracket).end);
        return { kind: "Index", span: join(object.span, closing(ctx.RBracket, index.span)), object, index };
      }
      const paren = ctx.LParen?.[0];
      let end = paren !== undefined ? tokenSpan(paren) : object.span;
      const args: Expr[] = [];
      for (const a of ctx.args ?? []) {
        const arg = this.expression(a.children, end.end);
        args.push(arg);
        end = arg.span;
      }
      // `f(` and `f(a, ` recovered: an argument was due after the `(` or the last comma
      const commas = ctx.Comma ?? [];
      if (!real(ctx.RParen?.[0]) && commas.length >= args.length) {
        const last = commas[commas.length - 1];
        if (last !== undefined) end = tokenSpan(last);
        args.push(missingExpr(end.end));
      }
      return { kind: "Call", span: join(object.span, closing(ctx.RParen, end)), callee: object, args };
    }

    primary(ctx: PrimaryCstChildren | undefined, offset: number): Expr {
      if (ctx === undefined) return missingExpr(offset);
      if (ctx.name !== undefined) return { kind: "Name", span: tokenSpan(one(ctx.name)), name: one(ctx.name).image };
      if (ctx.number !== undefined) return { kind: "Number", span: tokenSpan(one(ctx.number)), value: Number(one(ctx.number).image) };
      if (ctx.string !== undefined) return { kind: "String", span: tokenSpan(one(ctx.string)), value: stringValue(one(ctx.string).image) };
      const paren = ctx.LParen?.[0];
      if (paren !== undefined) {
        const inner = this.expression(ctx.inner?.[0]?.children, tokenSpan(paren).end);
        return { ...inner, span: join(tokenSpan(paren), closing(ctx.RParen, inner.span)) };
      }
      if (ctx.duration !== undefined) return duration(one(ctx.duration));
      if (ctx.true !== undefined) return { kind: "Boolean", span: tokenSpan(one(ctx.true)), value: true };
      if (ctx.false !== undefined) return { kind: "Boolean", span: tokenSpan(one(ctx.false)), value: false };
      if (ctx.null !== undefined) return { kind: "Null", span: tokenSpan(one(ctx.null)) };
      const bracket = ctx.LBracket?.[0];
      if (bracket !== undefined) {
        let end = tokenSpan(bracket);
        const items = (ctx.items ?? []).map((item) => {
          const e = this.expression(item.children, end.end);
          end = e.span;
          return e;
        });
        const commas = ctx.Comma ?? [];
        if (!real(ctx.RBracket?.[0]) && commas.length >= items.length) {
          const last = commas[commas.length - 1];
          if (last !== undefined) end = tokenSpan(last);
          items.push(missingExpr(end.end));
        }
        return { kind: "List", span: join(tokenSpan(bracket), closing(ctx.RBracket, end)), items };
      }
      const brace = ctx.LBrace?.[0];
      if (brace === undefined) return missingExpr(offset);
      const values = ctx.values ?? [];
      let end = tokenSpan(brace);
      const entries = (ctx.keys ?? []).map((key, i) => {
        const colon = ctx.Colon?.[i];
        const e = dictEntry(key, this.expression(values[i]?.children, tokenSpan(real(colon) ? colon : key).end));
        end = e.value.span.end > e.keySpan.end ? e.value.span : e.keySpan;
        return e;
      });
      return { kind: "Dict", span: join(tokenSpan(brace), closing(ctx.RBrace, end)), entries };
    }
  }

  return new AstBuilder();
}

/** The span of a closing bracket, or (when recovery went on without it) of the last part read before it. */
function closing(tokens: readonly IToken[] | undefined, last: Span): Span {
  const token = tokens?.[0];
  return real(token) ? tokenSpan(token) : last;
}

let builder: ReturnType<typeof newAstBuilder> | undefined;

/**
 * The AST of an `expression` CST, also one that error recovery left incomplete (see AstBuilder). Throws
 * InternalError only on a broken invariant.
 */
export function toAst(cst: CstNode): Expr {
  return (builder ??= newAstBuilder()).expression((cst as ExpressionCstNode).children, 0);
}
