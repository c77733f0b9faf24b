/**
 * What the rewrites need from the checker: every node's type and plan, also when the expression has type errors
 * (a rewrite of a panel that no longer checks still renames what it can), and the nodes with their paths from the
 * root, so an edit can be applied to an immer draft.
 */
import type { Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { visit } from "../syntax/visit.js";
import { analyze } from "../check/analyze.js";
import type { CheckEnv } from "../check/check.js";
import type { Plan } from "../check/check-plan.js";
import type { Diagnostic } from "../syntax/diagnostics.js";

/** The checker's findings about one tree. */
export interface Analysis {
  readonly ast: Expr;
  readonly types: ReadonlyMap<Expr, Type>;
  readonly plans: ReadonlyMap<Expr, Plan>;
  readonly diagnostics: readonly Diagnostic[];
}

/** The analyzed tree of `ast` (analyze()): every type and plan found, errors or not. Never throws. */
export function analyzeTree(ast: Expr, env: CheckEnv = {}): Analysis {
  const analysis = analyze(ast, env);
  return { ast, types: analysis.types, plans: analysis.plans, diagnostics: analysis.diagnostics };
}

/** A step from a node to a child: a field name, an index into a list field, or a dict entry's value. */
export type Path = readonly (string | number)[];

/** A node with its path from the root and the lambda parameters visible at it. */
export interface Located {
  readonly node: Expr;
  readonly path: Path;
  readonly bound: ReadonlySet<string>;
}

/** Every node of `root`, parents before children, with its path and the lambda parameters in scope (a `visit`). */
export function locate(root: Expr): Located[] {
  const out: Located[] = [];
  // the parameters bound at each lambda on the way down, innermost last
  const bound: ReadonlySet<string>[] = [new Set()];
  visit(root, {
    enter(node, { path }) {
      out.push({ node, path: [...path], bound: bound[bound.length - 1]! });
      if (node.kind === "Lambda") bound.push(new Set([...bound[bound.length - 1]!, ...node.params.map((p) => p.name)]));
    },
    leave(node) {
      if (node.kind === "Lambda") bound.pop();
    },
  });
  return out;
}

/** Strips `null` and list levels: the innermost type a mapped key access or op call sees. */
export function innermost(t: Type | undefined): Type | undefined {
  let u = t;
  for (;;) {
    if (u === undefined) return undefined;
    if (u.kind === "union") {
      const members = u.members.filter((m) => m.kind !== "null");
      if (members.length !== 1) return u;
      u = members[0];
      continue;
    }
    if (u.kind === "list") {
      u = u.element;
      continue;
    }
    return u;
  }
}
