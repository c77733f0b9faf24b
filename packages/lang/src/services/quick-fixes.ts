/**
 * Quick fixes: edits offered with a diagnostic where the intent is certain. "Did you mean" names and keys (one
 * fix per suggestion), a deprecated name to its op's name, `=` to `==`, `r.summary.val/acc` (a key holding `/`
 * read as a division) to `r.summary["val/acc"]`, and a date compared with a string literal holding a date to
 * `date("…")`.
 */
import { nonNull, type Type } from "@qel/ops";
import type { Binary, Expr, Member } from "../syntax/ast.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import type { CheckEnv } from "../check/check.js";
import { innermost, locate } from "../migrations/analysis.js";
import type { ServiceTree } from "./service-tree.js";

/** A text edit: replace `from`..`to` (UTF-16 offsets) by `insert`. */
export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The names a "did you mean" hint offers, in its order: `` `a` `` for names and ops, `"a"` for keys. */
function suggested(hint: string | undefined): string[] {
  const m = /did you mean (.*)\?$/.exec(hint ?? "");
  if (m === null) return [];
  return [...m[1]!.matchAll(/`([^`]+)`|"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1] ?? (JSON.parse(`"${x[2]!}"`) as string));
}

/** The offset of the `.` before a member's name. */
function dotBefore(source: string, member: Member): number {
  return source.lastIndexOf(".", member.nameSpan.start);
}

/** A key read written the way that always works: `.name` for plain names, `["…"]` otherwise (replacing the dot). */
function keyEdit(source: string, tree: ServiceTree, d: Diagnostic, key: string): TextEdit {
  const member = [...tree.plans.keys()].find((n): n is Member => n.kind === "Member" && n.nameSpan.start === d.span.start && n.nameSpan.end === d.span.end);
  if (member === undefined) return { from: d.span.start, to: d.span.end, insert: JSON.stringify(key) };
  if (IDENTIFIER.test(key)) return { from: d.span.start, to: d.span.end, insert: key };
  return { from: dotBefore(source, member), to: d.span.end, insert: `[${JSON.stringify(key)}]` };
}

/** `r.summary.val/acc`: the fix reading the key `val/acc`, when the run dict may hold it. */
function slashKeyFix(source: string, tree: ServiceTree, env: CheckEnv, d: Diagnostic): QuickFix | undefined {
  if (tree.ast === undefined) return undefined;
  for (const { node } of locate(tree.ast)) {
    if (node.kind !== "Binary" || node.op !== "/") continue;
    const { left, right } = node as Binary;
    if (right.kind !== "Name" || left.kind !== "Member" || tree.plans.get(left)?.kind !== "key") continue;
    if (right.span.start !== d.span.start && left.nameSpan.start !== d.span.start) continue;
    const dict = innermost(tree.types.get(left.object));
    if (dict?.kind !== "dict" || dict.name === undefined) continue;
    const key = `${left.name}/${right.name}`;
    const known = env.schema === undefined ? undefined : dict.name === "ConfigDict" ? env.schema.config : dict.name === "SummaryDict" ? env.schema.summary : env.schema.history;
    if (known !== undefined && !known.has(key)) continue;
    return { title: `Read the key "${key}"`, edits: [{ from: dotBefore(source, left), to: right.span.end, insert: `[${JSON.stringify(key)}]` }] };
  }
  return undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isDate(t: Type | undefined): boolean {
  return t !== undefined && nonNull(t).kind === "date";
}

/** A comparison of a date with a string literal holding a date: wrap the string in `date(…)`. */
function dateFix(source: string, tree: ServiceTree, d: Diagnostic): QuickFix | undefined {
  if (tree.ast === undefined) return undefined;
  const node = locate(tree.ast).map((x) => x.node).find((n): n is Binary => n.kind === "Binary" && n.span.start === d.span.start && n.span.end === d.span.end);
  if (node === undefined || !["<", "<=", ">", ">=", "==", "!="].includes(node.op)) return undefined;
  const pairs: [Expr, Expr][] = [[node.left, node.right], [node.right, node.left]];
  for (const [dateSide, text] of pairs) {
    if (!isDate(tree.types.get(dateSide)) || text.kind !== "String" || !ISO_DATE.test(text.value) || Number.isNaN(Date.parse(text.value))) continue;
    const literal = source.slice(text.span.start, text.span.end);
    return { title: `Compare with date(${literal})`, edits: [{ from: text.span.start, to: text.span.end, insert: `date(${literal})` }] };
  }
  return undefined;
}

/** The quick fixes for one diagnostic of `source`. */
export function fixesFor(source: string, tree: ServiceTree, env: CheckEnv, d: Diagnostic): QuickFix[] {
  const fixes: QuickFix[] = [];
  switch (d.code) {
    case "unknown_name":
    case "unknown_op":
    case "unknown_field": {
      const slash = d.code === "unknown_name" ? slashKeyFix(source, tree, env, d) : undefined;
      if (slash !== undefined) fixes.push(slash);
      for (const name of suggested(d.hint)) fixes.push({ title: `Replace with '${name}'`, edits: [{ from: d.span.start, to: d.span.end, insert: name }] });
      break;
    }
    case "unknown_key": {
      const slash = slashKeyFix(source, tree, env, d);
      if (slash !== undefined) fixes.push(slash);
      for (const key of suggested(d.hint)) fixes.push({ title: `Replace with "${key}"`, edits: [keyEdit(source, tree, d, key)] });
      break;
    }
    case "deprecated_name": {
      const now = /^write `([^`]+)`$/.exec(d.hint ?? "")?.[1];
      const old = /^`([^`]+)` is a deprecated name/.exec(d.message)?.[1];
      if (now !== undefined && old !== undefined && source.slice(d.span.end - old.length, d.span.end) === old) {
        fixes.push({ title: `Replace with '${now}'`, edits: [{ from: d.span.end - old.length, to: d.span.end, insert: now }] });
      }
      break;
    }
    case "unexpected_character":
      if (source.slice(d.span.start, d.span.end) === "=") fixes.push({ title: "Compare with '=='", edits: [{ from: d.span.start, to: d.span.end, insert: "==" }] });
      break;
    case "no_matching_overload": {
      const fix = dateFix(source, tree, d);
      if (fix !== undefined) fixes.push(fix);
      break;
    }
    default:
      break;
  }
  return fixes;
}
