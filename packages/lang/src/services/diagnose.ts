/**
 * diagnose(src, env): every diagnostic of an expression in the shape editors take (`from`, `to`, severity, stable
 * code, message) with the quick fixes that are certain, plus hints for spellings the formatter rewrites (`===`).
 */
import type { CheckEnv } from "../check/check.js";
import type { DiagnosticCode, Note } from "../syntax/diagnostics.js";
import * as t from "../syntax/tokens.js";
import { lexer } from "../syntax/lexer.js";
import { describeGiven as describeValue } from "@qel/ops";
import { fixesFor, type QuickFix } from "./quick-fixes.js";
import { serviceTree } from "./service-tree.js";

export interface EditorDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly severity: "error" | "warning" | "hint";
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
  readonly notes?: readonly Note[];
  readonly fixes: readonly QuickFix[];
}

const canonical: ReadonlyMap<unknown, string> = new Map([[t.StrictEquals, "=="], [t.StrictNotEquals, "!="]]);

/**
 * Every diagnostic of `source` against `env`, in source order, each with its quick fixes. Never throws: a `source`
 * that is not a string, or an `env` that is not one, is one `invalid_argument` (or `invalid_option`) diagnostic at
 * 0:0, and a failure inside is one `internal_error` over the text.
 */
export function diagnose(source: string, env: CheckEnv = {}): EditorDiagnostic[] {
  // refused here, as analyze() would parse nothing and the lexer below would throw on it
  if (typeof source !== "string") return [refusal(`the source of an expression must be a string, got ${describeValue(source)}`)];
  try {
    const tree = serviceTree(source, env);
    const out: EditorDiagnostic[] = tree.diagnostics.map((d) => ({
      from: d.span.start, to: d.span.end, severity: d.severity, code: d.code, message: d.message,
      ...(d.hint !== undefined ? { hint: d.hint } : {}), ...(d.notes !== undefined ? { notes: d.notes } : {}),
      fixes: fixesFor(source, tree, env, d),
    }));
    for (const tok of lexer.tokenize(source).tokens) {
      const spelled = canonical.get(tok.tokenType);
      if (spelled === undefined) continue;
      const from = tok.startOffset, to = from + tok.image.length;
      out.push({
        from, to, severity: "hint", code: "noncanonical_spelling", message: `\`${tok.image}\` is \`${spelled}\` in qel (there is no loose equality)`,
        fixes: [{ title: `Write '${spelled}'`, edits: [{ from, to, insert: spelled }] }],
      });
    }
    return out.sort((a, b) => a.from - b.from);
  } catch (e) {
    // no diagnostics would read as "no problems": the failure is reported, over the whole text
    const message = `internal error while diagnosing: ${e instanceof Error ? e.message : String(e)}`;
    return [{ from: 0, to: source.length, severity: "error", code: "internal_error", message, fixes: [] }];
  }
}

function refusal(message: string): EditorDiagnostic {
  return { from: 0, to: 0, severity: "error", code: "invalid_argument", message, fixes: [] };
}
