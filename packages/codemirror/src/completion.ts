/**
 * Completion from the services: the popup opens by itself where the services see something being written (a name,
 * a member after `.`, a key inside `["`), and anywhere on Ctrl-Space. Each item replaces its own range and puts
 * the caret where the services say (inside `filter()`); their sections and order are kept, CodeMirror only filters
 * as typing goes on.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSection, CompletionSource } from "@codemirror/autocomplete";
import type { EditorView } from "@codemirror/view";
import { envOf } from "./env.js";
import { complete, type CompletionItem } from "./services.js";

const ICON: Readonly<Record<string, string>> = { op: "function", alias: "function", variable: "variable", key: "property", keyword: "keyword" };

/** Replaces the item's own range: the list's range as it is now (typing may have grown it), widened as the item's is. */
function applyItem(item: CompletionItem, list: { readonly from: number; readonly to: number }) {
  return (view: EditorView, _c: Completion, from: number, to: number): void => {
    // An item may replace more than the word: the dot before a key written `["val/acc"]`.
    const start = from + (item.from - list.from);
    const end = to + (item.to - list.to);
    view.dispatch({
      changes: { from: start, to: end, insert: item.insert },
      selection: { anchor: start + (item.caret ?? item.insert.length) },
      userEvent: "input.complete",
      scrollIntoView: true,
    });
  };
}

/** The completion source (also usable with `autocompletion({ override: [qelCompletionSource] })`). */
export const qelCompletionSource: CompletionSource = (ctx: CompletionContext): CompletionResult | null => {
  const list = complete(ctx.state.doc.toString(), ctx.pos, envOf(ctx.state));
  if (list.items.length === 0) return null;
  // Where an expression may start but nothing is typed yet (after `+ `), only Ctrl-Space opens the list.
  if (!ctx.explicit && list.situation.kind === "name" && list.from === list.to) return null;
  const sections = new Map<string, CompletionSection>();
  const n = list.items.length;
  const options = list.items.map((item, i): Completion => {
    let section = sections.get(item.section);
    if (section === undefined) sections.set(item.section, (section = { name: item.section, rank: sections.size }));
    return {
      label: item.label,
      detail: item.detail,
      type: ICON[item.kind] ?? "text",
      section,
      // The services' order, as CodeMirror boosts (-99..99) over its own fuzzy-match score.
      boost: n <= 1 ? 0 : Math.round(99 - (198 * i) / (n - 1)),
      ...(item.doc !== undefined ? { info: item.doc } : {}),
      apply: applyItem(item, list),
    };
  });
  return { from: list.from, to: list.to, options, validFor: /^[A-Za-z0-9_]*$/ };
};
