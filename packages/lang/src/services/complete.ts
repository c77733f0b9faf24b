/**
 * Completion for editors and the REPL, as a pass over the analyzed tree: the token at the cursor says what is
 * being written (a member after `.`, a key inside `["`, a bare name), and the tree says what fits there (the
 * receiver's type, the names in scope). Works on unfinished input because analyze() keeps what the parser
 * recovered; nothing is re-parsed or re-checked.
 */
import { standardRegistry, type Type } from "@qel/ops";
import type { IToken } from "chevrotain";
import { analyze, type Analysis } from "../check/analyze.js";
import type { CheckEnv } from "../check/check.js";
import type { Expr } from "../syntax/ast.js";
import { nodeAt } from "../check/node-at.js";
import { tokenSpan } from "../syntax/syntax-scan.js";
import { needsStringCheck } from "../syntax/syntax-strings.js";
import { isMissing } from "../syntax/syntax-nodes.js";
import * as t from "../syntax/tokens.js";
import { lexer } from "../syntax/lexer.js";
import { children, descendants } from "../syntax/visit.js";
import { filterDrafts, keyDrafts, memberDrafts, nameDrafts, quotedKeyDrafts, type Completion, type Draft } from "./complete-items.js";

export type { Completion, CompletionKind } from "./complete-items.js";

/** What the cursor is writing. */
export type Situation =
  /** A member after `receiver.` */
  | { readonly kind: "member"; readonly receiver: Type }
  /** A key inside `receiver["` */
  | { readonly kind: "key"; readonly receiver: Type }
  /** A name where an expression starts (also inside `receiver[`, where the receiver's keys come first) */
  | { readonly kind: "name" }
  /** Nothing to complete: inside a number or a plain string, or right after a finished operand */
  | { readonly kind: "none" };

export interface CompletionResult {
  /** The range of the partial word the items replace (an item with a range of its own says so). */
  readonly from: number;
  readonly to: number;
  /** Best first. */
  readonly items: readonly Completion[];
  readonly situation: Situation;
}

/** Token types after which an operand is complete (so a space then the cursor starts no new name). */
const operandEnds = new Set([t.Identifier, t.True, t.False, t.Null, t.NumberLiteral, t.MalformedNumber, t.DurationLiteral, t.StringLiteral, t.RParen, t.RBracket, t.RBrace]);

/**
 * The completions at `offset` (a UTF-16 offset, clamped to the source: below 0 and -Infinity are its start, past the
 * end and Infinity its end, a fraction rounds down) of `source`. Never throws: on anything unexpected — a `source`
 * that is not a string, an `offset` that is NaN or not a number — the result has no items.
 */
export function complete(source: string, offset: number, env: CheckEnv = {}): CompletionResult {
  const at = clampedOffset(source, offset);
  if (at === undefined) return { from: 0, to: 0, items: [], situation: { kind: "none" } };
  try {
    return completeAt(source, at, env);
  } catch {
    return { from: at, to: at, items: [], situation: { kind: "none" } };
  }
}

/** `offset` clamped into `source`, or undefined when either is not what it should be. */
function clampedOffset(source: unknown, offset: unknown): number | undefined {
  if (typeof source !== "string" || typeof offset !== "number" || Number.isNaN(offset)) return undefined;
  return Math.max(0, Math.min(Math.trunc(offset), source.length));
}

function completeAt(source: string, offset: number, env: CheckEnv): CompletionResult {
  const none: CompletionResult = { from: offset, to: offset, items: [], situation: { kind: "none" } };
  const tokens = lexer.tokenize(source).tokens;
  let i = -1;
  while (i + 1 < tokens.length && tokens[i + 1]!.startOffset < offset) i++;
  const token = tokens[i];
  const end = token !== undefined ? tokenSpan(token).end : 0;
  const analysis = analyze(source, env);
  const registry = env.registry ?? standardRegistry;

  if (token?.tokenType === t.StringLiteral && (offset < end || unterminated(token.image))) {
    return tokens[i - 1]?.tokenType === t.LBracket ? keyCompletion(analysis, token, tokens[i + 1], offset) : none;
  }
  if (token !== undefined && offset <= end && token.tokenType !== t.Dot && isWord(token)) {
    const from = token.startOffset;
    const partial = source.slice(from, offset);
    const before = tokens[i - 1];
    if (before?.tokenType === t.Dot) return memberCompletion(analysis, before, from, end, partial) ?? none;
    return nameCompletion(analysis, source, from, end, partial, registry);
  }
  if (token?.tokenType === t.Dot) {
    if (tokens[i - 1]?.tokenType === t.NumberLiteral && tokenSpan(tokens[i - 1]!).end === token.startOffset) return none;
    return memberCompletion(analysis, token, offset, offset, "") ?? none;
  }
  if (token !== undefined && (operandEnds.has(token.tokenType) || offset < end)) return none;
  return nameCompletion(analysis, source, offset, offset, "", registry);
}

function isWord(token: IToken): boolean {
  return token.tokenType === t.Identifier || t.keywords.has(token.image);
}

function unterminated(image: string): boolean {
  return needsStringCheck(image) && (image.length < 2 || image[image.length - 1] !== image[0] || /(^|[^\\])(\\\\)*\\.$/.test(image));
}

function finish(drafts: readonly Draft[], partial: string, from: number, to: number, dotFrom: number | undefined, situation: Situation): CompletionResult {
  // fields copied by name: an object rest/spread per item costs V8 microseconds each (a slow generic copy)
  const items = filterDrafts(drafts, partial).map((d): Completion => {
    const item: { -readonly [K in keyof Completion]: Completion[K] } = {
      label: d.label, kind: d.kind, detail: d.detail, insert: d.insert,
      from: d.replacesDot === true && dotFrom !== undefined ? dotFrom : from, to, section: d.section, boost: d.boost,
    };
    if (d.doc !== undefined) item.doc = d.doc;
    if (d.caret !== undefined) item.caret = d.caret;
    return item;
  });
  return { from, to, items, situation };
}

/** `receiver.partial`: the member node the parser made for it, and the receiver's type. */
function memberCompletion(analysis: Analysis, dot: IToken, from: number, to: number, partial: string): CompletionResult | undefined {
  const dotEnd = tokenSpan(dot).end;
  const member = descendants(analysis.ast).find((n) => n.kind === "Member" && (n.nameSpan.start === from || (n.name === "" && n.nameSpan.start === dotEnd)));
  const receiverNode = member?.kind === "Member" ? member.object : chainEndingAt(analysis.ast, dot.startOffset);
  if (receiverNode === undefined) return undefined;
  const receiver = analysis.typeOf(receiverNode);
  const drafts = memberDrafts(receiver, analysis.registry, analysis.schema);
  return finish(drafts, partial, from, to, dot.startOffset, { kind: "member", receiver });
}

/** The largest postfix chain ending at `offset` (the receiver, when the parser dropped the member after it). */
function chainEndingAt(root: Expr, offset: number): Expr | undefined {
  const chain = new Set(["Name", "Member", "Index", "Call", "List", "Dict", "String", "Number"]);
  let best: Expr | undefined;
  for (const n of descendants(root)) {
    if (n.span.end !== offset || !chain.has(n.kind)) continue;
    if (best === undefined || n.span.start < best.span.start) best = n;
  }
  return best;
}

/** Inside `receiver["partial`: the receiver's keys, closing the string and the bracket when they are missing. */
function keyCompletion(analysis: Analysis, token: IToken, next: IToken | undefined, offset: number): CompletionResult {
  const quote = token.image[0]!;
  const span = tokenSpan(token);
  const open = unterminated(token.image);
  const index = descendants(analysis.ast).find((n) => n.kind === "Index" && n.index.span.start === span.start);
  if (index?.kind !== "Index") return { from: offset, to: offset, items: [], situation: { kind: "none" } };
  const receiver = analysis.typeOf(index.object);
  const bracket = next?.tokenType === t.RBracket ? "" : "]";
  const from = span.start + 1;
  // an open string is replaced to its end; a closed one up to its quote, or with it when the `]` must follow
  const to = open ? span.end : bracket === "" ? span.end - 1 : span.end;
  const closing = open || bracket !== "" ? quote + bracket : "";
  const partial = analysis.source!.slice(from, offset);
  return finish(keyDrafts(receiver, analysis.schema, quote, closing), partial, from, to, undefined, { kind: "key", receiver });
}

/** A bare name: what is in scope at the node being written, plus keys when it is the index of `receiver[`. */
function nameCompletion(analysis: Analysis, source: string, from: number, to: number, partial: string, registry: typeof standardRegistry): CompletionResult {
  const found = nodeBeingWritten(analysis, source, from);
  const names = found !== undefined ? analysis.namesAt(found.node) : analysis.namesAt(analysis.ast);
  const parent = found?.parent;
  const asValue = parent?.kind === "Call" && parent.callee !== found?.node || source[to] === "(";
  const drafts: Draft[] = [];
  if (parent?.kind === "Index" && parent.index === found?.node) {
    drafts.push(...quotedKeyDrafts(analysis.typeOf(parent.object), analysis.schema, source.slice(to).trimStart()[0] !== "]"));
  }
  drafts.push(...nameDrafts(names, registry, asValue));
  return finish(drafts, partial, from, to, undefined, { kind: "name" });
}

/** The Name at `from` (or the missing expression the parser left there, possibly before some spaces) and its parent. */
function nodeBeingWritten(analysis: Analysis, source: string, from: number): { node: Expr; parent: Expr | undefined } | undefined {
  let best: { node: Expr; parent: Expr | undefined } | undefined;
  const visitFrom = (node: Expr, parent: Expr | undefined): void => {
    if (node.kind === "Name" && node.span.start <= from && (node.span.start === from || (isMissing(node) && source.slice(node.span.start, from).trim() === ""))) {
      best = { node, parent };
    }
    if (node.span.start > from) return;
    for (const child of children(node)) visitFrom(child, node);
  };
  visitFrom(analysis.ast, undefined);
  if (best !== undefined) return best;
  const at = nodeAt(analysis, from);
  return at !== undefined ? { node: at.node, parent: at.ancestors[at.ancestors.length - 1] } : undefined;
}
