/**
 * Completion from the services: the popup opens by itself while a name is typed, after `.` and inside `["`, and
 * anywhere on Ctrl-Space. The services' order is kept (boost by rank); CodeMirror only filters as typing goes on.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import { envOf } from "./env.js";
import { complete } from "./services.js";

const ICON: Readonly<Record<string, string>> = { op: "function", alias: "function", variable: "variable", key: "property", keyword: "keyword" };

/** Whether the text before the cursor asks for completion without Ctrl-Space. */
function wantsCompletion(before: string): boolean {
  return /[A-Za-z_][A-Za-z0-9_]*$/.test(before) || /\.\s*$/.test(before) || /\[\s*["'][^"']*$/.test(before);
}

/** The completion source (also usable with `autocompletion({ override: [qelCompletionSource] })`). */
export const qelCompletionSource: CompletionSource = (ctx: CompletionContext): CompletionResult | null => {
  const doc = ctx.state.doc.toString();
  const before = doc.slice(Math.max(0, ctx.pos - 200), ctx.pos);
  if (!ctx.explicit && !wantsCompletion(before)) return null;
  const list = complete(doc, ctx.pos, envOf(ctx.state));
  if (list.items.length === 0) return null;
  const n = list.items.length;
  const options = list.items.map((item, i): Completion => ({
    label: item.label,
    detail: item.detail,
    type: ICON[item.kind] ?? "text",
    boost: n <= 1 ? 0 : Math.round(99 - (198 * i) / (n - 1)),
    ...(item.doc !== undefined ? { info: item.doc } : {}),
    ...(item.insert !== undefined ? { apply: item.insert } : {}),
  }));
  return { from: list.from, to: list.to, options, validFor: /^[A-Za-z0-9_]*$/ };
};
