/**
 * Services for editors and the REPL, each a pass over the analyzed tree that works on incomplete input:
 * completion and highlighting tokens (hover, signature help and quick fixes build on the same tree).
 */
export { hover, type HoverInfo } from "./hover.js";
export { signatureHelp, type SignatureHelp } from "./signature-help.js";
export { diagnose, type EditorDiagnostic } from "./diagnose.js";
export type { QuickFix, TextEdit } from "./quick-fixes.js";
export type { ParameterLabel, SignatureLabel } from "./signature.js";
export { complete, type Completion, type CompletionKind, type CompletionResult, type Situation } from "./complete.js";
export { tokens, type Token, type TokenKind } from "./tokens.js";
