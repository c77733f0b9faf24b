/**
 * @qel/codemirror: qel in CodeMirror 6, driven entirely by @qel/lang's services (see services.ts). `qel(config)`
 * gives every piece at once; each piece is exported too for hosts that wire their own.
 *
 *   new EditorView({ extensions: [basicSetup, qel({ env: { schema } })], parent })
 *   updateEnv(view, { schema: newSchema })   // later, when the runs change
 */
import { autocompletion } from "@codemirror/autocomplete";
import { Prec, type Extension } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { envField } from "./env.js";
import { formatCommand } from "./format.js";
import { qelLanguage, qelLanguageSupport } from "./language.js";
import { qelCompletionSource } from "./completion.js";
import { qelLinter } from "./lint.js";
import { qelHover, qelSignatureHelp, qelTooltipTheme } from "./tooltips.js";
import type { QelEnv } from "./services.js";

export interface QelConfig {
  /** Variables, schema and registry to check against; change later with updateEnv. */
  readonly env?: QelEnv;
  readonly completion?: boolean;
  readonly lint?: boolean;
  /** Milliseconds after typing before linting (default 300). */
  readonly lintDelay?: number;
  readonly hover?: boolean;
  readonly signatureHelp?: boolean;
  /** The key that formats the document (default Shift-Alt-f); null for none. */
  readonly formatKey?: string | null;
}

/** Everything: language, environment, completion, lint, hover, signature help and format key. */
export function qel(config: QelConfig = {}): Extension[] {
  const out: Extension[] = [qelLanguageSupport(), envField.init(() => config.env ?? {}), qelTooltipTheme];
  if (config.completion !== false) out.push(qelLanguage.data.of({ autocomplete: qelCompletionSource }), autocompletion());
  if (config.lint !== false) out.push(qelLinter(config.lintDelay !== undefined ? { delay: config.lintDelay } : {}));
  if (config.hover !== false) out.push(qelHover());
  if (config.signatureHelp !== false) out.push(qelSignatureHelp());
  const key = config.formatKey === undefined ? "Shift-Alt-f" : config.formatKey;
  if (key !== null) out.push(Prec.high(keymap.of([{ key, run: formatCommand }])));
  return out;
}

export { envField, envOf, setEnv, updateEnv } from "./env.js";
export { formatCommand } from "./format.js";
export { qelLanguage, qelLanguageFacet, qelLanguageSupport, qelHighlightStyle, qelTree } from "./language.js";
export { qelCompletionSource } from "./completion.js";
export { qelDiagnostics, qelLinter } from "./lint.js";
export { qelHover, qelSignatureHelp, qelTooltipTheme } from "./tooltips.js";
export * as services from "./services.js";
export type { QelEnv, CompletionItem, CompletionList, EditorDiagnostic, Fix, TextEdit, HoverInfo, SignatureInfo, Token, TokenKind } from "./services.js";
