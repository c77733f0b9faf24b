/**
 * Replaces an op by another wherever the expression uses it: calls `f(x)`, uniform calls `x.f(y)`, property-style
 * calls `x.f`, and the op passed as a function `map(f)`. Matched by the name as written (so a deprecated spelling
 * can be replaced alone), and only where that name resolves to an op: a dict key or a lambda parameter of the
 * same name is left alone, and a use where the new name is shadowed by a lambda parameter is reported, not changed.
 */
import type { Expr, Member, Name } from "../syntax/ast.js";
import type { CheckEnv } from "../check/check.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { locate, type Analysis } from "./analysis.js";
import { invalidArgument, isPlainName, quoteValue } from "./arguments.js";
import { rewrite, type Edit, type RewriteNote, type Rewritten } from "./rewrite.js";

/** The node whose `name` is the op's name as written, for a node the checker planned as an op use. */
function writtenName(node: Expr): Name | Member | undefined {
  if (node.kind === "Call" && (node.callee.kind === "Name" || node.callee.kind === "Member")) return node.callee;
  if (node.kind === "Member" || node.kind === "Name") return node;
  return undefined;
}

/** The edits replacing the op written `from` by `to`. */
export function planOpReplacement(analysis: Analysis, from: string, to: string): { edits: Edit[]; changes: RewriteNote[]; skipped: RewriteNote[] } {
  const edits: Edit[] = [];
  const changes: RewriteNote[] = [];
  const skipped: RewriteNote[] = [];
  for (const { node, path, bound } of locate(analysis.ast)) {
    const plan = analysis.plans.get(node);
    if (plan === undefined || (plan.kind !== "op" && plan.kind !== "opValue") || plan.name !== from) continue;
    const named = writtenName(node);
    if (named === undefined || named.name !== from) continue;
    const span = named.kind === "Member" ? named.nameSpan : named.span;
    if (bound.has(to)) {
      skipped.push({ span, message: `\`${from}\` not replaced: a parameter named \`${to}\` is in scope here` });
      continue;
    }
    changes.push({ span, message: `\`${from}\` replaced by \`${to}\`` });
    const calleePath = node.kind === "Call" ? [...path, "callee"] : path;
    edits.push({ path: calleePath, edit: (draft) => void ((draft as { name: string }).name = to) });
  }
  return { edits, changes, skipped };
}

/**
 * Why `from` → `to` cannot be a replacement: each must be an op's name as written in an expression, one
 * identifier that is not a keyword, or the new text would read differently (`count + 1`) or not parse (`a b`).
 */
function opNamesProblem(from: unknown, to: unknown): Diagnostic | undefined {
  for (const [role, name] of [["the op to replace", from], ["the new op", to]] as const) {
    if (!isPlainName(name)) return invalidArgument(`${role} must be an op name (letters, digits and _, not a keyword), not ${quoteValue(name)}`);
  }
  return undefined;
}

/**
 * Replaces every use of the op written `from` by the op `to`; prints and re-checks the result, so a `to` that
 * names no op of the registry shows up as that check's error where it was written. Never throws: a `from` or `to`
 * that is not an op name leaves the text unchanged, with an `invalid_argument` error.
 */
export function replaceOp(source: string, from: string, to: string, env: CheckEnv = {}): Rewritten {
  const refused = opNamesProblem(from, to);
  if (refused !== undefined) return { expr: source, changed: false, changes: [], skipped: [], type: undefined, diagnostics: [refused] };
  return rewrite(source, env, (analysis) => planOpReplacement(analysis, from, to));
}
