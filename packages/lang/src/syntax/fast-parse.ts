/**
 * A recursive-descent reading of the grammar of parser.ts (docs/language.md "Syntax") for input that has no
 * mistake: it builds the AST straight from the lexer's tokens, with no CST, and gives up (returns undefined) at the
 * first token it cannot use. parse.ts then runs the recovering chevrotain parser, which reports the errors and keeps
 * a partial tree. The law (fast-parse.test.ts): wherever chevrotain parses with no error, this gives the same AST,
 * spans included; wherever chevrotain reports an error, this gives up.
 *
 * It costs a fraction of chevrotain's parse warm, and far less in a fresh process, where chevrotain's parser must be
 * built and analysed and its generic rule machinery runs interpreted before the engine has optimized it.
 */
import type { IToken, TokenType } from "chevrotain";
import type { BinaryOp, Expr, Param } from "./ast.js";
import { binaryOpOfToken, binaryPrecedence, unaryOpOfToken } from "./syntax-precedence.js";
import { dictEntry, duration, join, stringValue } from "./syntax-nodes.js";
import { tokenSpan } from "./syntax-scan.js";
import * as t from "./tokens.js";

/** The token types in a category of tokens.ts (`Word`, `Key`, `BinaryOperator`, …), the category itself excluded. */
function inCategory(category: TokenType): ReadonlySet<TokenType> {
  return new Set(t.allTokens.filter((type) => type.CATEGORIES?.includes(category) === true));
}

const words = inCategory(t.Word);
const keys = inCategory(t.Key);
const binaryOperators = inCategory(t.BinaryOperator);
const unaryOperators = inCategory(t.UnaryOperator);

/**
 * Nesting past which this parser gives up and leaves the input to chevrotain, so that it never overflows the stack
 * itself; parse.ts's `maxDepth` (256 by default) stops deep input before either parser runs.
 */
const MAX_NESTING = 1000;

/** Thrown to give up; never escapes {@link fastParse}. */
const GIVE_UP: unique symbol = Symbol("give up");

/**
 * The AST of `tokens` when they are one valid expression, else undefined. `precedence` is the binary operators'
 * table of syntax-precedence.ts; the law's test passes a wrong one to show the law catches it.
 */
export function fastParse(tokens: readonly IToken[], precedence: Readonly<Record<BinaryOp, number>> = binaryPrecedence): Expr | undefined {
  if (tokens.length === 0) return undefined;
  const parser = new FastParser(tokens, precedence);
  try {
    const ast = parser.expression();
    return parser.atEnd() ? ast : undefined;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

class FastParser {
  #pos = 0;
  #nesting = 0;

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly precedence: Readonly<Record<BinaryOp, number>>,
  ) {}

  atEnd(): boolean {
    return this.#pos === this.tokens.length;
  }

  /** The type of the token `ahead` places past the next one (undefined past the end). */
  private peek(ahead = 0): TokenType | undefined {
    return this.tokens[this.#pos + ahead]?.tokenType;
  }

  private next(): IToken {
    const token = this.tokens[this.#pos++];
    if (token === undefined) throw GIVE_UP;
    return token;
  }

  private expect(type: TokenType): IToken {
    const token = this.next();
    if (token.tokenType !== type) throw GIVE_UP;
    return token;
  }

  private enter(): void {
    if (++this.#nesting > MAX_NESTING) throw GIVE_UP;
  }

  /** Lambda heads, then a binary chain, then `? :`; the heads wrap the rest (a lambda's body reaches furthest right). */
  expression(): Expr {
    this.enter();
    const heads: { first: IToken; params: Param[] }[] = [];
    while (this.lambdaAhead()) heads.push(this.lambdaHead());
    let node = this.binary(0);
    if (this.peek() === t.Question) {
      this.#pos++;
      const consequent = this.expression();
      this.expect(t.Colon);
      const alternate = this.expression();
      node = { kind: "Conditional", span: join(node.span, alternate.span), test: node, consequent, alternate };
    }
    for (let i = heads.length - 1; i >= 0; i--) {
      const { first, params } = heads[i]!;
      node = { kind: "Lambda", span: join(tokenSpan(first), node.span), params, body: node };
    }
    this.#nesting--;
    return node;
  }

  /** parser.ts's `lambdaAhead` gate: `name =>`, or `(` names `)` `=>` (a trailing comma allowed). */
  private lambdaAhead(): boolean {
    const first = this.peek();
    if (first === t.Identifier) return this.peek(1) === t.Arrow;
    if (first !== t.LParen) return false;
    for (let i = 1; ; i += 2) {
      const type = this.peek(i);
      if (type === t.RParen) return this.peek(i + 1) === t.Arrow;
      if (type !== t.Identifier) return false;
      const sep = this.peek(i + 1);
      if (sep === t.RParen) return this.peek(i + 2) === t.Arrow;
      if (sep !== t.Comma) return false;
    }
  }

  /** A head `lambdaAhead` accepted. */
  private lambdaHead(): { first: IToken; params: Param[] } {
    const first = this.next();
    const params: Param[] = [];
    if (first.tokenType === t.Identifier) params.push({ name: first.image, span: tokenSpan(first) });
    else {
      while (this.peek() === t.Identifier) {
        const name = this.next();
        params.push({ name: name.image, span: tokenSpan(name) });
        if (this.peek() === t.Comma) this.#pos++;
      }
      this.expect(t.RParen);
    }
    this.expect(t.Arrow);
    return { first, params };
  }

  /** Left-associative binary operators binding at least as tightly as `minimum` (precedence climbing). */
  private binary(minimum: number): Expr {
    let left = this.unary();
    for (;;) {
      const type = this.peek();
      if (type === undefined || !binaryOperators.has(type)) return left;
      const op = binaryOpOfToken.get(type)!;
      const strength = this.precedence[op];
      if (strength < minimum) return left;
      this.#pos++;
      const right = this.binary(strength + 1);
      left = { kind: "Binary", span: join(left.span, right.span), op, left, right };
    }
  }

  /** Prefixes, a primary with its postfix chain, then `** unary`; prefixes are looser than `**`. */
  private unary(): Expr {
    const start = this.#pos;
    while (unaryOperators.has(this.peek()!)) this.#pos++;
    const prefixEnd = this.#pos;
    let node = this.postfixes(this.primary());
    if (this.peek() === t.Power) {
      this.#pos++;
      this.enter();
      const right = this.unary();
      this.#nesting--;
      node = { kind: "Binary", span: join(node.span, right.span), op: "**", left: node, right };
    }
    for (let i = prefixEnd - 1; i >= start; i--) {
      const token = this.tokens[i]!;
      node = { kind: "Unary", span: join(tokenSpan(token), node.span), op: unaryOpOfToken.get(token.tokenType)!, operand: node };
    }
    return node;
  }

  /** `.name`, `[index]` and `(args)` after `object`, in the order written. */
  private postfixes(object: Expr): Expr {
    let node = object;
    for (;;) {
      const type = this.peek();
      if (type === t.Dot) {
        this.#pos++;
        const name = this.next();
        if (!words.has(name.tokenType)) throw GIVE_UP;
        const nameSpan = tokenSpan(name);
        node = { kind: "Member", span: join(node.span, nameSpan), object: node, name: name.image, nameSpan };
      } else if (type === t.LBracket) {
        this.#pos++;
        const index = this.expression();
        node = { kind: "Index", span: join(node.span, tokenSpan(this.expect(t.RBracket))), object: node, index };
      } else if (type === t.LParen) {
        this.#pos++;
        const args = this.items(t.RParen);
        node = { kind: "Call", span: join(node.span, tokenSpan(this.expect(t.RParen))), callee: node, args };
      } else {
        return node;
      }
    }
  }

  /** Comma-separated expressions up to (not including) `close`, a trailing comma allowed. */
  private items(close: TokenType): Expr[] {
    const items: Expr[] = [];
    while (this.peek() !== close) {
      items.push(this.expression());
      if (this.peek() !== t.Comma) break;
      this.#pos++;
    }
    return items;
  }

  private primary(): Expr {
    const token = this.next();
    const span = tokenSpan(token);
    switch (token.tokenType) {
      case t.NumberLiteral:
      case t.MalformedNumber:
        return { kind: "Number", span, value: Number(token.image) };
      case t.DurationLiteral:
        return duration(token);
      case t.StringLiteral:
        return { kind: "String", span, value: stringValue(token.image) };
      case t.True:
        return { kind: "Boolean", span, value: true };
      case t.False:
        return { kind: "Boolean", span, value: false };
      case t.Null:
        return { kind: "Null", span };
      case t.Identifier:
        return { kind: "Name", span, name: token.image };
      case t.LParen: {
        const inner = this.expression();
        return { ...inner, span: join(span, tokenSpan(this.expect(t.RParen))) };
      }
      case t.LBracket: {
        const items = this.items(t.RBracket);
        return { kind: "List", span: join(span, tokenSpan(this.expect(t.RBracket))), items };
      }
      case t.LBrace:
        return this.dict(span);
      default:
        throw GIVE_UP;
    }
  }

  /** After `{`: `key: value` entries (a key is a word or a string), a trailing comma allowed, then `}`. */
  private dict(open: { start: number; end: number }): Expr {
    const entries = [];
    while (this.peek() !== t.RBrace) {
      const key = this.next();
      if (!keys.has(key.tokenType)) throw GIVE_UP;
      this.expect(t.Colon);
      entries.push(dictEntry(key, this.expression()));
      if (this.peek() !== t.Comma) break;
      this.#pos++;
    }
    return { kind: "Dict", span: join(open, tokenSpan(this.expect(t.RBrace))), entries };
  }
}
