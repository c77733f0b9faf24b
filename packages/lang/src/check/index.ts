/**
 * Check: analyze() builds the analyzed tree (a type for every node, resolved overloads with stable ids, scopes,
 * every diagnostic) from an AST and an environment (registry, variables, schema); check() is its verdict, and
 * nodeAt() finds the node under a cursor. Every later pass (compile/, services/) walks this tree.
 */
export { analyze, check, overloadId, type Analysis, type ResolvedCall, type ResolvedOverload } from "./analyze.js";
export { defaultVariables, type CheckEnv } from "./check.js";
export { nodeAt, type NodeAt } from "./node-at.js";
export { errorType, isErrorType } from "./error-type.js";
export type { Scope, ScopeEntry } from "./check-scope.js";
export type { Checked } from "./check-plan.js";
