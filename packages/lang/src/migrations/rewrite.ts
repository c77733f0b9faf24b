/**
 * Immutable edits of an expression's tree with immer: a rewrite names the nodes it changes by path and gives a
 * function that edits each one's draft. Untouched subtrees are shared with the original. The result is printed
 * with the canonical formatter and checked again, so a rewrite never hands back text that it did not verify.
 */
import { castDraft, produce, type Draft } from "immer";
import { printType, type Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import type { CheckEnv } from "../check/check.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { parse } from "../syntax/parse.js";
import { print } from "../syntax/print.js";
import type { Span } from "../syntax/source.js";
import { analyzeTree, type Analysis, type Path } from "./analysis.js";

/** One edit: the node at `path` is changed in place, or replaced by what `edit` returns. */
export interface Edit {
  readonly path: Path;
  readonly edit: (draft: Draft<Expr>) => Expr | Draft<Expr> | void;
}

/** What a rewrite changed, or left alone and why; spans point into the text before the rewrite. */
export interface RewriteNote {
  readonly span: Span;
  readonly message: string;
}

/** The outcome of a rewrite. `expr` is the canonical text, re-checked; `diagnostics` are that check's findings. */
export interface Rewritten {
  /** The canonical text after the rewrite (the input unchanged when nothing was changed and it does not parse). */
  readonly expr: string;
  /** Whether any node was changed. */
  readonly changed: boolean;
  readonly changes: readonly RewriteNote[];
  /** Places that look related but were left as they are (a key in a string argument, a name a lambda shadows). */
  readonly skipped: readonly RewriteNote[];
  /** The rewritten expression's type when it checks, else undefined. */
  readonly type: string | undefined;
  /** Errors and warnings of the rewritten expression (syntax errors of the input when it does not parse). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Applies `edits` to `root`, deepest first, so an edit that wraps a node keeps the edits made inside it. */
export function applyEdits(root: Expr, edits: readonly Edit[]): Expr {
  if (edits.length === 0) return root;
  const ordered = [...edits].sort((a, b) => b.path.length - a.path.length);
  return produce(root, (draft) => {
    let result: Draft<Expr> = draft;
    for (const { path, edit } of ordered) {
      if (path.length === 0) {
        const replaced = edit(result);
        if (replaced !== undefined) result = castDraft(replaced);
        continue;
      }
      let parent: Record<string | number, unknown> = result as unknown as Record<string, unknown>;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      const replaced = edit(parent[last] as Draft<Expr>);
      if (replaced !== undefined) parent[last] = replaced;
    }
    return result === draft ? undefined : result;
  });
}

/** The type of `e` as people read it, or undefined. */
export function typeText(t: Type | undefined): string | undefined {
  return t === undefined ? undefined : printType(t);
}

/** The type (when it checks) and every diagnostic of `source`, spans into `source`. Never throws. */
export function checkText(source: string, env: CheckEnv): { type: string | undefined; diagnostics: readonly Diagnostic[] } {
  const parsed = parse(source, env.parse);
  if (!parsed.ok) return { type: undefined, diagnostics: parsed.diagnostics };
  const checked = analyzeTree(parsed.value, env);
  const errors = checked.diagnostics.some((d) => d.severity === "error");
  return { type: errors ? undefined : typeText(checked.types.get(parsed.value)), diagnostics: checked.diagnostics };
}

/**
 * Runs a rewrite over `source`: parses and analyzes it, lets `plan` choose the edits, applies them, prints the
 * result canonically and checks it again. Never throws; text that does not parse comes back unchanged with its
 * syntax errors.
 */
export function rewrite(
  source: string,
  env: CheckEnv,
  plan: (analysis: Analysis) => { edits: readonly Edit[]; changes: readonly RewriteNote[]; skipped: readonly RewriteNote[] },
): Rewritten {
  const parsed = parse(source, env.parse);
  if (!parsed.ok) return { expr: source, changed: false, changes: [], skipped: [], type: undefined, diagnostics: parsed.diagnostics };
  const { edits, changes, skipped } = plan(analyzeTree(parsed.value, env));
  const ast = applyEdits(parsed.value, edits);
  const expr = print(ast);
  return { expr, changed: edits.length > 0, changes, skipped, ...checkText(expr, env) };
}
