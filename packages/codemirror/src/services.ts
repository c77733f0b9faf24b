/**
 * The editor services this package is driven by, all @qel/lang's own (docs/services.md): completion with the range
 * each item replaces, diagnostics with quick fixes, hover, signature help, the canonical format and the lexer's
 * tokens, over UTF-16 offsets (CodeMirror positions). Nothing here knows qel itself; the modules beside it only
 * turn these answers into CodeMirror's shapes.
 */
import { format as langFormat, type CheckEnv } from "@qel/lang";

export { complete, diagnose, hover, signatureHelp, tokens } from "@qel/lang";
export type {
  Completion as CompletionItem,
  CompletionResult as CompletionList,
  EditorDiagnostic,
  QuickFix as Fix,
  TextEdit,
  HoverInfo,
  SignatureHelp as SignatureInfo,
  Token,
  TokenKind,
} from "@qel/lang";

/** What an expression may refer to: host variables, the runs' schema, the ops. */
export type QelEnv = CheckEnv;

/** The canonical form of `src`, or null when it does not parse. */
export function format(src: string): string | null {
  const r = langFormat(src);
  return r.ok ? r.value : null;
}
