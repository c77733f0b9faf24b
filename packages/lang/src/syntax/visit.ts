/**
 * Generic walks over the AST, driven by the one `childKeys` table of ast.ts (as graphql-js's `visit` is driven by
 * its `QueryDocumentKeys`): a pass names the kinds it cares about and every other node is walked through for it.
 */
import { childKeys, type DictEntry, type Expr } from "./ast.js";
import { checkedAst } from "./ast-check.js";
import { describeGiven as describeValue } from "@qel/ops";
import { error, QelError } from "./diagnostics.js";

/** Returned by a visitor function to stop the whole walk. */
export const BREAK: unique symbol = Symbol("BREAK");

/** Where a node sits: its parent and the field of the parent that holds it (`args`, `object`, `entries`, ...). */
export interface VisitContext {
  readonly parent: Expr | undefined;
  readonly key: string | undefined;
  /** The ancestors from the root down to the parent. */
  readonly ancestors: readonly Expr[];
  /**
   * The steps from the root to this node: field names, list indexes, and `value` for a dict entry's value
   * (`["callee", "object"]`, `["args", 0]`, `["entries", 1, "value"]`). Live during the call only: copy it to keep it.
   */
  readonly path: readonly (string | number)[];
}

/**
 * What a visitor function may return: nothing (go on), `false` from `enter` (skip this node's children), `BREAK`
 * (stop), or a node (replace this one; `visit` then returns the rebuilt tree).
 */
export type VisitResult = void | undefined | false | typeof BREAK | Expr;

export interface Visitor {
  enter?(node: Expr, context: VisitContext): VisitResult;
  leave?(node: Expr, context: VisitContext): VisitResult;
}

type Slot = Expr | DictEntry | readonly (Expr | DictEntry)[];

function slotOf(node: Expr, key: string): Slot {
  return (node as unknown as Record<string, Slot>)[key]!;
}

/** The direct child expressions of a node, in source order (a dict entry contributes its value). */
export function children(node: Expr): readonly Expr[] {
  const keys = (typeof node === "object" && node !== null ? childKeys[node.kind] : undefined) as readonly string[] | undefined;
  // the one check of the node itself, as children() is on every walk's path; its fields are taken as the AST's
  if (keys === undefined) throw refused(`the node must be an AST node (an object with a known \`kind\`), got ${describeValue(node)}`);
  if (keys.length === 1) {
    const slot = slotOf(node, keys[0]!);
    if (!Array.isArray(slot)) return [exprOf(slot as Expr | DictEntry)];
    return (slot as readonly (Expr | DictEntry)[]).map(exprOf);
  }
  const out: Expr[] = [];
  for (const key of keys) {
    const slot = slotOf(node, key);
    if (Array.isArray(slot)) for (const item of slot as readonly (Expr | DictEntry)[]) out.push(exprOf(item));
    else out.push(exprOf(slot as Expr | DictEntry));
  }
  return out;
}

function exprOf(item: Expr | DictEntry): Expr {
  return "kind" in item ? item : item.value;
}

/**
 * Walks the tree depth-first in source order, calling `enter` before a node's children and `leave` after. Returns
 * the root, rebuilt along the path of any node a visitor function replaced (unchanged nodes are shared, never
 * copied). The walk recurses; trees from `parse` are at most `maxDepth` deep. Throws only a QelError
 * (`invalid_argument`): when `root`, or a node a visitor returns, is not an AST of ast.ts (ast-check.ts), or
 * `visitor` not an object of functions; errors a visitor function throws pass through.
 */
export function visit(root: Expr, visitor: Visitor): Expr {
  checkedAst(root);
  const { enter, leave } = visitorFunctions(visitor);
  const ancestors: Expr[] = [];
  const path: (string | number)[] = [];
  let stopped = false;
  const walk = (node: Expr, parent: Expr | undefined, key: string | undefined): Expr => {
    const context: VisitContext = { parent, key, ancestors, path };
    if (enter !== undefined) {
      const r = enter(node, context);
      if (r === BREAK) { stopped = true; return node; }
      if (r === false) return node;
      if (r !== undefined) node = replacement(r, node, "enter");
    }
    ancestors.push(node);
    let rebuilt: Record<string, unknown> | undefined;
    for (const k of childKeys[node.kind] as readonly string[]) {
      if (stopped) break;
      const slot = slotOf(node, k);
      path.push(k);
      const next = Array.isArray(slot)
        ? mapSame(slot as readonly (Expr | DictEntry)[], (item, i) => {
          path.push(i);
          const out = walkItem(item, node, k);
          path.pop();
          return out;
        })
        : walkItem(slot as Expr | DictEntry, node, k);
      path.pop();
      if (next !== slot) (rebuilt ??= { ...node })[k] = next;
    }
    ancestors.pop();
    if (rebuilt !== undefined) node = rebuilt as unknown as Expr;
    if (!stopped && leave !== undefined) {
      const r = leave(node, context);
      if (r === BREAK) stopped = true;
      else if (r !== undefined && r !== false) node = replacement(r, node, "leave");
    }
    return node;
  };
  const walkItem = (item: Expr | DictEntry, parent: Expr, key: string): Expr | DictEntry => {
    if ("kind" in item) return walk(item, parent, key);
    path.push("value");
    const value = walk(item.value, parent, key);
    path.pop();
    return value === item.value ? item : { ...item, value };
  };
  return walk(root, undefined, undefined);
}

function refused(message: string): QelError {
  return new QelError(error("invalid_argument", message, { start: 0, end: 0 }));
}

type VisitFunction = NonNullable<Visitor["enter"]>;

/** The visitor's functions, read once (bound to it); anything else there is refused before the walk. */
function visitorFunctions(visitor: Visitor): { enter: VisitFunction | undefined; leave: VisitFunction | undefined } {
  if (typeof visitor !== "object" || visitor === null) throw refused(`the visitor must be an object with \`enter\` and/or \`leave\` functions, got ${describeValue(visitor)}`);
  let enter: unknown, leave: unknown;
  try {
    ({ enter, leave } = visitor);
  } catch (e) {
    throw refused(`the visitor could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const bound = (name: string, f: unknown): VisitFunction | undefined => {
    if (f === undefined) return undefined;
    if (typeof f !== "function") throw refused(`the visitor's \`${name}\` must be a function, got ${describeValue(f)}`);
    return (f as VisitFunction).bind(visitor);
  };
  return { enter: bound("enter", enter), leave: bound("leave", leave) };
}

/**
 * A node a visitor function returned to replace `node`: the same node, or a new tree checked as the root was, so
 * the walk never meets a malformed node (a transform returns its argument for most nodes, at no cost).
 */
function replacement(r: Expr, node: Expr, from: "enter" | "leave"): Expr {
  if (r === node) return r;
  if (typeof r !== "object" || r === null) throw refused(`the visitor's \`${from}\` must return nothing, false, BREAK or a node, got ${describeValue(r)}`);
  return checkedAst(r);
}

function mapSame<T>(items: readonly T[], f: (item: T, index: number) => T): readonly T[] {
  let out: T[] | undefined;
  items.forEach((item, i) => {
    const next = f(item, i);
    if (next !== item) (out ??= items.slice())[i] = next;
  });
  return out ?? items;
}

/** Rebuilds the tree bottom-up: `f` sees each node with its children already transformed; return it to keep it. */
export function transform(root: Expr, f: (node: Expr) => Expr): Expr {
  if (typeof f !== "function") throw refused(`transform's function must be a function, got ${describeValue(f)}`);
  return visit(root, { leave: (node) => f(node) });
}

/** Whether some node of the tree (the root included) satisfies `test`; stops at the first. */
export function some(root: Expr, test: (node: Expr) => boolean): boolean {
  if (typeof test !== "function") throw refused(`some's test must be a function, got ${describeValue(test)}`);
  return someNode(root, test);
}

function someNode(node: Expr, test: (node: Expr) => boolean): boolean {
  return test(node) || children(node).some((child) => someNode(child, test));
}

/** The nodes of the tree in depth-first source order, the root first. */
export function descendants(root: Expr): Expr[] {
  const out: Expr[] = [];
  const walk = (node: Expr): void => {
    out.push(node);
    for (const child of children(node)) walk(child);
  };
  walk(root);
  return out;
}
