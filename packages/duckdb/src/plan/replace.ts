/**
 * The residual expression: the checked tree with each pushed subtree replaced by a variable that holds its
 * query's result. Replacement names keep the replaced node's span, so a diagnostic from the residual points at
 * the text the user wrote.
 */
import { BREAK, visit, type Expr } from "@qel/lang";

/** `node` with each subtree that `names` maps (by identity) replaced by a name; unchanged subtrees are shared. */
export function replaceNodes(node: Expr, names: ReadonlyMap<Expr, string>): Expr {
  return visit(node, {
    enter: (n) => {
      const name = names.get(n);
      return name === undefined ? undefined : { kind: "Name", name, span: n.span };
    },
  });
}

/** Whether `e` reads the project's runs: a free `runs`, not a lambda parameter of that name. */
export function mentionsRuns(e: Expr): boolean {
  let found = false;
  visit(e, {
    enter: (n) => {
      if (n.kind === "Lambda" && n.params.some((p) => p.name === "runs")) return false;
      if (n.kind === "Name" && n.name === "runs") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
