import { assertNever, type Expr } from "./ast.js";

/**
 * A compact, span-free s-expression of the AST, for tests and debugging: `(+ a (* b c))`, `(call (. runs map) f)`,
 * `(=> (r) body)`, `(? test then else)`, `(list 1 2)`, `(dict "k" v)`, `([] obj index)`; strings are JSON, numbers
 * their shortest form (`-0` kept), durations `5m`. Two ASTs print the same exactly when they are equal up to spans.
 */
export function toSExpr(node: Expr): string {
  switch (node.kind) {
    case "Number":
      return num(node.value);
    case "String":
      return JSON.stringify(node.value);
    case "Boolean":
      return String(node.value);
    case "Null":
      return "null";
    case "Duration":
      return `${num(node.amount)}${node.unit}`;
    case "Name":
      return node.name;
    case "List":
      return list("list", node.items.map(toSExpr));
    case "Dict":
      return list("dict", node.entries.flatMap((e) => [JSON.stringify(e.key), toSExpr(e.value)]));
    case "Lambda":
      return list("=>", [`(${node.params.map((p) => p.name).join(" ")})`, toSExpr(node.body)]);
    case "Member":
      return list(".", [toSExpr(node.object), node.name]);
    case "Index":
      return list("[]", [toSExpr(node.object), toSExpr(node.index)]);
    case "Call":
      return list("call", [toSExpr(node.callee), ...node.args.map(toSExpr)]);
    case "Unary":
      return list(node.op, [toSExpr(node.operand)]);
    case "Binary":
      return list(node.op, [toSExpr(node.left), toSExpr(node.right)]);
    case "Conditional":
      return list("?", [toSExpr(node.test), toSExpr(node.consequent), toSExpr(node.alternate)]);
    default:
      return assertNever(node);
  }
}

function num(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value);
}

function list(head: string, items: readonly string[]): string {
  return `(${[head, ...items].join(" ")})`;
}
