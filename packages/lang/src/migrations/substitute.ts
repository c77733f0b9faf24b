/**
 * Substitutes an expression for a free variable: every use of the host variable `name` that no lambda parameter
 * shadows. A use where a lambda would capture one of the replacement's own names is reported, not changed.
 */
import type { Expr } from "../syntax/ast.js";
import type { CheckEnv } from "../check/check.js";
import { error } from "../syntax/diagnostics.js";
import { parse } from "../syntax/parse.js";
import { locate } from "./analysis.js";
import { rewrite, type Edit, type RewriteNote, type Rewritten } from "./rewrite.js";

/** The names an expression reads that no lambda inside it binds. */
function freeNames(e: Expr): Set<string> {
  const out = new Set<string>();
  for (const { node, bound } of locate(e)) if (node.kind === "Name" && !bound.has(node.name)) out.add(node.name);
  return out;
}

/** Replaces each free use of `name` in `source` by `replacement` (qel text), prints and re-checks. Never throws. */
export function substituteVariable(source: string, name: string, replacement: string, env: CheckEnv = {}): Rewritten {
  const parsed = parse(replacement, env.parse);
  if (!parsed.ok) {
    const diagnostics = parsed.diagnostics.map((d) => error(d.code, `in the replacement: ${d.message}`, d.span));
    return { expr: source, changed: false, changes: [], skipped: [], type: undefined, diagnostics };
  }
  const value = parsed.value;
  const captured = freeNames(value);
  return rewrite(source, env, (analysis) => {
    const edits: Edit[] = [];
    const changes: RewriteNote[] = [];
    const skipped: RewriteNote[] = [];
    for (const { node, path, bound } of locate(analysis.ast)) {
      if (node.kind !== "Name" || node.name !== name || bound.has(name)) continue;
      const clash = [...captured].find((n) => bound.has(n));
      if (clash !== undefined) {
        skipped.push({ span: node.span, message: `\`${name}\` not substituted: the parameter \`${clash}\` would capture the replacement's \`${clash}\`` });
        continue;
      }
      changes.push({ span: node.span, message: `\`${name}\` replaced by \`${replacement}\`` });
      edits.push({ path, edit: () => value });
    }
    return { edits, changes, skipped };
  });
}
