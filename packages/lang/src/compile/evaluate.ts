/** evaluate(): compile (cached) and run in one call, for hosts that do not keep the compiled form. */
import { T, type Type, type Value } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { compile, type Bindings, type CompileEnv } from "./compile.js";
import { bindingNames } from "./compile-bindings.js";
import { error, QelError } from "../syntax/diagnostics.js";
import type { RunOptions } from "./limits.js";

/** RunOptions plus the environment to check against (default: `runs: list<Run>` and every other binding as `any`). */
export interface EvaluateOptions extends RunOptions {
  readonly env?: CompileEnv;
}

const envs = new Map<string, CompileEnv>();

/** One environment object per set of binding names, so the compile cache is shared between calls. */
function envFor(bindings: Bindings): CompileEnv {
  const names = bindingNames(bindings).filter((k) => k !== "runs").sort();
  // JSON, not a separator: a binding's name may hold any character, a separator included
  const key = JSON.stringify(names);
  let env = envs.get(key);
  if (env === undefined) {
    const variables: Record<string, Type> = { runs: T.List(T.Run) };
    for (const n of names) variables[n] = T.Any;
    env = Object.freeze({ variables: Object.freeze(variables) });
    if (envs.size > 100) envs.clear();
    envs.set(key, env);
  }
  return env;
}

/**
 * Parses, checks, compiles and runs an expression over `bindings`. Synchronous. Throws a QelError (with every
 * diagnostic for check failures, or the one runtime diagnostic) and never anything else.
 */
export function evaluate(source: string | Expr, bindings: Bindings = {}, options: EvaluateOptions = {}): Value {
  if (typeof options !== "object" || options === null) {
    throw new QelError(error("invalid_option", "evaluation options must be an object", { start: 0, end: 0 }));
  }
  let env: CompileEnv | undefined;
  let run: RunOptions;
  try {
    ({ env, ...run } = options);
  } catch (e) {
    throw new QelError(error("invalid_option", `evaluation options could not be read (${e instanceof Error ? e.message : String(e)})`, { start: 0, end: 0 }));
  }
  return compile(source, env ?? envFor(bindings)).run(bindings, run);
}
