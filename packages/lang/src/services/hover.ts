/**
 * hover(src, offset, env): what the innermost node at the offset is. Its type always; for an op (a call, a
 * property-style call, an operator, an op passed as a function) also its signature as resolved there and its
 * one-line doc. Works on text with type errors; on text that does not parse it still describes an op name.
 */
import { printType, standardRegistry, type OpDef } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import type { CheckEnv } from "../check/check.js";
import { opValueType } from "../check/check-value.js";
import type { OpCallPlan } from "../check/check-plan.js";
import { lexer } from "../syntax/lexer.js";
import { nodeAtOffset, serviceTree, type ServiceTree } from "./service-tree.js";
import { signatureLabel, summaryOf } from "./signature.js";

/** What `hover` shows: the range it describes, its type, and for an op the signature and doc. */
export interface HoverInfo {
  readonly from: number;
  readonly to: number;
  readonly type: string;
  readonly doc?: string;
  /** The op's signature as resolved at this place, e.g. `filter(list: list<Run>, pred: (Run) => boolean) → list<Run>`. */
  readonly op?: string;
}

function opInfo(from: number, to: number, type: string, op: OpDef, plan: Pick<OpCallPlan, "candidates"> | undefined): HoverInfo {
  const k = plan?.candidates.length === 1 ? plan.candidates[0] : undefined;
  const label = k !== undefined ? signatureLabel(op, k.overload, k) : signatureLabel(op, op.overloads[0]!);
  const more = k === undefined && op.overloads.length > 1 ? ` (+${op.overloads.length - 1} overloads)` : "";
  return { from, to, type, op: `${label.label}${more}`, doc: summaryOf(op) };
}

/** The span of the name a node is written with, when it is a name or member. */
function nameRange(node: Expr): { from: number; to: number } | undefined {
  if (node.kind === "Name") return { from: node.span.start, to: node.span.end };
  if (node.kind === "Member") return { from: node.nameSpan.start, to: node.nameSpan.end };
  return undefined;
}

function describe(tree: ServiceTree, source: string, node: Expr, parent: Expr | undefined, offset: number): HoverInfo {
  const typeOf = (e: Expr): string => {
    const t = tree.types.get(e);
    return t === undefined ? "unknown" : printType(t);
  };
  if (node.kind === "Lambda") {
    const i = node.params.findIndex((p) => p.span.start <= offset && offset <= p.span.end);
    const fn = tree.types.get(node);
    if (i >= 0) {
      const t = fn?.kind === "function" ? fn.params[i] : undefined;
      return { from: node.params[i]!.span.start, to: node.params[i]!.span.end, type: t !== undefined ? printType(t) : "unknown" };
    }
  }
  // the callee of `f(x)` or `x.f(y)`: the call's op
  if (parent?.kind === "Call" && parent.callee === node && (node.kind === "Name" || node.kind === "Member")) {
    const plan = tree.plans.get(parent);
    if (plan?.kind === "op") return opInfo(nameRange(node)!.from, nameRange(node)!.to, typeOf(parent), plan.op, plan);
  }
  const plan = tree.plans.get(node);
  const range = nameRange(node) ?? { from: node.span.start, to: node.span.end };
  if (plan?.kind === "op") {
    if (node.kind === "Binary" || node.kind === "Unary" || node.kind === "Index") {
      const operator = operatorRange(source, node);
      // on a bracket around the operation rather than on its operator: the operation's value
      if (offset < operator.from || offset > operator.to) return { from: node.span.start, to: node.span.end, type: typeOf(node) };
      return opInfo(operator.from, operator.to, typeOf(node), plan.op, plan);
    }
    return opInfo(range.from, range.to, typeOf(node), plan.op, plan);
  }
  if (plan?.kind === "opValue") return opInfo(range.from, range.to, typeOf(node), plan.op, plan.call);
  return { ...range, type: typeOf(node) };
}

/** Where an operator is written: between a binary node's operands, or before a unary one's operand. */
function operatorRange(source: string, node: Expr): { from: number; to: number } {
  if (node.kind === "Binary") {
    const between = source.slice(node.left.span.end, node.right.span.start);
    const start = node.left.span.end + (between.length - between.trimStart().length);
    const text = between.trim().replace(/\(+$/, "").trim();
    return { from: start, to: start + text.length };
  }
  if (node.kind === "Unary") return { from: node.span.start, to: node.operand.span.start };
  return { from: node.span.start, to: node.span.end };
}

/** Without a tree: the op named by the identifier at the offset, if any. */
function fromTokens(source: string, offset: number, env: CheckEnv): HoverInfo | null {
  const registry = env.registry ?? standardRegistry;
  for (const tok of lexer.tokenize(source).tokens) {
    if (tok.startOffset > offset) break;
    const end = tok.startOffset + tok.image.length;
    if (offset > end || !/^[A-Za-z_]/.test(tok.image)) continue;
    const op = registry.lookup(tok.image);
    if (op !== undefined) return opInfo(tok.startOffset, end, printType(opValueType(op)), op, undefined);
  }
  return null;
}

/**
 * The innermost thing at `offset` (a UTF-16 offset; the end of a name counts as on it): its range, type and, for
 * an op, its signature and doc. Null when the offset is outside the expression or nothing is there. Never throws.
 */
export function hover(source: string, offset: number, env: CheckEnv = {}): HoverInfo | null {
  try {
    const tree = serviceTree(source, env);
    if (tree.ast === undefined) return fromTokens(source, offset, env);
    const found = nodeAtOffset(tree.ast, offset);
    // an operand the parser found missing (`runs.filter(r => `) is a placeholder of no width: nothing to show
    if (found === undefined || found.node.span.start === found.node.span.end) return null;
    return describe(tree, source, found.node, found.ancestors[found.ancestors.length - 1], offset);
  } catch {
    return null;
  }
}
