/**
 * One panel on the page: title, view choice, buttons (run, cancel, duplicate, move, remove), the expression editor,
 * a status line, an inline error with a caret under its position, and the result.
 */
import type { QelEnv } from "@qel/codemirror";
import type { LanguageModules } from "../language.js";
import type { PanelSpec, ViewChoice } from "../dashboard/panels.js";
import type { Evaluator, Outcome } from "../evaluator.js";
import { effectiveView, followWidth, renderResult, unfollowWidth } from "../views/render.js";
import { VIEW_LABELS, type ErrorModel, type ResultModel, type ViewKind } from "../worker/model.js";
import { PanelEditor } from "./editor.js";

export interface PanelHost {
  readonly evaluator: Evaluator;
  env(): QelEnv;
  /** The language modules when loaded (else the editor works as plain text until they are). */
  language(): LanguageModules | null;
  changed(): void;
  duplicate(p: PanelView): void;
  move(p: PanelView, by: number): void;
  remove(p: PanelView): void;
  /** Called when the panel's first outcome arrives. */
  settled(p: PanelView): void;
}

function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.title = label;
  b.addEventListener("click", onClick);
  return b;
}

/** The caret line under the error's line of the expression: `   ^^^`. */
export function caretLines(expr: string, e: ErrorModel): string {
  const lines = expr.split("\n");
  const text = lines[e.line - 1] ?? "";
  const width = Math.max(1, Math.min(e.to, e.from + text.length - (e.column - 1)) - e.from);
  return `${text}\n${" ".repeat(e.column - 1)}${"^".repeat(width)}`;
}

export class PanelView {
  readonly root = document.createElement("section");
  readonly #editor: PanelEditor;
  readonly #title = document.createElement("input");
  readonly #view = document.createElement("select");
  readonly #status = document.createElement("div");
  readonly #error = document.createElement("div");
  readonly #result = document.createElement("div");
  readonly #cancel: HTMLButtonElement;
  #last: ResultModel | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #settled = false;
  #language: LanguageModules | null = null;

  constructor(readonly spec: PanelSpec, readonly host: PanelHost) {
    this.root.className = "panel";
    this.root.dataset["panel"] = spec.id;
    const header = document.createElement("header");
    this.#title.value = spec.title;
    this.#title.className = "panel-title";
    this.#title.setAttribute("aria-label", "Panel title");
    this.#title.addEventListener("input", () => {
      spec.title = this.#title.value;
      this.root.setAttribute("aria-label", `Panel ${spec.title}`);
      this.#editor.relabel(this.#editorLabel());
      this.#view.setAttribute("aria-label", `View of ${spec.title}`);
      this.#cancel.setAttribute("aria-label", `Cancel ${spec.title}`);
      this.#cancel.title = `Cancel ${spec.title}`;
      host.changed();
    });
    this.#view.setAttribute("aria-label", `View of ${spec.title}`);
    this.#fillViews();
    this.#view.addEventListener("change", () => {
      spec.view = this.#view.value as ViewChoice;
      host.changed();
      this.#draw();
    });
    this.#cancel = button("Cancel", `Cancel ${spec.title}`, () => this.cancel());
    this.#cancel.hidden = true;
    const tools = document.createElement("div");
    tools.className = "panel-tools";
    tools.append(
      this.#view,
      button("Run", "Run panel (Ctrl+Enter)", () => this.run()),
      this.#cancel,
      button("Copy", "Duplicate panel", () => host.duplicate(this)),
      button("↑", "Move panel earlier", () => host.move(this, -1)),
      button("↓", "Move panel later", () => host.move(this, 1)),
      button("×", "Remove panel", () => host.remove(this)),
    );
    header.append(this.#title, tools);
    const editorHost = document.createElement("div");
    editorHost.className = "panel-editor";
    this.#status.className = "panel-status";
    this.#status.setAttribute("role", "status");
    this.#error.className = "panel-error";
    this.#error.setAttribute("role", "alert");
    this.#error.hidden = true;
    this.#result.className = "panel-result";
    this.root.setAttribute("aria-label", `Panel ${spec.title}`);
    this.root.append(header, editorHost, this.#status, this.#error, this.#result);
    followWidth(this.#result);
    this.#editor = new PanelEditor({
      doc: spec.expr,
      label: this.#editorLabel(),
      parent: editorHost,
      onChange: (doc) => {
        spec.expr = doc;
        host.changed();
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.run(), 700);
      },
      onRun: () => this.run(),
    });
    const language = host.language();
    if (language !== null) this.attachLanguage(language);
  }

  /** Gives the panel's editor the keyboard focus (mounting it first if it was not yet). */
  focusEditor(): void {
    void this.#editor.focus();
  }

  #editorLabel(): string {
    return `Expression of panel ${this.spec.title}`;
  }

  #fillViews(): void {
    const choices: ViewChoice[] = ["auto", ...((this.#last?.views ?? []) as ViewKind[])];
    if (!choices.includes(this.spec.view)) choices.push(this.spec.view);
    this.#view.replaceChildren(
      ...choices.map((v) => {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = v === "auto" ? `Automatic${this.#last !== null ? ` (${VIEW_LABELS[this.#last.suggested]})` : ""}` : VIEW_LABELS[v];
        return o;
      }),
    );
    this.#view.value = this.spec.view;
  }

  /** Gives the editor the qel language over the dashboard's environment (once). */
  attachLanguage(m: LanguageModules): void {
    if (this.#language !== null) return;
    this.#language = m;
    this.#editor.attachLanguage(() => m.services.qelExtension(this.host.env()));
  }

  setEnv(env: QelEnv): void {
    const m = this.#language;
    if (m !== null) this.#editor.ifMounted((v) => m.services.updateEnv(v, env));
  }

  run(): void {
    clearTimeout(this.#timer);
    const expr = this.spec.expr;
    if (expr.trim() === "") return;
    this.root.dataset["state"] = "running";
    this.#status.textContent = "Running…";
    this.#cancel.hidden = false;
    this.host.evaluator.evaluate(this.spec.id, expr, (o) => this.#done(expr, o));
  }

  cancel(): void {
    if (!this.host.evaluator.cancel(this.spec.id)) return;
    this.#cancel.hidden = true;
    this.root.dataset["state"] = "cancelled";
    this.#status.textContent = "Cancelled";
  }

  #done(expr: string, o: Outcome): void {
    this.#cancel.hidden = true;
    if (o.ok) {
      this.root.dataset["state"] = "done";
      this.#error.hidden = true;
      this.#last = o.result;
      this.#fillViews();
      this.#draw();
      const count = o.result.table !== undefined ? ` · ${o.result.table.total} rows` : "";
      this.#status.textContent = `${o.result.type}${count} · ${o.ms < 1 ? "<1" : Math.round(o.ms)} ms`;
    } else {
      this.root.dataset["state"] = "error";
      const e = o.error;
      this.#status.textContent = `Error at line ${e.line}, column ${e.column}`;
      const msg = document.createElement("div");
      msg.textContent = `${e.code}: ${e.message}`;
      const caret = document.createElement("pre");
      caret.className = "caret";
      caret.textContent = caretLines(expr, e);
      this.#error.replaceChildren(msg, caret);
      this.#error.hidden = false;
    }
    if (!this.#settled) {
      this.#settled = true;
      this.host.settled(this);
    }
  }

  #draw(): void {
    if (this.#last === null) return;
    renderResult(this.#result, this.#last, effectiveView(this.spec.view, this.#last), this.spec.title);
  }

  destroy(): void {
    clearTimeout(this.#timer);
    this.host.evaluator.cancel(this.spec.id);
    this.#editor.destroy();
    unfollowWidth(this.#result);
    this.root.remove();
  }
}
