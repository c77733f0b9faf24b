/**
 * The panel editor: a small CodeMirror setup; Mod-Enter runs the panel. The qel language (@qel/codemirror) joins
 * it through a compartment once loaded (see language.ts), so the editor is usable from the first moment.
 *
 * A panel shown before the page's first results shows its expression as text (focusable, named like the editor)
 * and mounts its editor once those results are shown (see views/deferred.ts), or as soon as it is focused or
 * asked for: mounting editors costs the page more than drawing its first results.
 */
import { closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { Compartment, EditorState, Prec, type Extension } from "@codemirror/state";
import { EditorView, drawSelection, highlightSpecialChars, keymap, placeholder } from "@codemirror/view";
import { afterFirstResults } from "../views/deferred.js";

export interface EditorOptions {
  readonly doc: string;
  readonly label: string;
  readonly parent: HTMLElement;
  readonly onChange: (doc: string) => void;
  readonly onRun: () => void;
}

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

/** A panel's editor: its text until mounted, then the CodeMirror editor (see the top of this file). */
export class PanelEditor {
  #view: EditorView | null = null;
  #stub: HTMLElement | null;
  #label: string;
  #language: (() => Extension) | null = null;
  #destroyed = false;

  constructor(readonly options: EditorOptions) {
    this.#label = options.label;
    const stub = document.createElement("div");
    stub.className = "panel-editor-text";
    stub.tabIndex = 0;
    stub.setAttribute("role", "textbox");
    stub.setAttribute("aria-multiline", "true");
    stub.setAttribute("aria-label", options.label);
    stub.textContent = options.doc;
    stub.addEventListener("focus", () => this.view.focus());
    options.parent.append(stub);
    this.#stub = stub;
    afterFirstResults(() => {
      if (!this.#destroyed) void this.view;
    });
  }

  /** The CodeMirror editor (mounted now if it was not). */
  get view(): EditorView {
    if (this.#view === null) {
      this.#view = createEditor({ ...this.options, label: this.#label });
      if (this.#language !== null) attachLanguage(this.#view, this.#language());
      this.#stub?.replaceWith(this.#view.dom);
      this.#stub = null;
    }
    return this.#view;
  }

  /** Calls `f` with the editor when it is mounted (else there is nothing to update). */
  ifMounted(f: (view: EditorView) => void): void {
    if (this.#view !== null) f(this.#view);
  }

  relabel(label: string): void {
    this.#label = label;
    this.#stub?.setAttribute("aria-label", label);
    this.ifMounted((v) => relabel(v, label));
  }

  /** Gives the editor the qel language, made when the editor mounts (or now, when it is mounted). */
  attachLanguage(extension: () => Extension): void {
    this.#language = extension;
    this.ifMounted((v) => attachLanguage(v, extension()));
  }

  destroy(): void {
    this.#destroyed = true;
    this.#view?.destroy();
  }
}
