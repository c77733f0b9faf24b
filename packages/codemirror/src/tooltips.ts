/**
 * Hover (the type of the node under the pointer, and an op's signature and doc) and signature help (the called
 * op's parameters while the cursor is inside its parentheses, the current one in bold), both from the services.
 */
import { StateField, type EditorState, type Extension } from "@codemirror/state";
import { EditorView, hoverTooltip, showTooltip, type Tooltip } from "@codemirror/view";
import { envOf } from "./env.js";
import { hover, signatureHelp } from "./services.js";

function el(tag: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Hover tooltips with class `qel-hover`. */
export function qelHover(options: { hoverTime?: number } = {}): Extension {
  return hoverTooltip(
    (view, pos) => {
      const info = hover(view.state.doc.toString(), pos, envOf(view.state));
      if (info === null) return null;
      return {
        pos: info.from,
        end: info.to,
        above: true,
        create() {
          const dom = el("div", "qel-hover");
          dom.append(el("div", "qel-hover-type", info.type));
          if (info.op !== undefined) dom.append(el("div", "qel-hover-op", info.op));
          if (info.doc !== undefined) dom.append(el("div", "qel-hover-doc", info.doc));
          return { dom };
        },
      };
    },
    { hoverTime: options.hoverTime ?? 300 },
  );
}

function signatureTooltip(state: EditorState): Tooltip | null {
  const sel = state.selection.main;
  if (!sel.empty) return null;
  const info = signatureHelp(state.doc.toString(), sel.head, envOf(state));
  if (info === null) return null;
  return {
    pos: sel.head,
    above: true,
    strictSide: false,
    arrow: false,
    create() {
      const dom = el("div", "qel-signature");
      let at = 0;
      info.params.forEach((p, i) => {
        dom.append(info.label.slice(at, p.from));
        dom.append(el(i === info.active ? "b" : "span", i === info.active ? "qel-signature-active" : "qel-signature-param", p.label));
        at = p.to;
      });
      dom.append(info.label.slice(at));
      if (info.overloads.length > 1) dom.append(el("span", "qel-signature-overloads", ` (${info.activeOverload + 1} of ${info.overloads.length})`));
      if (info.paramDoc !== undefined) dom.append(el("div", "qel-signature-param-doc", info.paramDoc));
      dom.append(el("div", "qel-signature-doc", info.doc));
      return { dom };
    },
  };
}

/** Signature help: recomputed when the document or the cursor changes. */
export function qelSignatureHelp(): Extension {
  return StateField.define<Tooltip | null>({
    create: signatureTooltip,
    update(value, tr) {
      return tr.docChanged || tr.selection !== undefined ? signatureTooltip(tr.state) : value;
    },
    provide: (f) => showTooltip.from(f),
  });
}

/** Styles of the tooltips above (hosts may override). */
export const qelTooltipTheme = EditorView.baseTheme({
  ".qel-hover, .qel-signature": { padding: "3px 6px", fontFamily: "monospace", maxWidth: "36em" },
  ".qel-hover-type": { fontWeight: "bold" },
  ".qel-signature-overloads": { opacity: "0.7" },
  ".qel-hover-doc, .qel-signature-doc, .qel-signature-param-doc": { fontFamily: "sans-serif", fontSize: "90%", opacity: "0.85" },
});
