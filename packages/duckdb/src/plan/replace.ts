/**
 * The residual expression: the checked tree with each pushed subtree replaced by a variable that holds its
 * query's result. Replacement names keep the replaced node's span, so a diagnostic from the residual points at
 * the text the user wrote.
 */
import type { Expr } from "@qel/lang";

export function replaceNodes(node: Expr, names: ReadonlyMap<Expr, string>): Expr {
  const name = names.get(node);
  if (name !== undefined) return { kind: "Name", name, span: node.span };
  const r = (e: Expr): Expr => replaceNodes(e, names);
  switch (node.kind) {
    case "List":
      return { ...node, items: node.items.map(r) };
    case "Dict":
      return { ...node, entries: node.entries.map((e) => ({ ...e, value: r(e.value) })) };
    case "Lambda":
      return { ...node, body: r(node.body) };
    case "Member":
      return { ...node, object: r(node.object) };
    case "Index":
      return { ...node, object: r(node.object), index: r(node.index) };
    case "Call":
      return { ...node, callee: r(node.callee), args: node.args.map(r) };
    case "Unary":
      return { ...node, operand: r(node.operand) };
    case "Binary":
      return { ...node, left: r(node.left), right: r(node.right) };
    case "Conditional":
      return { ...node, test: r(node.test), consequent: r(node.consequent), alternate: r(node.alternate) };
    default:
      return node;
  }
}
