/**
 * @qel/lang: parse, check, compile and evaluate qel expressions. Synchronous and browser-safe. Nothing here throws
 * anything but a QelError (carrying a diagnostic with a span) at a host, except host programming errors such as
 * registering an op twice.
 */
export { parse, defaultParseOptions, type ParseOptions } from "./parse.js";
export { format, print, type PrintOptions } from "./print.js";
export { check, defaultVariables, type CheckEnv } from "./check.js";
export type { Checked } from "./check-plan.js";
export { compile, type Compiled, type CompileEnv, type Bindings } from "./compile.js";
export { evaluate, type EvaluateOptions } from "./evaluate.js";
export { defaultLimits, type Limits, type RunOptions, type AbortSignalLike } from "./limits.js";
export { complete, type Completion, type CompletionKind } from "./complete.js";
export {
  renderDiagnostic, error, warning, QelError, InternalError,
  type Diagnostic, type DiagnosticCode, type Note, type Result, type RenderOptions,
} from "./diagnostics.js";
export { lineColAt, type Span, type LineCol } from "./source.js";
export { children, childKeys, type Expr } from "./ast.js";
export type {
  NumberLit, StringLit, BooleanLit, NullLit, DurationLit, DurationUnit, ListLit, DictEntry, DictLit, Name, Param, Lambda,
  Member, Index, Call, Unary, UnaryOp, Binary, BinaryOp, Conditional,
} from "./ast.js";
export {
  T, printType, isAssignable, union, Registry, standardRegistry, defineOp, overload, OpError,
  DateValue, DurationValue, FunctionValue, Run, User, ArtifactVersion, fromJson, kindOf,
  printValue, toJsonValue, valueEquals, compareValues, inferSchema,
  type Type, type Typed, type Value, type Dict, type OpDef, type OpSpec, type Overload, type RunSchema,
} from "@qel/ops";
