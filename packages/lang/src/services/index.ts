/**
 * Services for editors and the REPL: completion (and later hover, signature help, quick fixes), each a pass over
 * the checked tree that works on incomplete input.
 */
export { complete, type Completion, type CompletionKind } from "./complete.js";
export { hover, type HoverInfo } from "./hover.js";
export { signatureHelp, type SignatureHelp } from "./signature-help.js";
export { diagnose, type EditorDiagnostic } from "./diagnose.js";
export type { QuickFix, TextEdit } from "./quick-fixes.js";
export type { ParameterLabel, SignatureLabel } from "./signature.js";
