/**
 * compile(): analyze once (check/analyze.ts), then build the closure tree from the analyzed tree's plans; `run` evaluates it over bindings under the
 * limits of limits.ts. Compiled expressions are cached by (source text, environment object), so saved panels that
 * re-evaluate the same strings pay for compiling once.
 */
import { standardRegistry, type Type, type Value } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { analyze } from "../check/analyze.js";
import type { CheckEnv } from "../check/check.js";
import { checkBindings, readBinding, type Bindings } from "./compile-bindings.js";
import { Compiler } from "./compile-nodes.js";
import { Ctx, type Code, type Frame } from "./compile-runtime.js";
import { fail } from "./compile-failures.js";
import { error, QelError, type Diagnostic } from "../syntax/diagnostics.js";
import { resolveRunOptions, type RunOptions } from "./limits.js";

export type { Bindings } from "./compile-bindings.js";

/** CheckEnv plus `cache: false` to bypass the compile cache. */
export interface CompileEnv extends CheckEnv {
  readonly cache?: boolean;
}

/** A checked, compiled expression. Immutable; `run` may be called any number of times, also re-entrantly. */
export interface Compiled {
  readonly source: string;
  readonly ast: Expr;
  readonly type: Type;
  readonly warnings: readonly Diagnostic[];
  /**
   * Evaluates over `bindings` (Run instances or plain canonical runs for `runs`; plain JSON-like data for other
   * variables). Throws a QelError carrying a diagnostic on any failure, a limit included; never anything else.
   */
  run(bindings?: Bindings, options?: RunOptions): Value;
}

const CACHE_SIZE = 500;

const NO_BINDINGS: Bindings = Object.freeze({});

/** A cached compile, with the version of the registry it resolved its ops against. */
interface Cached {
  readonly compiled: Compiled;
  readonly version: number;
}

const defaultCache = new Map<string, Cached>();
const envCaches = new WeakMap<object, Map<string, Cached>>();

function cacheFor(env: CompileEnv | undefined): Map<string, Cached> | undefined {
  if (env === undefined) return defaultCache;
  if (env.cache === false) return undefined;
  let m = envCaches.get(env);
  if (m === undefined) envCaches.set(env, (m = new Map<string, Cached>()));
  return m;
}

/**
 * Parses, checks and compiles an expression. Throws a QelError holding every diagnostic when the expression does
 * not parse or check. Text sources are cached per environment object (pass the same `env` to share the cache).
 */
export function compile(source: string | Expr, env?: CompileEnv): Compiled {
  if (typeof source !== "string" || env !== undefined) checkArguments(source, env);
  const cache = typeof source === "string" ? cacheFor(env) : undefined;
  // an op registered since (`Registry.register`) may change what the text means
  const version = (env?.registry ?? standardRegistry).version;
  if (cache !== undefined && typeof source === "string") {
    const hit = cache.get(source);
    if (hit !== undefined && hit.version === version) return hit.compiled;
  }
  const compiled = build(source, env ?? {});
  if (cache !== undefined && typeof source === "string") {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, { compiled, version });
  }
  return compiled;
}

/** Throws unless `compile`'s arguments are an expression (text or a parsed one) and, if given, an environment object. */
function checkArguments(source: unknown, env: unknown): void {
  if (typeof source !== "string" && (typeof source !== "object" || source === null || typeof (source as { kind?: unknown }).kind !== "string")) {
    throw new QelError(error("invalid_argument", "the expression must be a string or a parsed expression", { start: 0, end: 0 }));
  }
  if (env !== undefined && (typeof env !== "object" || env === null)) {
    throw new QelError(error("invalid_argument", "the environment must be an object", { start: 0, end: 0 }));
  }
}

function build(source: string | Expr, env: CompileEnv): Compiled {
  const c = analyze(source, env);
  if (!c.ok) {
    const errors = c.diagnostics.filter((d) => d.severity === "error");
    throw new QelError(errors[0] ?? c.diagnostics[0]!, c.diagnostics);
  }
  const compiler = new Compiler(c);
  let code: Code;
  try {
    code = compiler.compile(c.ast);
  } catch (e) {
    throw fail(e, c.ast.span, "compile");
  }
  const used = [...compiler.used].map(([index, span]) => ({ index, span, name: c.variables[index - 1]! }));
  const slots = c.variables.length + 1;
  const text = typeof source === "string" ? source : "";
  const span = c.ast.span;
  // the context evaluations reuse while they do not overlap (see Ctx)
  const idle = new Ctx();
  return Object.freeze({
    source: text,
    ast: c.ast,
    type: c.type,
    warnings: c.warnings,
    run(bindings: Bindings = NO_BINDINGS, options?: RunOptions): Value {
      const opts = resolveRunOptions(options);
      checkBindings(bindings);
      const frame: Frame = new Array<unknown>(slots).fill(null);
      const cx = idle.busy ? new Ctx() : idle;
      try {
        // the limits start before the bindings are read: converting a host's data counts toward the time limit
        cx.begin(opts);
        for (let i = 0; i < used.length; i++) {
          const { index, span: at, name } = used[i]!;
          try {
            frame[index] = readBinding(bindings, name, cx, at);
          } catch (e) {
            throw fail(e, at, `binding ${name}`);
          }
        }
        return code(frame, cx);
      } catch (e) {
        throw fail(e, span, "evaluation");
      } finally {
        cx.end();
      }
    },
  });
}
