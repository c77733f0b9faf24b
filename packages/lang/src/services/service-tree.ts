/**
 * What hover, signature help and quick fixes read: the analyzed tree of the text (analyze(): the parts the parser
 * recovered from unfinished text, the types and plans of every node, also when some are errors) and the innermost
 * node at an offset.
 */
import { standardRegistry, type Type } from "@qel/ops";
import { childKeys, type Expr } from "../syntax/ast.js";
import type { Plan } from "../check/check-plan.js";
import type { CheckEnv } from "../check/check.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { analyze } from "../check/analyze.js";

export interface ServiceTree {
  readonly ast: Expr | undefined;
  readonly types: ReadonlyMap<Expr, Type>;
  readonly plans: ReadonlyMap<Expr, Plan>;
  /** Syntax errors when the text does not parse, else every check diagnostic. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The last tree per environment object: an editor asks hover, signature help and diagnostics about the same text
 * many times between edits. Keyed by the text and the registry's generation, so a registered op is seen.
 */
const last = new WeakMap<CheckEnv, { source: string; generation: number; tree: ServiceTree }>();

/** Parses and checks `source`, keeping every type and plan. Never throws. */
export function serviceTree(source: string, env: CheckEnv): ServiceTree {
  const generation = (env.registry ?? standardRegistry).version;
  const hit = last.get(env);
  if (hit !== undefined && hit.source === source && hit.generation === generation) return hit.tree;
  const tree = buildTree(source, env);
  last.set(env, { source, generation, tree });
  return tree;
}

function buildTree(source: string, env: CheckEnv): ServiceTree {
  const analysis = analyze(source, env);
  return { ast: analysis.ast, types: analysis.types, plans: analysis.plans, diagnostics: analysis.diagnostics };
}

/** The direct children of a node, through the one childKeys table. */
export function childrenOf(node: Expr): Expr[] {
  const out: Expr[] = [];
  for (const key of childKeys[node.kind] as readonly string[]) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (!Array.isArray(value)) out.push(value as Expr);
    else for (const child of value as unknown[]) out.push(node.kind === "Dict" ? (child as { value: Expr }).value : (child as Expr));
  }
  return out;
}

/**
 * The innermost node whose span holds `offset` (an end counts, so the cursor right after a name is on it), with
 * its ancestors from the root. Where two siblings touch, the later one wins.
 */
export function nodeAtOffset(root: Expr, offset: number): { node: Expr; ancestors: Expr[] } | undefined {
  const holds = (n: Expr): boolean => n.span.start <= offset && offset <= n.span.end;
  if (!holds(root)) return undefined;
  const ancestors: Expr[] = [];
  let node = root;
  for (;;) {
    let next: Expr | undefined;
    for (const child of childrenOf(node)) if (holds(child)) next = child;
    if (next === undefined) return { node, ancestors };
    ancestors.push(node);
    node = next;
  }
}
