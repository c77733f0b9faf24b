import type { CstNode, IRecognitionException, IToken } from "chevrotain";
import { fastParse } from "./fast-parse.js";
import type { Expr } from "./ast.js";
import { children } from "./visit.js";
import { error, type Diagnostic, type Result } from "./diagnostics.js";
import { MAX_PARSE_ERRORS, parseCst } from "./parser.js";
import { lexingDiagnostics, recognitionDiagnostic } from "./syntax-errors.js";
import { scanTokens } from "./syntax-scan.js";
import { toAst } from "./to-ast.js";
import { missingExpr } from "./syntax-nodes.js";
import { lexer } from "./lexer.js";

/** Limits on what `parse` accepts (docs/language.md: limits are configurable by the host). */
export interface ParseOptions {
  /** The longest source accepted, in UTF-16 code units. Default 65536 (64 KiB). */
  readonly maxSourceLength?: number;
  /** The deepest nesting accepted: brackets, prefix operators, lambdas, `?:`, `**` and operator chains. Default 256. */
  readonly maxDepth?: number;
}

/** The defaults of {@link ParseOptions}. */
export const defaultParseOptions: Readonly<Required<ParseOptions>> = Object.freeze({ maxSourceLength: 65536, maxDepth: 256 });

const atStart = { start: 0, end: 0 };

function checkLimit(name: keyof ParseOptions, value: unknown): Diagnostic | undefined {
  if (value === undefined || value === Infinity || (typeof value === "number" && Number.isInteger(value) && value >= 0)) return undefined;
  return error("invalid_option", `the parse option \`${name}\` must be a non-negative integer, got ${String(value)}`, atStart);
}

/**
 * Parses one qel expression into its AST. Returns `{ ok: true, value }`, or `{ ok: false, diagnostics }` with every
 * syntax error found (the parser recovers and goes on), each with a stable code and a span; errors at the end of
 * input sit at the end of the last token. Never throws: a source over `maxSourceLength` is `source_too_long`,
 * nesting over `maxDepth` is `nesting_too_deep` (checked on the tokens before the recursive parser runs), and a
 * bug surfaces as `internal_error`.
 */
export function parse(source: string, options: ParseOptions = {}): Result<Expr> {
  try {
    return parseUnchecked(source, options);
  } catch (e) {
    if (e instanceof RangeError && e.message.includes("call stack")) {
      const span = { start: 0, end: typeof source === "string" ? source.length : 0 };
      return fail([error("nesting_too_deep", "the expression nests too deeply to parse", span, { hint: "lower the `maxDepth` limit" })]);
    }
    return fail([error("internal_error", `internal error while parsing: ${e instanceof Error ? e.message : String(e)}`, atStart)]);
  }
}

function fail(diagnostics: readonly Diagnostic[]): Result<never> {
  return { ok: false, diagnostics };
}

function parseUnchecked(source: string, options: ParseOptions): Result<Expr> {
  const r = parseTreeUnchecked(source, options);
  if (r.diagnostics.some((d) => d.severity === "error")) return fail(r.diagnostics);
  return { ok: true, value: r.ast, diagnostics: [] };
}

/** What `parseTree` returns: always a tree, and every syntax diagnostic. */
export interface ParsedTree {
  /** The AST, with error recovery's placeholders (`isMissing`) where parts were missing. */
  readonly ast: Expr;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses with error recovery and keeps what was read: `runs.filter(r => r.con` gives the call, the lambda and the
 * member, with one diagnostic for the missing `)`. Never throws. Where nothing could be parsed (an argument that
 * is not a string, a source over the limits, a bug) the tree is a single missing-expression placeholder.
 */
export function parseTree(source: string, options: ParseOptions = {}): ParsedTree {
  try {
    return parseTreeUnchecked(source, options);
  } catch (e) {
    const r = parse(source, options);
    return { ast: missingExpr(0), diagnostics: r.ok ? [error("internal_error", `internal error while parsing: ${String(e)}`, atStart)] : r.diagnostics };
  }
}

function parseTreeUnchecked(source: string, options: ParseOptions): ParsedTree {
  if (typeof options !== "object" || options === null) {
    return { ast: missingExpr(0), diagnostics: [error("invalid_option", "the parse options must be an object", atStart)] };
  }
  // the checks of the options and of the source's length only where they can fail (most calls give no options)
  if (typeof source !== "string" || options.maxSourceLength !== undefined || options.maxDepth !== undefined || source.length > defaultParseOptions.maxSourceLength) {
    const refused = refusal(source, options);
    if (refused !== undefined) return { ast: missingExpr(0), diagnostics: [refused] };
  }
  const maxDepth = options.maxDepth ?? defaultParseOptions.maxDepth;
  const lexed = lexer.tokenize(source);
  const tokens = lexed.tokens;
  const diagnostics = lexed.errors.length > 0 ? lexingDiagnostics(source, lexed.errors) : [];
  const tooDeep = scanTokens(tokens, maxDepth, diagnostics);
  if (tooDeep !== undefined) return { ast: missingExpr(0), diagnostics: bounded(ordered([...diagnostics, tooDeep]), source.length, false) };

  const fast = diagnostics.length === 0 ? fastParse(tokens) : undefined;
  if (fast !== undefined) return deepChainChecked(fast, tokens.length, maxDepth);
  return recoveringParse(source, tokens, diagnostics, maxDepth);
}

/** Why `source` is not parsed under `options`: not a string, an option out of range, or a source too long. */
function refusal(source: string, options: ParseOptions): Diagnostic | undefined {
  if (typeof source !== "string") return error("invalid_argument", "the source of an expression must be a string", atStart);
  const bad = checkLimit("maxSourceLength", options.maxSourceLength) ?? checkLimit("maxDepth", options.maxDepth);
  if (bad !== undefined) return bad;
  const maxSourceLength = options.maxSourceLength ?? defaultParseOptions.maxSourceLength;
  if (source.length > maxSourceLength) {
    const message = `the expression is ${source.length} characters long, over the limit of ${maxSourceLength}`;
    return error("source_too_long", message, { start: maxSourceLength, end: source.length }, { hint: "raise the `maxSourceLength` limit" });
  }
  return undefined;
}

/**
 * The chevrotain path, for a source the fast parser gave up on (or with lexing diagnostics): every syntax error,
 * and the tree error recovery kept. A function of its own so that a process that only meets valid expressions
 * never compiles it.
 */
function recoveringParse(source: string, tokens: IToken[], diagnostics: Diagnostic[], maxDepth: number): ParsedTree {
  const { cst, errors } = parseCst(tokens);
  const stoppedAt = cst === undefined ? errors[MAX_PARSE_ERRORS]?.token.startOffset : undefined;
  if (errors.length > 0) {
    for (const d of parserDiagnostics(source, tokens, errors.slice(0, MAX_PARSE_ERRORS), diagnostics)) diagnostics.push(d);
  }
  if (diagnostics.length > 0 || cst === undefined) {
    const reported = bounded(ordered(diagnostics), stoppedAt ?? source.length, cst === undefined);
    return { ast: cst === undefined ? missingExpr(0) : recoveredAst(cst), diagnostics: reported };
  }
  return deepChainChecked(toAst(cst), tokens.length, maxDepth);
}

/**
 * The tree, or `nesting_too_deep` where it is deeper than `maxDepth`. The AST of a long chain (`a + b + …`,
 * `x.f().g()…`) is deep though the parsers looped; later passes recurse on the AST. A node owns at least one token,
 * so only sources with more tokens than maxDepth can be too deep.
 */
function deepChainChecked(ast: Expr, tokenCount: number, maxDepth: number): ParsedTree {
  return tokenCount > maxDepth ? depthChecked(ast, maxDepth) : { ast, diagnostics: [] };
}

function depthChecked(ast: Expr, maxDepth: number): ParsedTree {
  const deep = nodeBelow(ast, maxDepth);
  if (deep === undefined) return { ast, diagnostics: [] };
  const message = `the expression nests deeper than the limit of ${maxDepth} levels`;
  const hint = "split it into smaller expressions, or raise the `maxDepth` limit";
  return { ast: missingExpr(0), diagnostics: [error("nesting_too_deep", message, deep.span, { hint })] };
}

/** The AST of a CST with errors; the syntax errors already say what went wrong, so a shape to-ast cannot read is dropped. */
function recoveredAst(cst: CstNode): Expr {
  try {
    return toAst(cst);
  } catch {
    return missingExpr(0);
  }
}

/** Diagnostics reported for one source at most; the rest are counted in one more (`too_many_errors`). */
export const MAX_DIAGNOSTICS = 100;

/**
 * At most MAX_DIAGNOSTICS diagnostics, then one `too_many_errors` saying how many more there are, or, when the
 * parser stopped early (`stopped`), that more may follow from `at` on.
 */
function bounded(diagnostics: Diagnostic[], at: number, stopped: boolean): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS && !stopped) return diagnostics;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const more = diagnostics.length - kept.length;
  const from = Number.isNaN(at) ? 0 : Math.min(diagnostics[MAX_DIAGNOSTICS]?.span.start ?? at, at);
  const message = stopped ? `and maybe more errors: the parser stopped after ${MAX_PARSE_ERRORS}` : `and ${more} more errors`;
  kept.push(error("too_many_errors", message, { start: from, end: from }, { hint: "fix the first errors and parse again" }));
  return kept;
}

/**
 * Parser errors, minus the echoes of a stray character or an unterminated string already reported: `a = b` is
 * one error at `=`, not a second one at `b`, and `f('ab)` one at the string, not another at the missing `)`.
 */
function parserDiagnostics(
  source: string,
  tokens: readonly IToken[],
  errors: readonly IRecognitionException[],
  earlier: readonly Diagnostic[],
): Diagnostic[] {
  const echoes = new Set<number>();
  let trailing = false;
  for (const d of earlier) {
    if (d.code !== "unexpected_character" && d.code !== "unterminated_string") continue;
    const after = tokens[firstAtOrAfter(tokens, d.span.end)];
    if (after !== undefined) echoes.add(after.startOffset);
    else trailing = true;
  }
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const start = e.token.startOffset;
    if (Number.isNaN(start) ? trailing : echoes.has(start)) continue;
    out.push(recognitionDiagnostic(source, tokens, e));
  }
  return out;
}

/** The index of the first token starting at or after `offset` (tokens are in source order): a binary search. */
function firstAtOrAfter(tokens: readonly IToken[], offset: number): number {
  let lo = 0, hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as IToken).startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorted by position, at most one diagnostic per start offset (the first one: later ones there are cascades). */
function ordered(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.span.start - b.span.start);
  return sorted.filter((d, i) => i === 0 || sorted[i - 1]?.span.start !== d.span.start);
}

/** The first node found deeper than `limit` edges below the root, without recursion. */
function nodeBelow(root: Expr, limit: number): Expr | undefined {
  const nodes: Expr[] = [root];
  const depths: number[] = [0];
  for (;;) {
    const node = nodes.pop();
    const depth = depths.pop() ?? 0;
    if (node === undefined) return undefined;
    if (depth > limit) return node;
    for (const child of children(node)) {
      nodes.push(child);
      depths.push(depth + 1);
    }
  }
}

