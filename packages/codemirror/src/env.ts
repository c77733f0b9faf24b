/**
 * The environment an editor checks against (host variables, the runs' schema, the ops), kept in the editor state
 * so a host can change it at any time: `updateEnv(view, env)` swaps it and re-runs the linter.
 */
import { StateEffect, StateField, type EditorState, type Transaction } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { forceLinting } from "@codemirror/lint";
import type { QelEnv } from "./services.js";

/** Replaces the editor's environment. */
export const setEnv = StateEffect.define<QelEnv>();

/** The editor's environment; initialise with `envField.init(() => env)` or through `qel({ env })`. */
export const envField = StateField.define<QelEnv>({
  create: () => ({}),
  update(value: QelEnv, tr: Transaction): QelEnv {
    for (const e of tr.effects) if (e.is(setEnv)) value = e.value;
    return value;
  },
});

/** The environment of `state` (the default, `runs: list<Run>` with no schema, when the field is absent). */
export function envOf(state: EditorState): QelEnv {
  return state.field(envField, false) ?? {};
}

/** Gives the editor a new schema, variables or registry, and lints again at once. */
export function updateEnv(view: EditorView, env: QelEnv): void {
  view.dispatch({ effects: setEnv.of(env) });
  forceLinting(view);
}

/** Whether a transaction changed the environment (the linter's `needsRefresh`). */
export function envChanged(tr: { readonly transactions: readonly Transaction[] }): boolean {
  return tr.transactions.some((t) => t.effects.some((e) => e.is(setEnv)));
}
