/**
 * A panel's expression editor. A panel shown before the page's first results shows its expression as plain
 * editable text (focusable, named like the editor) and mounts its CodeMirror editor (codemirror-editor.ts, a chunk
 * of its own) once those results are painted (see views/deferred.ts), or as soon as it is focused or asked for:
 * loading CodeMirror and mounting editors cost the page more than drawing its first results. What is typed into the
 * text while CodeMirror loads is kept: the editor starts from the text as it is then, with the caret where it was,
 * and a Mod-Enter pressed meanwhile runs the panel once it is mounted.
 */
import type { Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { afterFirstResults } from "../views/deferred.js";

export interface EditorOptions {
  readonly doc: string;
  readonly label: string;
  readonly parent: HTMLElement;
  readonly onChange: (doc: string) => void;
  readonly onRun: () => void;
}

type CodeMirrorEditor = typeof import("./codemirror-editor.js");
let loading: Promise<CodeMirrorEditor> | null = null;

/** Loads the CodeMirror editor (once). */
function loadCodeMirror(): Promise<CodeMirrorEditor> {
  loading ??= import("./codemirror-editor.js");
  return loading;
}

/** A panel's editor: its text until mounted, then the CodeMirror editor (see the top of this file). */
export class PanelEditor {
  #view: EditorView | null = null;
  #cm: CodeMirrorEditor | null = null;
  #stub: HTMLElement | null;
  #label: string;
  #language: (() => Extension) | null = null;
  #destroyed = false;
  /** Mod-Enter was pressed in the text before the editor was mounted. */
  #runWhenMounted = false;

  constructor(readonly options: EditorOptions) {
    this.#label = options.label;
    const stub = document.createElement("div");
    stub.className = "panel-editor-text";
    stub.tabIndex = 0;
    stub.setAttribute("role", "textbox");
    stub.setAttribute("aria-multiline", "true");
    stub.setAttribute("aria-label", options.label);
    stub.textContent = options.doc;
    stub.contentEditable = "plaintext-only";
    stub.spellcheck = false;
    stub.addEventListener("focus", () => void this.focus());
    stub.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      this.#runWhenMounted = true;
    });
    options.parent.append(stub);
    this.#stub = stub;
    afterFirstResults(() => void this.mount());
  }

  /** The CodeMirror editor, mounted (once CodeMirror is loaded) if it was not. */
  async mount(): Promise<EditorView | null> {
    const cm = (this.#cm ??= await loadCodeMirror());
    const stub = this.#stub;
    if (this.#view === null && !this.#destroyed && stub !== null) {
      const doc = stub.textContent ?? "";
      const focused = document.activeElement === stub;
      const caret = focused ? caretIn(stub) : undefined;
      const view = (this.#view = cm.createEditor({ ...this.options, doc, label: this.#label }));
      if (this.#language !== null) cm.attachLanguage(view, this.#language());
      stub.replaceWith(view.dom);
      this.#stub = null;
      if (caret !== undefined) view.dispatch({ selection: { anchor: Math.min(caret, doc.length) } });
      if (focused) view.focus();
      if (doc !== this.options.doc) this.options.onChange(doc);
      if (this.#runWhenMounted) this.options.onRun();
    }
    return this.#view;
  }

  /** Gives the editor the keyboard focus (mounting it first). */
  async focus(): Promise<void> {
    (await this.mount())?.focus();
  }

  /** Calls `f` with the editor when it is mounted (else there is nothing to update). */
  ifMounted(f: (view: EditorView) => void): void {
    if (this.#view !== null) f(this.#view);
  }

  relabel(label: string): void {
    this.#label = label;
    this.#stub?.setAttribute("aria-label", label);
    this.ifMounted((v) => this.#cm!.relabel(v, label));
  }

  /** Gives the editor the qel language, made when the editor mounts (or now, when it is mounted). */
  attachLanguage(extension: () => Extension): void {
    this.#language = extension;
    this.ifMounted((v) => this.#cm!.attachLanguage(v, extension()));
  }

  destroy(): void {
    this.#destroyed = true;
    this.#view?.destroy();
  }
}

/** The caret's offset in the text of `el` (the start of the selection), or undefined when it is not inside. */
function caretIn(el: HTMLElement): number | undefined {
  const selection = document.getSelection();
  if (selection === null || selection.rangeCount === 0) return undefined;
  const range = selection.getRangeAt(0);
  if (!el.contains(range.startContainer)) return undefined;
  const before = document.createRange();
  before.selectNodeContents(el);
  before.setEnd(range.startContainer, range.startOffset);
  return before.toString().length;
}
