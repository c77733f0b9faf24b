/**
 * analyze(): the analyzed tree every later pass walks (the closure compiler, completion, hover, signature help).
 * It never throws and always returns a tree: syntax errors leave the recovered parts (parse.ts `parseTree`), a
 * node whose checking failed gets the error type, and every diagnostic (syntax, type, warning) is collected.
 * check() is its diagnostics and root type.
 */
import { acceptsArity, printSignature, standardRegistry, T, type OpDef, type Overload, type Registry, type RunSchema, type Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { error, type Diagnostic, type Result } from "../syntax/diagnostics.js";
import { parseTree } from "../syntax/parse.js";
import { Checker, defaultVariables, type CheckEnv, type Shared } from "./check.js";
import type { Checked, OpCallPlan, Plan } from "./check-plan.js";
import { Scope, type ScopeEntry } from "./check-scope.js";
import { errorType } from "./error-type.js";
import { withStumbleHints } from "./stumbles.js";

/** One overload a call resolved to. */
export interface ResolvedOverload {
  /** Stable across releases while the signature stays: the op's name and parameter types, `map(list<T>, (T) => U)`. */
  readonly id: string;
  /** The position of the overload in the op's declaration. */
  readonly index: number;
  readonly overload: Overload;
}

/** What a call (`f(x)`, `x.f(y)`, `x.f`, an operator, an op passed as a function) resolved to. */
export interface ResolvedCall {
  readonly op: OpDef;
  /** The name as written (`+`, `runtime`). */
  readonly name: string;
  /**
   * The overloads it may run: exactly one when the argument types are known, several when some argument is `any`
   * and the run-time kind decides.
   */
  readonly overloads: readonly ResolvedOverload[];
  /** List levels the first argument is mapped over (docs/language.md, "Lists map ops over themselves"). */
  readonly mapDepth: number;
}

/** The analyzed tree. Also a `Checked` (when `ok`), so `compile()` consumes it directly. */
export interface Analysis extends Checked {
  /** The source text, or undefined when an AST was analyzed. */
  readonly source: string | undefined;
  /** Every diagnostic, syntax errors first, each group in source order. */
  readonly diagnostics: readonly Diagnostic[];
  /** No diagnostic is an error: the expression can be compiled. */
  readonly ok: boolean;
  /** The scope each node was checked in. */
  readonly scopes: ReadonlyMap<Expr, Scope>;
  /** The type of any node of `ast`: the error type for a node that could not be typed. */
  typeOf(node: Expr): Type;
  /** The names visible at a node, innermost first. */
  namesAt(node: Expr): readonly ScopeEntry[];
  /** The resolved op of a call-like node (Call, Member read as an op, Unary, Binary, Index, an op passed as a value). */
  callOf(node: Expr): ResolvedCall | undefined;
}

/** The stable id of an overload: its signature's types without the result, `round(number, number?)`. */
export function overloadId(op: OpDef, overload: Overload): string {
  const signature = printSignature(op, overload, { paramNames: false });
  return signature.slice(0, signature.lastIndexOf(" → "));
}

/** The op call a plan runs, for a call, an op passed as a function, or a member decided at run time. */
function opCallOf(plan: Plan | undefined): Omit<OpCallPlan, "args"> | undefined {
  switch (plan?.kind) {
    case "op":
      return plan;
    case "opValue":
      return plan.call;
    case "dynamicMember":
      return plan.op;
    default:
      return undefined;
  }
}

function callOfPlan(plan: Plan | undefined): ResolvedCall | undefined {
  const call = opCallOf(plan);
  if (call === undefined) return undefined;
  return {
    op: call.op,
    name: call.name,
    overloads: call.candidates.map((k) => ({ id: overloadId(call.op, k.overload), index: k.index, overload: k.overload })),
    mapDepth: call.mapDepth,
  };
}

/**
 * Parses (when given text) and checks an expression against `env`. Never throws; always returns the analyzed tree,
 * also for text with syntax errors (`runs.filter(r => r.con` gives the call, the lambda and the member, typed).
 */
export function analyze(source: string | Expr, env: CheckEnv = {}): Analysis {
  const registry = env.registry ?? standardRegistry;
  const variables = env.variables ?? defaultVariables;
  let ast: Expr;
  let syntax: readonly Diagnostic[] = [];
  if (typeof source === "string" || typeof source !== "object" || source === null) {
    const parsed = parseTree(source as string, env.parse);
    ast = parsed.ast;
    syntax = parsed.diagnostics;
  } else {
    ast = source;
  }
  const shared: Shared = { registry, schema: env.schema, probes: new Map(), opValues: new Map() };
  const checker = new Checker(shared);
  let type: Type = errorType;
  let failure: Diagnostic | undefined;
  try {
    type = checker.visit(ast, Scope.root(variables));
  } catch (e) {
    failure = checkFailure(e, ast);
  }
  // without a diagnostic there is nothing to hint at (and the hints' code is never loaded by the engine)
  const checked = checker.diagnostics.length === 0 ? checker.diagnostics : withStumbleHints(checker.diagnostics, ast, checker.types, (name) => isRunField(registry, name));
  const diagnostics = failure !== undefined ? [...syntax, failure] : syntax.length > 0 ? [...syntax, ...checked] : checked;
  return createAnalysis(typeof source === "string" ? source : undefined, ast, type, diagnostics, checker, Object.keys(variables), registry, env.schema);
}

/** The diagnostic of a checker that threw: nesting where the call stack ran out, else a bug. */
function checkFailure(e: unknown, ast: Expr): Diagnostic {
  // only the call stack running out is nesting; any other RangeError (a length, a size) is a bug to report
  return e instanceof RangeError && /call stack/i.test(e.message)
    ? error("nesting_too_deep", "the expression is nested too deeply to check", ast.span)
    : error("internal_error", `internal error while checking: ${e instanceof Error ? e.message : String(e)}`, ast.span);
}

/** Whether `.name` on a run reads one of its fields (an op taking the run alone). */
function isRunField(registry: Registry, name: string): boolean {
  const op = registry.lookup(name);
  return op !== undefined && acceptsArity(op, 1) && registry.opsFor(T.Run).includes(op);
}

function createAnalysis(
  source: string | undefined, ast: Expr, type: Type, diagnostics: readonly Diagnostic[], checker: Checker,
  variables: readonly string[], registry: Registry, schema: RunSchema | undefined,
): Analysis {
  const ok = !diagnostics.some((d) => d.severity === "error");
  const { types, plans, scopes } = checker;
  return {
    source, ast, type, diagnostics, ok, types, plans, scopes, variables, registry, schema,
    warnings: diagnostics.filter((d) => d.severity === "warning"),
    typeOf: (node) => types.get(node) ?? errorType,
    namesAt: (node) => scopes.get(node)?.entries() ?? [],
    callOf: (node) => callOfPlan(plans.get(node)),
  };
}

/**
 * Type-checks an expression (parsing it first when given text): analyze()'s diagnostics and root type. Never
 * throws. `{ ok: true, value }` when no diagnostic is an error (then `value.warnings` holds the warnings and
 * `diagnostics` repeats them); else `{ ok: false, diagnostics }` with every diagnostic.
 */
export function check(source: string | Expr, env: CheckEnv = {}): Result<Checked> {
  const analysis = analyze(source, env);
  if (!analysis.ok) return { ok: false, diagnostics: analysis.diagnostics };
  return { ok: true, value: analysis, diagnostics: analysis.diagnostics };
}
