/**
 * The panel editor: a small CodeMirror setup; Mod-Enter runs the panel. The qel language (@qel/codemirror) joins
 * it through a compartment once loaded (see language.ts), so the editor is usable from the first moment. Loaded
 * on demand by editor.ts.
 */
import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { Compartment, EditorState, Prec, type Extension } from "@codemirror/state";
import { EditorView, drawSelection, highlightSpecialChars, keymap, placeholder } from "@codemirror/view";
import type { EditorOptions } from "./editor.js";

const language = new Compartment();

export function createEditor(o: EditorOptions): EditorView {
  return new EditorView({
    parent: o.parent,
    state: EditorState.create({
      doc: o.doc,
      extensions: [
        highlightSpecialChars(),
        history(),
        drawSelection(),
        closeBrackets(),
        bracketMatching(),
        EditorView.lineWrapping,
        placeholder("runs.filter(r => r.state == \"finished\")"),
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (o.onRun(), true) }])),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
        language.of([]),
        EditorView.contentAttributes.of({ "aria-label": o.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) o.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
}

/** Changes the editor's accessible name (when the panel is renamed). */
export function relabel(view: EditorView, label: string): void {
  view.contentDOM.setAttribute("aria-label", label);
}

/** Gives the editor the qel language (completion, lint, hover, signature help, highlighting). */
export function attachLanguage(view: EditorView, extension: Extension): void {
  view.dispatch({ effects: language.reconfigure(extension) });
}

