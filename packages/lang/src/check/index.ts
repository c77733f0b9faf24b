/**
 * Check: the AST against an environment (registry, variables, schema). Resolves every name, member and call
 * statically and collects every diagnostic; its plans drive the closure compiler.
 */
export { check, defaultVariables, type CheckEnv } from "./check.js";
export type { Checked } from "./check-plan.js";
