/**
 * analyze(): the analyzed tree every later pass walks (the closure compiler, completion, hover, signature help).
 * It never throws and always returns a tree: syntax errors leave the recovered parts (parse.ts `parseTree`), a
 * node whose checking failed gets the error type, and every diagnostic (syntax, type, warning) is collected.
 * check() is its diagnostics and root type.
 */
import { acceptsArity, printSignature, Registry, standardRegistry, T, type OpDef, type Overload, type RunSchema, type Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { error, type Diagnostic, type Result } from "../syntax/diagnostics.js";
import { parseTree, type ParseOptions } from "../syntax/parse.js";
import { missingExpr } from "../syntax/syntax-nodes.js";
import { astProblem } from "../syntax/ast-check.js";
import { describeGiven as describeValue } from "@qel/ops";
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
 * An `env` that is not one (see `readEnv`) is its one diagnostic, `invalid_argument` or `invalid_option`, and
 * nothing is parsed or checked: the tree is the given AST, or a missing-expression placeholder for text. So is a
 * given AST whose nodes are not those of ast.ts (`invalid_argument` naming the first bad field, ast-check.ts).
 */
export function analyze(source: string | Expr, env: CheckEnv = {}): Analysis {
  const read = readEnv(env);
  if (!read.ok) return refusedAnalysis(source, read.diagnostic);
  const { registry, variables, schema, exactSchema } = read.env;
  let ast: Expr;
  let syntax: readonly Diagnostic[] = [];
  if (typeof source === "string" || typeof source !== "object" || source === null) {
    const parsed = parseTree(source as string, read.env.parse);
    ast = parsed.ast;
    syntax = parsed.diagnostics;
  } else {
    // a host's tree is read once here, so no pass meets a field of the wrong type (ast-check.ts)
    const bad = astProblem(source);
    if (bad !== undefined) return refusedAnalysis(missingExpr(0), bad);
    ast = source;
  }
  const shared: Shared = { registry, schema, exactSchema, probes: new Map(), opValues: new Map() };
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
  return createAnalysis(typeof source === "string" ? source : undefined, ast, type, diagnostics, checker, Object.keys(variables), registry, schema);
}

/** The analysis of an expression whose environment was refused: `diagnostic` alone, every node the error type. */
function refusedAnalysis(source: string | Expr, diagnostic: Diagnostic): Analysis {
  const text = typeof source === "string" ? source : undefined;
  const ast = typeof source === "object" && source !== null && astProblem(source) === undefined ? source : missingExpr(0);
  const checker = new Checker({ registry: standardRegistry, schema: undefined, exactSchema: false, probes: new Map(), opValues: new Map() });
  return createAnalysis(text, ast, errorType, [diagnostic], checker, [], standardRegistry, undefined);
}

/** A CheckEnv read once, with its defaults filled in. */
interface ReadEnv {
  readonly registry: Registry;
  readonly variables: Readonly<Record<string, Type>>;
  readonly schema: RunSchema | undefined;
  readonly exactSchema: boolean;
  readonly parse: ParseOptions | undefined;
}

const atStart = { start: 0, end: 0 };

/**
 * `env` read once, or the diagnostic refusing it: `invalid_argument` unless it is an object whose `registry` is a
 * Registry, `variables` an object of types and `schema` a RunSchema, each one absent (undefined) or valid;
 * `invalid_option` for `parse` options that are not an object (parse.ts checks their values). Other keys are left
 * for the caller (CompileEnv's `cache`, a document's options). Never throws: a getter that throws is a diagnostic.
 */
function readEnv(env: unknown): { ok: true; env: ReadEnv } | { ok: false; diagnostic: Diagnostic } {
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    return refuse("invalid_argument", `the environment must be an object, got ${describeValue(env)}`);
  }
  try {
    const { registry, variables, schema, exactSchema, parse } = env as CheckEnv;
    if (registry !== undefined && !(registry instanceof Registry)) {
      return refuse("invalid_argument", `the environment's \`registry\` must be a Registry (such as standardRegistry), got ${describeValue(registry)}`);
    }
    const badVariables = variables === undefined ? undefined : variablesProblem(variables);
    if (badVariables !== undefined) return refuse("invalid_argument", badVariables);
    if (schema !== undefined && !isSchemaLike(schema)) {
      return refuse("invalid_argument", `the environment's \`schema\` must be a RunSchema (its config, summary and history key types), got ${describeValue(schema)}`);
    }
    if (exactSchema !== undefined && typeof exactSchema !== "boolean") {
      return refuse("invalid_option", `the environment's \`exactSchema\` must be true or false, got ${describeValue(exactSchema)}`);
    }
    if (parse !== undefined && (typeof parse !== "object" || parse === null)) {
      return refuse("invalid_option", `the environment's \`parse\` options must be an object, got ${describeValue(parse)}`);
    }
    return { ok: true, env: { registry: registry ?? standardRegistry, variables: variables ?? defaultVariables, schema, exactSchema: exactSchema === true, parse } };
  } catch (e) {
    return refuse("invalid_argument", `the environment could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function refuse(code: "invalid_argument" | "invalid_option", message: string): { ok: false; diagnostic: Diagnostic } {
  return { ok: false, diagnostic: error(code, message, atStart) };
}

/** Why `variables` is not an object of types naming each host variable's type, or undefined when it is. */
function variablesProblem(variables: unknown): string | undefined {
  if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
    return `the environment's \`variables\` must be an object of types, got ${describeValue(variables)}`;
  }
  for (const [name, type] of Object.entries(variables)) {
    if (!isType(type, new Set())) {
      return `the environment's variable \`${name}\` must have a type (such as T.Number or T.List(T.Run)), got ${describeValue(type)}`;
    }
  }
  return undefined;
}

/** Whether `s` has the three parts of a RunSchema; they are not read, as a lazily inferred schema computes them. */
function isSchemaLike(s: unknown): boolean {
  return typeof s === "object" && s !== null && "config" in s && "summary" in s && "history" in s;
}

const typeKinds: ReadonlySet<string> = new Set<Type["kind"]>([
  "number", "string", "boolean", "null", "date", "duration", "any", "never", "run", "artifactVersion", "user",
  "list", "dict", "union", "function", "var",
]);

/**
 * Whether `t` is a Type as the `T` constructors build them, all the way down. `path` holds the types being
 * checked around `t`, so a type that contains itself, which the checker would walk forever, is refused.
 */
function isType(t: unknown, path: Set<object>): boolean {
  if (typeof t !== "object" || t === null || path.has(t)) return false;
  const kind: unknown = (t as { kind?: unknown }).kind;
  if (typeof kind !== "string" || !typeKinds.has(kind)) return false;
  path.add(t);
  const ok = partsAreTypes(t as Type, path);
  path.delete(t);
  return ok;
}

function partsAreTypes(t: Type, path: Set<object>): boolean {
  const all = (xs: unknown): boolean => Array.isArray(xs) && xs.every((x) => isType(x, path));
  switch (t.kind) {
    case "list":
      return isType(t.element, path) && (t.groupKey === undefined || isType(t.groupKey, path));
    case "dict":
      return isType(t.value, path) && (t.fields === undefined || (t.fields instanceof Map && all([...t.fields.values()])));
    case "union":
      return all(t.members);
    case "function":
      return all(t.params) && isType(t.result, path);
    case "var":
      return typeof t.name === "string";
    default:
      return true;
  }
}

/** A short description of a wrong argument for a message: `null`, `5`, `"x"`, `an array`, `a plain object`. */

/** The diagnostic of a checker that threw: nesting where the call stack ran out, else a bug. */
function checkFailure(e: unknown, ast: Expr): Diagnostic {
  // only the call stack running out is nesting; any other RangeError (a length, a size) is a bug to report
  return e instanceof RangeError && e.message.includes("call stack")
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
