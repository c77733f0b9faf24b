/**
 * The leaves and placeholders both parsers build the AST from (to-ast.ts from chevrotain's CST, fast-parse.ts from
 * the tokens directly), so the two cannot disagree on a literal's value or a span.
 */
import type { IToken } from "chevrotain";
import type { DictEntry, DurationUnit, Expr } from "./ast.js";
import type { Diagnostic } from "./diagnostics.js";
import type { Span } from "./source.js";
import { tokenSpan } from "./syntax-scan.js";
import { checkString, decodeString, needsStringCheck } from "./syntax-strings.js";

/**
 * The placeholder for an expression the parser expected but did not find (`a + `, `f(a, `): a Name with no text and
 * an empty span where the expression was due, as TypeScript's parser makes missing identifiers. Only error
 * recovery makes them; the checker gives them the error type without a second diagnostic.
 */
export function missingExpr(offset: number): Expr {
  return { kind: "Name", span: { start: offset, end: offset }, name: "" };
}

/** Whether a node is the placeholder of a missing expression (or a member whose name is missing). */
export function isMissing(node: Expr): boolean {
  return (node.kind === "Name" || node.kind === "Member") && node.name === "";
}

/** The span from the start of `a` to the end of `b`. */
export function join(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

/** A string token's value; a string missing its closing quote (reported by the lexer pass) holds the rest of its line. */
export function stringValue(image: string): string {
  const quote = image[0] ?? '"';
  if (needsStringCheck(image)) {
    const found: Diagnostic[] = [];
    checkString(image, 0, found);
    if (found.some((d) => d.code === "unterminated_string")) return decodeString(image + quote);
  }
  return decodeString(image);
}

/** A key is a word, taken as written (`{null: 1}` has the key "null"), or a string. */
export function dictEntry(key: IToken, value: Expr): DictEntry {
  const text = key.image;
  const quoted = text.startsWith('"') || text.startsWith("'");
  return { key: quoted ? stringValue(text) : text, keySpan: tokenSpan(key), value };
}

/** A duration literal's node: `1.5h` is 1.5 of the unit `h`. */
export function duration(token: IToken): Expr {
  const text = token.image;
  const unitLength = text.endsWith("ms") ? 2 : 1;
  const unit = text.slice(-unitLength) as DurationUnit;
  return { kind: "Duration", span: tokenSpan(token), amount: Number(text.slice(0, -unitLength)), unit };
}
