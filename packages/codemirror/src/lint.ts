/**
 * Diagnostics from the services as CodeMirror lint marks. Each certain fix becomes an action button in the lint
 * tooltip and panel; applying it makes the fix's edits. The linter runs again when the environment changes.
 */
import { linter, type Action, type Diagnostic } from "@codemirror/lint";
import type { EditorState, Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { envChanged, envOf } from "./env.js";
import { diagnose, type EditorDiagnostic } from "./services.js";

/** Diagnostics of the editor's document as CodeMirror diagnostics. */
export function qelDiagnostics(state: EditorState): Diagnostic[] {
  const doc = state.doc.toString();
  // An empty editor shows its placeholder, not an error.
  if (doc.trim() === "") return [];
  return diagnose(doc, envOf(state)).map((d) => toCodeMirror(d, doc.length));
}

function toCodeMirror(d: EditorDiagnostic, length: number): Diagnostic {
  const actions = d.fixes.map(
    (fix): Action => ({
      name: fix.title,
      apply(view: EditorView) {
        view.dispatch({ changes: fix.edits.map((e) => ({ from: e.from, to: e.to, insert: e.insert })), userEvent: "input.fix" });
      },
    }),
  );
  // An error at the very end (an unfinished expression) still needs a visible mark: widen it to the last character.
  const from = d.from === length && length > 0 ? length - 1 : d.from;
  const message = d.hint !== undefined && !d.message.includes(d.hint) ? `${d.message} (${d.hint})` : d.message;
  return { from, to: Math.max(from, d.to), severity: d.severity, message, source: d.code, actions };
}

/** The linter; `delay` is the pause after typing before it runs (ms). */
export function qelLinter(options: { delay?: number } = {}): Extension {
  return linter((view) => qelDiagnostics(view.state), { delay: options.delay ?? 300, needsRefresh: envChanged });
}
