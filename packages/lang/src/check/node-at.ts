/**
 * From a source offset to the innermost node of the analyzed tree, with what services need to know there: its type,
 * the names in scope, the call it resolves to and its ancestors (hover, signature help and completion start here).
 */
import type { Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { children } from "../syntax/visit.js";
import { describeGiven as describeValue } from "@qel/ops";
import { error, QelError } from "../syntax/diagnostics.js";
import type { Analysis, ResolvedCall } from "./analyze.js";
import type { ScopeEntry } from "./check-scope.js";

export interface NodeAt {
  readonly node: Expr;
  /** From the root down to the node's parent. */
  readonly ancestors: readonly Expr[];
  readonly type: Type;
  /** Names visible at the node, innermost first. */
  readonly names: readonly ScopeEntry[];
  /** The op the node calls, when it is a call, a member read as an op, an operator or an op passed as a function. */
  readonly call: ResolvedCall | undefined;
}

/**
 * The innermost node whose span holds `offset` (a UTF-16 offset; a span's end counts, so the cursor right after
 * `r.con` is on that member). Where two siblings touch at `offset`, the later one wins: it is the one being typed.
 * Undefined only when `offset` lies outside the root's span (NaN lies outside every span). Throws only a QelError
 * (`invalid_argument`) when `analysis` is not what analyze() returns or `offset` not a number.
 */
export function nodeAt(analysis: Analysis, offset: number): NodeAt | undefined {
  const root = analyzedRoot(analysis);
  if (typeof offset !== "number") throw refused(`nodeAt's offset must be a number, got ${describeValue(offset)}`);
  if (!holds(root, offset)) return undefined;
  const ancestors: Expr[] = [];
  let node = root;
  for (;;) {
    let next: Expr | undefined;
    for (const child of children(node)) if (holds(child, offset)) next = child;
    if (next === undefined) break;
    ancestors.push(node);
    node = next;
  }
  return { node, ancestors, type: analysis.typeOf(node), names: analysis.namesAt(node), call: analysis.callOf(node) };
}

/** The root of what analyze() returned, checked as far as nodeAt reads it (the tree itself analyze() checked). */
function analyzedRoot(analysis: unknown): Expr {
  const what = "nodeAt's analysis must be what analyze() returns";
  if (typeof analysis !== "object" || analysis === null) throw refused(`${what}, got ${describeValue(analysis)}`);
  try {
    const a = analysis as Partial<Analysis>;
    const parts = [a.typeOf, a.namesAt, a.callOf];
    if (typeof a.ast !== "object" || a.ast === null || parts.some((f) => typeof f !== "function")) throw refused(`${what}, got an object of another shape`);
    return a.ast;
  } catch (e) {
    if (e instanceof QelError) throw e;
    throw refused(`${what}; it could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function refused(message: string): QelError {
  return new QelError(error("invalid_argument", message, { start: 0, end: 0 }));
}

function holds(node: Expr, offset: number): boolean {
  return node.span.start <= offset && offset <= node.span.end;
}
