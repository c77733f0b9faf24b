/** The panel editor: a small CodeMirror setup with @qel/codemirror; Mod-Enter runs the panel. */
import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, drawSelection, highlightSpecialChars, keymap, placeholder } from "@codemirror/view";
import { qel, type QelEnv } from "@qel/codemirror";

export interface EditorOptions {
  readonly doc: string;
  readonly env: QelEnv;
  readonly label: string;
  readonly parent: HTMLElement;
  readonly onChange: (doc: string) => void;
  readonly onRun: () => void;
}

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
        qel({ env: o.env }),
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
