/**
 * Diagnostics as the command line and the REPL show them. Two things the language's own text cannot know: that
 * a message may quote text from the data (a config key, a string value) holding control characters, which are
 * shown escaped; and that the parse limits (`source_too_long`, `nesting_too_deep`) are fixed here, so their
 * hint, written for hosts that pass `maxSourceLength` and `maxDepth` to parse(), is replaced by one that is true
 * for a person at the command line or the REPL (docs/language.md, "Limits").
 */
import type { Diagnostic } from "@qel/lang";
import { escapeControlsInLines } from "../render-format.js";

/** The hint of a parse limit's error here: neither the flags nor `:set` raise it. */
export const FIXED_PARSE_LIMIT_HINT =
  "qel's command line and REPL cannot raise this limit: split the expression into smaller ones (in the REPL, `:let` a part as a variable)";

const FIXED_PARSE_LIMITS: ReadonlySet<string> = new Set(["source_too_long", "nesting_too_deep"]);

/** `d` with the hint of a parse limit's error replaced by FIXED_PARSE_LIMIT_HINT; any other diagnostic as it is. */
export function withFixedLimitHint(d: Diagnostic): Diagnostic {
  return FIXED_PARSE_LIMITS.has(d.code) ? { ...d, hint: FIXED_PARSE_LIMIT_HINT } : d;
}

/** `d` with control characters in its message, hint and notes shown escaped (but their newlines); spans unchanged. */
export function visibleDiagnostic(d: Diagnostic): Diagnostic {
  return {
    ...d,
    message: escapeControlsInLines(d.message),
    ...(d.hint !== undefined ? { hint: escapeControlsInLines(d.hint) } : {}),
    ...(d.notes !== undefined ? { notes: d.notes.map((n) => ({ ...n, message: escapeControlsInLines(n.message) })) } : {}),
  };
}

/** `d` as shown to people: the hint true for this program, the data's control characters escaped. */
export function forPeople(d: Diagnostic): Diagnostic {
  return visibleDiagnostic(withFixedLimitHint(d));
}
