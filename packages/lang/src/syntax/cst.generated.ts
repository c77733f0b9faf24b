// Generated from parser.ts by scripts/gen-grammar.ts: do not edit. test/grammar.test.ts fails when it drifts.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  lambdas?: LambdaHeadCstNode[];
  operands: (UnaryExprCstNode)[];
  operators?: IToken[];
  Question?: IToken[];
  consequent?: ExpressionCstNode[];
  Colon?: IToken[];
  alternate?: ExpressionCstNode[];
};

export interface LambdaHeadCstNode extends CstNode {
  name: "lambdaHead";
  children: LambdaHeadCstChildren;
}

export type LambdaHeadCstChildren = {
  params?: (IToken)[];
  LParen?: IToken[];
  Comma?: (IToken)[];
  RParen?: IToken[];
  Arrow: IToken[];
};

export interface UnaryExprCstNode extends CstNode {
  name: "unaryExpr";
  children: UnaryExprCstChildren;
}

export type UnaryExprCstChildren = {
  operators?: IToken[];
  base: PrimaryCstNode[];
  postfixes?: PostfixCstNode[];
  Power?: IToken[];
  exponent?: UnaryExprCstNode[];
};

export interface PostfixCstNode extends CstNode {
  name: "postfix";
  children: PostfixCstChildren;
}

export type PostfixCstChildren = {
  Dot?: IToken[];
  name?: IToken[];
  LBracket?: IToken[];
  index?: ExpressionCstNode[];
  RBracket?: IToken[];
  LParen?: IToken[];
  args?: (ExpressionCstNode)[];
  Comma?: (IToken)[];
  RParen?: IToken[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  number?: IToken[];
  duration?: IToken[];
  string?: IToken[];
  true?: IToken[];
  false?: IToken[];
  null?: IToken[];
  name?: IToken[];
  LParen?: IToken[];
  inner?: ExpressionCstNode[];
  RParen?: IToken[];
  LBracket?: IToken[];
  items?: (ExpressionCstNode)[];
  Comma?: (IToken)[];
  RBracket?: IToken[];
  LBrace?: IToken[];
  keys?: (IToken)[];
  Colon?: (IToken)[];
  values?: (ExpressionCstNode)[];
  RBrace?: IToken[];
};

export interface QelCstVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  expression(children: ExpressionCstChildren, param?: IN): OUT;
  lambdaHead(children: LambdaHeadCstChildren, param?: IN): OUT;
  unaryExpr(children: UnaryExprCstChildren, param?: IN): OUT;
  postfix(children: PostfixCstChildren, param?: IN): OUT;
  primary(children: PrimaryCstChildren, param?: IN): OUT;
}
