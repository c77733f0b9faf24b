import { EOF, type ILexingError, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { error, type Diagnostic, type DiagnosticCode } from "./diagnostics.js";
import type { ErrorFacts } from "./parser.js";
import { lineColAt, type Span } from "./source.js";
import { endsOperand, tokenSpan } from "./syntax-scan.js";
import * as t from "./tokens.js";

// Turns chevrotain's lexing and recognition errors into qel diagnostics with stable codes and messages written for
// people (never chevrotain's stock text). Errors at the end of input sit at the end of the last token, because
// chevrotain's end-of-input token has no offsets.

const characterHints: Readonly<Record<string, string>> = {
  "=": "compare with `==`; qel has no assignment",
  "&": "use `&&` or `and`",
  "|": "use `||` or `or`",
  "`": "strings are quoted with `\"` or `'`",
  "#": "qel has no comments",
  ";": "an expression has no statements; remove the `;`",
};

/** An `unexpected_character` diagnostic for each run of characters the lexer could not match. */
export function lexingDiagnostics(source: string, errors: readonly ILexingError[]): Diagnostic[] {
  return errors.map((e) => {
    const text = source.slice(e.offset, e.offset + e.length);
    const first = text.charAt(0);
    const hint =
      characterHints[first] ?? (/\s/.test(first) ? "replace it with a plain space" : first.charCodeAt(0) > 127 ? "names and operators use ASCII characters only" : undefined);
    const what = text.length === 1 ? "character" : "characters";
    return error("unexpected_character", `unexpected ${what} \`${text}\``, { start: e.offset, end: e.offset + e.length }, hint !== undefined ? { hint } : {});
  });
}

const closers: Readonly<Record<string, { readonly open: TokenType; readonly text: string; readonly code: DiagnosticCode }>> = {
  RParen: { open: t.LParen, text: ")", code: "unclosed_paren" },
  RBracket: { open: t.LBracket, text: "]", code: "unclosed_bracket" },
  RBrace: { open: t.LBrace, text: "}", code: "unclosed_brace" },
};

const tokenText: Readonly<Record<string, string>> = { Word: "a name", Identifier: "a name", Colon: "`:`", Arrow: "`=>`" };

function isEof(token: IToken): boolean {
  return token.tokenType === EOF || Number.isNaN(token.startOffset);
}

/** How a found token reads in a message: `` `)` ``, or "the end of input". */
function found(token: IToken): string {
  if (isEof(token)) return "the end of input";
  const text = token.image.length > 24 ? `${token.image.slice(0, 20)}…` : token.image;
  return `\`${text}\``;
}

/** What an opening bracket starts, for messages: "call", "list", "dict", … */
function opened(tokens: readonly IToken[], index: number): string {
  const token = tokens[index];
  const before = tokens[index - 1];
  if (token?.tokenType === t.LBrace) return "dict";
  if (token?.tokenType === t.LBracket) return endsOperand(before) ? "index" : "list";
  return endsOperand(before) ? "call" : "`(`";
}

/** The index of the innermost bracket of type `open` still open before token index `until`. */
function findOpener(tokens: readonly IToken[], until: number, open: TokenType): number | undefined {
  const stack: number[] = [];
  for (let i = 0; i < until; i++) {
    const type = tokens[i]?.tokenType;
    if (type === t.LParen || type === t.LBracket || type === t.LBrace) stack.push(i);
    else if (type === t.RParen || type === t.RBracket || type === t.RBrace) stack.pop();
  }
  for (let k = stack.length - 1; k >= 0; k--) {
    const i = stack[k];
    if (i !== undefined && tokens[i]?.tokenType === open) return i;
  }
  return undefined;
}

/** The `?` whose `:` is missing before token index `until`: the last one outside any bracket closed since. */
function findQuestion(tokens: readonly IToken[], until: number): IToken | undefined {
  let depth = 0;
  for (let i = until - 1; i >= 0; i--) {
    const token = tokens[i];
    const type = token?.tokenType;
    if (type === t.RParen || type === t.RBracket || type === t.RBrace) depth++;
    else if (type === t.LParen || type === t.LBracket || type === t.LBrace) depth--;
    else if (type === t.Question && depth === 0) return token;
    if (depth < 0) return undefined;
  }
  return undefined;
}

function indexOfToken(tokens: readonly IToken[], token: IToken): number {
  if (isEof(token)) return tokens.length;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid]?.startOffset ?? 0) < token.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function readFacts(e: IRecognitionException): ErrorFacts | undefined {
  try {
    return JSON.parse(e.message) as ErrorFacts;
  } catch {
    return undefined;
  }
}

/** One diagnostic for a recognition error of the parser over `tokens` (the lexed tokens of `source`). */
export function recognitionDiagnostic(source: string, tokens: readonly IToken[], e: IRecognitionException): Diagnostic {
  const token = e.token;
  const last = tokens[tokens.length - 1];
  const end = last !== undefined ? last.startOffset + last.image.length : 0;
  const span: Span = isEof(token) ? { start: end, end } : tokenSpan(token);
  const index = indexOfToken(tokens, token);
  const previous = tokens[index - 1];
  const endCode: DiagnosticCode = isEof(token) ? "unexpected_end" : "unexpected_token";
  const facts = readFacts(e);
  if (facts?.kind === "mismatch") {
    const closer = closers[facts.expected];
    if (closer !== undefined) {
      const at = findOpener(tokens, index, closer.open);
      if (at !== undefined) {
        const opener = tokens[at];
        const where = lineColAt(source, opener?.startOffset ?? 0);
        const what = opened(tokens, at);
        const notes = opener !== undefined ? [{ message: `the ${what} opened here`, span: tokenSpan(opener) }] : [];
        const isCloser = closers[token.tokenType.name] !== undefined;
        if (isEof(token) || isCloser) {
          const tail = isEof(token) ? "" : `, found ${found(token)}`;
          return error(closer.code, `expected \`${closer.text}\` to close the ${what} opened at ${where.line}:${where.column}${tail}`, span, { notes });
        }
        const open = previous === opener || previous?.tokenType === t.Comma;
        if (open && what !== "`(`" && what !== "index") {
          const item = what === "dict" ? "a key (a name or a string)" : "an expression";
          return error("unexpected_token", `expected ${item} or \`${closer.text}\` in the ${what} opened at ${where.line}:${where.column}, found ${found(token)}`, span, { notes });
        }
        if (what === "`(`" || what === "index") {
          const hint = what === "`(`" && token.tokenType === t.Comma ? { hint: "parentheses hold one expression; a lambda's parameters are names: `(a, b) => …`" } : {};
          return error("unexpected_token", `expected \`${closer.text}\` to close the ${what} opened at ${where.line}:${where.column}, found ${found(token)}`, span, { notes, ...hint });
        }
        return error("unexpected_token", `expected \`,\` or \`${closer.text}\` in the ${what} opened at ${where.line}:${where.column}, found ${found(token)}`, span, { notes });
      }
    }
    if (facts.expected === "Colon" && facts.rule === "expression") {
      const question = findQuestion(tokens, index);
      const where = question !== undefined ? lineColAt(source, question.startOffset) : undefined;
      const at = where !== undefined ? ` at ${where.line}:${where.column}` : "";
      const notes = question !== undefined ? { notes: [{ message: "the conditional starts here", span: tokenSpan(question) }] } : {};
      return error(endCode, `expected \`:\` and the alternative of the \`?\`${at}, found ${found(token)}`, span, notes);
    }
    if (facts.expected === "Colon") return error(endCode, `expected \`:\` after the dict key, found ${found(token)}`, span);
    if (facts.expected === "Word") {
      const hint = token.tokenType === t.NumberLiteral ? { hint: "a number needs a digit before its dot: `0.5`" } : {};
      return error(endCode, `expected a name after \`.\`, found ${found(token)}`, span, hint);
    }
    return error(endCode, `expected ${tokenText[facts.expected] ?? `\`${facts.expected}\``}, found ${found(token)}`, span);
  }
  if (facts?.kind === "notAllInput") {
    if (closers[token.tokenType.name] !== undefined) return error("unexpected_token", `unexpected ${found(token)}: there is nothing to close`, span);
    return error("unexpected_token", `unexpected ${found(token)} after a complete expression`, span, {
      hint: "join expressions with an operator, or separate arguments with `,` inside a call or list",
    });
  }
  const after = previous !== undefined && !endsOperand(previous) ? ` after ${found(previous)}` : "";
  return error(endCode, `expected an expression${after}, found ${found(token)}`, span);
}
