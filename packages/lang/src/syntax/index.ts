/**
 * Syntax: source text to AST. tokens.ts (the token vocabulary) → lexer.ts (text to tokens) → fast-parse.ts (tokens
 * of a valid expression straight to the `Expr` union of ast.ts, whose one childKeys table drives every walk) or, at
 * the first mistake, parser.ts (chevrotain rules with error recovery) → to-ast.ts (CST to AST), with parse.ts as the
 * entry point, print.ts the canonical formatter and diagnostics.ts the error vocabulary every later stage reports in.
 */
export { parse, parseTree, defaultParseOptions, type ParseOptions, type ParsedTree } from "./parse.js";
export { isMissing } from "./syntax-nodes.js";
export { format, print, type PrintOptions } from "./print.js";
export {
  renderDiagnostic, error, warning, QelError, InternalError,
  type Diagnostic, type DiagnosticCode, type Note, type Result, type RenderOptions,
} from "./diagnostics.js";
export { type Span, type LineCol } from "./source.js";
export { lineColAt } from "./line-col.js";
export { childKeys, type Expr } from "./ast.js";
export { visit, transform, some, descendants, children, BREAK, type Visitor, type VisitContext, type VisitResult } from "./visit.js";
export type {
  NumberLit, StringLit, BooleanLit, NullLit, DurationLit, DurationUnit, ListLit, DictEntry, DictLit, Name, Param, Lambda,
  Member, Index, Call, Unary, UnaryOp, Binary, BinaryOp, Conditional,
} from "./ast.js";
