/**
 * @qel/lang: parse, check, compile and evaluate qel expressions. Synchronous and browser-safe. Nothing here throws
 * anything but a QelError (carrying a diagnostic with a span) at a host, except host programming errors such as
 * registering an op twice.
 */
export * from "./syntax/index.js";
export * from "./check/index.js";
export * from "./compile/index.js";
export * from "./services/index.js";
export {
  T, printType, isAssignable, union, Registry, standardRegistry, createRegistry, defineOp, overload, contextual, OpError,
  DateValue, DurationValue, FunctionValue, Run, User, ArtifactVersion, fromJson, kindOf,
  printValue, toJsonValue, valueEquals, compareValues, inferSchema,
  type Type, type Typed, type Value, type Dict, type OpDef, type OpSpec, type Overload, type RunSchema, type EvalContext,
} from "@qel/ops";
export * from "./documents/index.js";
export * from "./migrations/index.js";
