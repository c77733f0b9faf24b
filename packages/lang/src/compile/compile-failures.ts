/**
 * The errors evaluation stops with: the limit errors, and the conversion of anything thrown while a node runs into
 * a QelError carrying a diagnostic, so no raw JavaScript error or stack reaches a caller.
 */
import { kindOf, OpError, type Value } from "@qel/ops";
import { error, InternalError, QelError, type DiagnosticCode } from "../syntax/diagnostics.js";
import type { Span } from "../syntax/source.js";

/** The error with `code` (a limit's, or another of evaluation's own) at `span`. */
export function limit(code: DiagnosticCode, message: string, span: Span): QelError {
  return new QelError(error(code, message, span));
}

// The limit errors of the output checks, out of line so the checks themselves stay small enough to inline.

export function tooManySteps(max: number, span: Span): QelError {
  return limit("step_limit_exceeded", `the evaluation took more than ${max} steps (maxSteps)`, span);
}

export function tooLongString(n: number, max: number, span: Span): QelError {
  return limit("output_limit_exceeded", `a string of ${n} characters is longer than the limit of ${max} (maxStringLength)`, span);
}

export function tooLongList(n: number, max: number, span: Span): QelError {
  return limit("output_limit_exceeded", `a list of ${n} elements is longer than the limit of ${max} (maxOutputLength)`, span);
}

export function tooLarge(size: number, max: number, span: Span): QelError {
  return limit("output_limit_exceeded", `a value holding ${size} values in all is larger than the limit of ${max} (maxOutputLength)`, span);
}

export function tooDeep(max: number, span: Span): QelError {
  return limit("depth_limit_exceeded", `a value nested more than ${max} deep (maxDepth)`, span);
}

/**
 * Turns anything thrown while running the node at `span` into a QelError: an OpError keeps its code; the
 * JavaScript engine's stack and length errors become the limits they stand for; a TypeError from an op on bad
 * data is a `runtime_error`; anything else is an `internal_error`. Messages never carry a stack.
 */
export function fail(e: unknown, span: Span, name: string): QelError {
  if (e instanceof QelError) return ended.has(e) ? fromNested(e, span, name) : e;
  if (e instanceof OpError) return new QelError(error(e.code, e.message, span, e.hint !== undefined ? { hint: e.hint } : {}));
  if (e instanceof RangeError) {
    // `includes`, not a regular expression: this runs where the stack ran out, and compiling one can overflow it
    if (e.message.includes("call stack")) return limit("depth_limit_exceeded", "calls nested too deeply for the JavaScript stack", span);
    if (/invalid (string|array|typed array) length|allocation failed/i.test(e.message)) {
      return limit("output_limit_exceeded", `\`${name}\` produced a value too large to hold`, span);
    }
  }
  if (e instanceof TypeError) return new QelError(error("runtime_error", `\`${name}\` failed on this data: ${e.message}`, span));
  const what = e instanceof InternalError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new QelError(error("internal_error", `\`${name}\` failed unexpectedly (${what}); this is a bug in qel or in the op`, span));
}

/**
 * The errors that ended an evaluation (see `ended`). Met again while an evaluation runs, such an error came out of
 * another evaluation, one that a host op or function ran: its span points into that other expression's text.
 */
const ended = new WeakSet<QelError>();

/** Marks `e` as the error an evaluation ended with; returns it. */
export function endedWith(e: QelError): QelError {
  ended.add(e);
  return e;
}

/** An error from an evaluation that the op `name` ran, reported at the call in this expression. */
function fromNested(e: QelError, span: Span, name: string): QelError {
  const d = e.diagnostic;
  return new QelError(error("runtime_error", `\`${name}\` failed: an expression it evaluated stopped with ${d.code}: ${d.message}`, span));
}

/** Runtime kinds of some values, for a type-mismatch message: `(string, number)`. */
export function kinds(values: readonly Value[]): string {
  return `(${values.map(kindOf).join(", ")})`;
}
