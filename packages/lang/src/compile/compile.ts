/**
 * compile(): analyze once (check/analyze.ts), then build the closure tree from the analyzed tree's plans; `run` evaluates it over bindings under the
 * limits of limits.ts. Compiled expressions are cached by (source text, environment object), so saved panels that
 * re-evaluate the same strings pay for compiling once.
 */
import { Registry, standardRegistry, type Type, type Value } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { analyze } from "../check/analyze.js";
import type { CheckEnv } from "../check/check.js";
import { checkBindings, readBinding, type Bindings } from "./compile-bindings.js";
import { Compiler } from "./compile-nodes.js";
import { Ctx, type Code, type Frame } from "./compile-runtime.js";
import { endedWith, fail } from "./compile-failures.js";
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

/** A cached compile, with the registry it resolved its ops against and that registry's version then. */
interface Cached {
  readonly registry: unknown;
  readonly compiled: Compiled;
  readonly version: number;
}

const defaultCache = new Map<string, Cached>();
const envCaches = new WeakMap<object, Map<string, Cached>>();

function cacheFor(env: CompileEnv | undefined, useCache: boolean): Map<string, Cached> | undefined {
  if (env === undefined) return defaultCache;
  if (!useCache) return undefined;
  let m = envCaches.get(env);
  if (m === undefined) envCaches.set(env, (m = new Map<string, Cached>()));
  return m;
}

/**
 * Parses, checks and compiles an expression. Throws a QelError holding every diagnostic when the expression does
 * not parse or check, and one `invalid_argument` or `invalid_option` QelError naming the argument when `source`
 * is not an expression or `env` not an environment (analyze() says what one is); never anything else. Text
 * sources are cached per environment object (pass the same `env` to share the cache).
 */
export function compile(source: string | Expr, env?: CompileEnv): Compiled {
  const read = typeof source !== "string" || env !== undefined ? readArguments(source, env) : DEFAULT_ARGUMENTS;
  const cache = typeof source === "string" ? cacheFor(env, read.cache) : undefined;
  // an op registered since (`Registry.register`) may change what the text means; a registry that is not one gets
  // NaN, which no cached version equals, so analyze() below refuses it (a refused compile is never cached)
  const version = read.registry === undefined ? standardRegistry.version : read.registry instanceof Registry ? read.registry.version : NaN;
  if (cache !== undefined && typeof source === "string") {
    const hit = cache.get(source);
    // the same registry as then (an env's registry may be swapped for another), with no op registered since
    if (hit !== undefined && hit.registry === read.registry && hit.version === version) return hit.compiled;
  }
  const compiled = build(source, env ?? {});
  if (cache !== undefined && typeof source === "string") {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, { compiled, registry: read.registry, version });
  }
  return compiled;
}

/** What `compile` reads of its environment itself; analyze() reads and checks the rest. */
interface CompileArguments {
  readonly registry: unknown;
  readonly cache: boolean;
}

const DEFAULT_ARGUMENTS: CompileArguments = Object.freeze({ registry: undefined, cache: true });

/**
 * `env`'s registry and `cache` option, read once. Throws a QelError unless `source` is an expression (text or a
 * parsed one) and `env`, if given, an object that can be read whose `cache` is absent or a boolean.
 */
function readArguments(source: unknown, env: unknown): CompileArguments {
  // a given tree's nodes are checked by analyze() (ast-check.ts), naming the first bad field
  if (typeof source !== "string" && (typeof source !== "object" || source === null)) {
    throw refused("invalid_argument", "the expression must be a string or a parsed expression");
  }
  if (env === undefined) return DEFAULT_ARGUMENTS;
  if (typeof env !== "object" || env === null || Array.isArray(env)) throw refused("invalid_argument", "the environment must be an object");
  let registry: unknown, cache: unknown;
  try {
    ({ registry, cache } = env as CompileEnv);
  } catch (e) {
    throw refused("invalid_argument", `the environment could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (cache !== undefined && typeof cache !== "boolean") {
    throw refused("invalid_option", `the environment's \`cache\` option must be true or false, got ${typeof cache === "number" ? String(cache) : cache === null ? "null" : `a ${typeof cache}`}`);
  }
  return { registry, cache: cache !== false };
}

function refused(code: "invalid_argument" | "invalid_option", message: string): QelError {
  return new QelError(error(code, message, { start: 0, end: 0 }));
}

function build(source: string | Expr, env: CompileEnv): Compiled {
  const c = analyze(source, env);
  if (!c.ok) {
    const errors = c.diagnostics.filter((d) => d.severity === "error");
    // marked as evaluation's errors are (see run): compiled inside a host op, it is reported at that op's call
    throw endedWith(new QelError(errors[0] ?? c.diagnostics[0]!, c.diagnostics));
  }
  const compiler = new Compiler(c);
  let code: Code;
  try {
    code = compiler.compile(c.ast);
  } catch (e) {
    throw endedWith(fail(e, c.ast.span, "compile"));
  }
  // the types the host declared (analyze() has checked them): a bound value is held to its variable's type
  const declared = env.variables;
  const used = [...compiler.used].map(([index, span]) => {
    const name = c.variables[index - 1]!;
    return { index, span, name, type: declared !== undefined && Object.hasOwn(declared, name) ? declared[name] : undefined };
  });
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
          const { index, span: at, name, type } = used[i]!;
          try {
            frame[index] = readBinding(bindings, name, cx, at, type);
          } catch (e) {
            throw fail(e, at, `binding ${name}`);
          }
        }
        return code(frame, cx);
      } catch (e) {
        // marked, so that an evaluation a host op ran reports its error at that op's call (see fail)
        throw endedWith(fail(e, span, "evaluation"));
      } finally {
        cx.end();
      }
    },
  });
}
