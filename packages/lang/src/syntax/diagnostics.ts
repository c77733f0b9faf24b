import { lineColAt, type Span } from "./source.js";

/**
 * Stable diagnostic codes. Saved panels and host apps match on these, so a code is never renamed or reused;
 * message text may improve between releases.
 */
export type DiagnosticCode =
  // syntax
  | "unexpected_token"
  | "unexpected_character"
  | "unexpected_end"
  | "unterminated_string"
  | "invalid_escape"
  | "invalid_number"
  | "unclosed_paren"
  | "unclosed_bracket"
  | "unclosed_brace"
  | "nesting_too_deep"
  | "source_too_long"
  | "too_many_errors"
  // types and names
  | "unknown_name"
  | "unknown_op"
  | "unknown_field"
  | "unknown_key"
  | "no_matching_overload"
  | "wrong_arity"
  | "wrong_lambda_result"
  | "not_callable"
  | "duplicate_name"
  | "deprecated_name"
  | "type_mismatch"
  | "partial_match"
  | "invalid_option"
  // saved documents
  | "invalid_document"
  | "newer_language_version"
  // editor hints
  | "noncanonical_spelling"
  // evaluation
  | "step_limit_exceeded"
  | "depth_limit_exceeded"
  | "time_limit_exceeded"
  | "output_limit_exceeded"
  | "aborted"
  | "runtime_error"
  | "invalid_argument"
  | "internal_error";

/** A secondary message pointing at another place in the source. */
export interface Note {
  readonly message: string;
  readonly span?: Span;
}

/** One problem found in an expression, with where it is. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly span: Span;
  readonly notes?: readonly Note[];
  readonly hint?: string;
}

/** Result of an operation that collects diagnostics instead of throwing. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Creates an error diagnostic. */
export function error(code: DiagnosticCode, message: string, span: Span, extra?: { hint?: string; notes?: readonly Note[] }): Diagnostic {
  return { code, severity: "error", message, span, ...extra };
}

/** Creates a warning diagnostic. */
export function warning(code: DiagnosticCode, message: string, span: Span, extra?: { hint?: string; notes?: readonly Note[] }): Diagnostic {
  return { code, severity: "warning", message, span, ...extra };
}

/** Thrown by `compile`, `evaluate` and compiled programs; always carries a diagnostic with a span. */
export class QelError extends Error {
  override readonly name = "QelError";
  constructor(readonly diagnostic: Diagnostic, readonly diagnostics: readonly Diagnostic[] = [diagnostic]) {
    super(diagnostic.message);
  }
}

/** A broken invariant inside qel: a bug, reported as one. */
export class InternalError extends Error {
  override readonly name = "InternalError";
}

/** Options for {@link renderDiagnostic}. */
export interface RenderOptions {
  /** Wrap parts in ANSI colors (for terminals). Default false. */
  readonly color?: boolean;
  /** A name printed before `line:col`, e.g. a file name. */
  readonly sourceName?: string;
}

const ansi = { red: "\x1b[31m", yellow: "\x1b[33m", bold: "\x1b[1m", dim: "\x1b[2m", cyan: "\x1b[36m", reset: "\x1b[0m" };

/**
 * Renders a diagnostic for people: `line:col: severity[code]: message`, then the source line with a
 * `^~~~` underline under the span (the first line of a multi-line span), then notes and hint. Never throws.
 */
export function renderDiagnostic(source: string, d: Diagnostic, options: RenderOptions = {}): string {
  const c = options.color === true ? ansi : { red: "", yellow: "", bold: "", dim: "", cyan: "", reset: "" };
  const { line, column } = lineColAt(source, d.span.start);
  const where = `${options.sourceName !== undefined ? `${options.sourceName}:` : ""}${line}:${column}`;
  const sevColor = d.severity === "error" ? c.red : c.yellow;
  const out: string[] = [`${c.bold}${where}: ${sevColor}${d.severity}[${d.code}]${c.reset}${c.bold}: ${d.message}${c.reset}`];
  out.push(...excerpt(source, d.span, sevColor, c.reset, c.dim));
  for (const note of d.notes ?? []) {
    if (note.span !== undefined) {
      const at = lineColAt(source, note.span.start);
      out.push(`${c.cyan}note${c.reset} (${at.line}:${at.column}): ${note.message}`);
      out.push(...excerpt(source, note.span, c.cyan, c.reset, c.dim));
    } else {
      out.push(`${c.cyan}note${c.reset}: ${note.message}`);
    }
  }
  if (d.hint !== undefined) out.push(`${c.cyan}hint${c.reset}: ${d.hint}`);
  return out.join("\n");
}

/** Source lines longer than this are shown as a window of this many characters around the span's start. */
const EXCERPT_WIDTH = 100;

function excerpt(source: string, s: Span, color: string, reset: string, dim: string): string[] {
  const start = Math.max(0, Math.min(s.start, source.length));
  const lineStart = source.lastIndexOf("\n", start - 1) + 1;
  let lineEnd = source.indexOf("\n", start);
  if (lineEnd === -1) lineEnd = source.length;
  // A long line (a minified expression, 64 KiB of one character) would be printed whole under every diagnostic.
  let from = lineStart, to = lineEnd;
  if (lineEnd - lineStart > EXCERPT_WIDTH) {
    from = Math.max(lineStart, Math.min(start - EXCERPT_WIDTH / 4, lineEnd - EXCERPT_WIDTH));
    to = Math.min(lineEnd, from + EXCERPT_WIDTH);
  }
  const before = from > lineStart ? "…" : "";
  const after = to < lineEnd ? "…" : "";
  const text = source.slice(from, to).replace(/\t/g, " ");
  const { line } = lineColAt(source, start);
  const gutter = `${line} | `;
  const width = Math.max(1, Math.min(s.end, lineEnd, to) - start);
  const pad = " ".repeat(gutter.length + before.length + (start - from));
  return [`${dim}${gutter}${reset}${before}${text}${after}`, `${pad}${color}^${"~".repeat(width - 1)}${reset}`];
}
