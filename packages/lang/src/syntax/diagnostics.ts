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
 * `^~~~` underline under the span (the first line of a multi-line span), then notes and hint. Spans outside the
 * source are clamped to it. Throws only a QelError (`invalid_argument`) when `source` is not a string, `d` not of
 * the Diagnostic shape or `options` not RenderOptions, naming the first bad part.
 */
export function renderDiagnostic(source: string, given: Diagnostic, givenOptions: RenderOptions = {}): string {
  const { d, options } = readRenderArguments(source, given, givenOptions);
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

/** The arguments of renderDiagnostic read once, each part checked (so a getter runs once and cannot change it). */
function readRenderArguments(source: unknown, d: unknown, options: unknown): { d: Diagnostic; options: RenderOptions } {
  let part = "the diagnostic";
  const bad = (what: string, got: unknown): QelError =>
    new QelError(error("invalid_argument", `renderDiagnostic: ${part} must be ${what}, got ${got === null ? "null" : Array.isArray(got) ? "an array" : typeof got}`, { start: 0, end: 0 }));
  if (typeof source !== "string") throw ((part = "the source"), bad("a string", source));
  try {
    if (!isRecord(d)) throw bad("an object of the Diagnostic shape", d);
    const { code, severity, message, span, notes, hint } = d;
    part = "the diagnostic's `code`";
    if (typeof code !== "string") throw bad("a string", code);
    part = "the diagnostic's `severity`";
    if (severity !== "error" && severity !== "warning") throw bad('"error" or "warning"', severity);
    part = "the diagnostic's `message`";
    if (typeof message !== "string") throw bad("a string", message);
    part = "the diagnostic's `span`";
    const at = readSpan(span, bad);
    part = "the diagnostic's `hint`";
    if (hint !== undefined && typeof hint !== "string") throw bad("a string", hint);
    part = "the diagnostic's `notes`";
    if (notes !== undefined && !Array.isArray(notes)) throw bad("an array", notes);
    const readNotes = (notes as readonly unknown[] | undefined)?.map((n, i): Note => {
      part = `the diagnostic's note ${i}`;
      if (!isRecord(n)) throw bad("an object {message, span?}", n);
      const { message: text, span: where } = n;
      if (typeof text !== "string") throw ((part = `the \`message\` of note ${i}`), bad("a string", text));
      part = `the \`span\` of note ${i}`;
      return where === undefined ? { message: text } : { message: text, span: readSpan(where, bad) };
    });
    part = "the options";
    if (options !== undefined && !isRecord(options)) throw bad("an object", options);
    const { color, sourceName } = (options ?? {}) as RenderOptions;
    if (color !== undefined && typeof color !== "boolean") throw ((part = "the option `color`"), bad("true or false", color));
    if (sourceName !== undefined && typeof sourceName !== "string") throw ((part = "the option `sourceName`"), bad("a string", sourceName));
    const read: Diagnostic = { code: code as DiagnosticCode, severity, message, span: at, ...(readNotes !== undefined ? { notes: readNotes } : {}), ...(hint !== undefined ? { hint } : {}) };
    return { d: read, options: { ...(color !== undefined ? { color } : {}), ...(sourceName !== undefined ? { sourceName } : {}) } };
  } catch (e) {
    if (e instanceof QelError) throw e;
    throw new QelError(error("invalid_argument", `renderDiagnostic: ${part} could not be read (${e instanceof Error ? e.message : String(e)})`, { start: 0, end: 0 }));
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function readSpan(s: unknown, bad: (what: string, got: unknown) => QelError): Span {
  const what = "a span {start, end} of numbers";
  if (!isRecord(s)) throw bad(what, s);
  const { start, end } = s;
  if (typeof start !== "number" || Number.isNaN(start) || typeof end !== "number" || Number.isNaN(end)) throw bad(what, typeof start !== "number" || Number.isNaN(start) ? start : end);
  return { start, end };
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
