/**
 * Compile: passes over the checked tree that build closures (compile-*.ts), run them under the budgets of
 * limits.ts, and the one-shot evaluate().
 */
export { compile, type Compiled, type CompileEnv, type Bindings } from "./compile.js";
export { evaluate, type EvaluateOptions } from "./evaluate.js";
export { defaultLimits, type Limits, type RunOptions, type AbortSignalLike } from "./limits.js";
export { loadRuns, toJson, type LoadRunsOptions, type ToJsonOptions } from "./host-data.js";
export { streamProgram, plansAgree, portableRunOptions, type StreamProgram, type StreamFold, type StreamReplay, type StreamPartial } from "./stream.js";
