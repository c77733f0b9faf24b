/**
 * @qel/lang: parse, check, compile and evaluate qel expressions. Synchronous and browser-safe. Nothing here throws
 * anything but a QelError (carrying a diagnostic with a span) at a host.
 */
export * from "./syntax/index.js";
export * from "./check/index.js";
export * from "./compile/index.js";
export * from "./services/index.js";
export {
  T, printType, isAssignable, union, Registry, standardRegistry, overload, contextual, OpError,
  DateValue, DurationValue, FunctionValue, Run, User, ArtifactVersion, fromJson, kindOf,
  printValue, toJsonValue, valueEquals, compareValues,
  type Type, type Typed, type Value, type Dict, type OpDef, type OpSpec, type Overload, type RunSchema, type EvalContext,
} from "@qel/ops";
// wrapped so that their OpErrors reach a host as QelErrors (compile/host-registry.ts)
export { createRegistry, defineOp, inferSchema } from "./compile/host-registry.js";
export * from "./documents/index.js";
export * from "./migrations/index.js";
