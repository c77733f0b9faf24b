/**
 * Hints for the mistakes people make most while learning qel, given where the checker's own hint would mislead:
 * `r.summary.val/acc` (a key holding `/` read as a division), a date compared with a string (`date("…")` makes it
 * a date), and a run read through a name that is not defined (`row.config.lr` at the top, where "did you mean
 * `now`?" would lead nowhere). The services' quick fixes (services/quick-fixes.ts) edit the same cases.
 */
import { nonNull, type Type } from "@qel/ops";
import type { Binary, Expr, Member, Name } from "../syntax/ast.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { print } from "../syntax/print.js";
import { descendants } from "../syntax/visit.js";
import type { Span } from "../syntax/source.js";

const COMPARISONS: ReadonlySet<string> = new Set(["<", "<=", ">", ">=", "==", "!="]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A better hint for the diagnostic of `code` at `span`, if one was found. */
interface Better {
  readonly code: Diagnostic["code"];
  readonly span: Span;
  readonly hint: string;
}

const sameSpan = (a: Span, b: Span): boolean => a.start === b.start && a.end === b.end;

/** `x.key/name` where `name` is not defined: the key `key/name` was meant. */
function slashKey(node: Binary): Better | undefined {
  if (node.op !== "/" || node.left.kind !== "Member" || node.right.kind !== "Name") return undefined;
  const left: Member = node.left;
  const key = `${left.name}/${node.right.name}`;
  const read = `${print(left.object)}[${JSON.stringify(key)}]`;
  return { code: "unknown_name", span: node.right.span, hint: `\`/\` divides here; to read the key "${key}" write \`${read}\`` };
}

/** A date compared with a string literal: `date("…")` turns the string into a date. */
function dateWithString(node: Binary, types: ReadonlyMap<Expr, Type>): Better | undefined {
  if (!COMPARISONS.has(node.op)) return undefined;
  const isDate = (e: Expr): boolean => {
    const t = types.get(e);
    return t !== undefined && nonNull(t).kind === "date";
  };
  const text = node.left.kind === "String" && isDate(node.right) ? node.left : node.right.kind === "String" && isDate(node.left) ? node.right : undefined;
  if (text === undefined) return undefined;
  const hint = /^\d{4}-\d{2}-\d{2}/.test(text.value) ? `compare with \`date(${JSON.stringify(text.value)})\`` : "write the date as `date(\"2026-03-01\")` or `date(\"2026-03-01T12:00:00Z\")`";
  return { code: "no_matching_overload", span: node.span, hint: `a string is not a date; ${hint}` };
}

/** `row.config` with `row` undefined: a run is read inside a function over `runs`. */
function undefinedReceiver(node: Member): Better | undefined {
  if (node.object.kind !== "Name" || !IDENTIFIER.test(node.object.name)) return undefined;
  const name: Name = node.object;
  return {
    code: "unknown_name",
    span: name.span,
    hint: `\`${name.name}\` is not defined here; \`runs\` holds the runs: read each one inside a function, \`runs.map(${name.name} => ${name.name}.${node.name}…)\``,
  };
}

/**
 * `diagnostics` with the hints of these cases replaced (only diagnostics the checker reported are touched).
 * `runFields` tells whether a name reads a field of a run (`config`, `name`, …). Never throws.
 */
export function withStumbleHints(diagnostics: readonly Diagnostic[], ast: Expr, types: ReadonlyMap<Expr, Type>, runFields: (name: string) => boolean): readonly Diagnostic[] {
  if (!diagnostics.some((d) => d.code === "unknown_name" || d.code === "no_matching_overload")) return diagnostics;
  const better: Better[] = [];
  try {
    for (const node of descendants(ast)) {
      const found = node.kind === "Binary" ? slashKey(node) ?? dateWithString(node, types)
        : node.kind === "Member" && runFields(node.name) ? undefinedReceiver(node)
        : undefined;
      if (found !== undefined) better.push(found);
    }
  } catch {
    return diagnostics;
  }
  return diagnostics.map((d) => {
    const b = better.find((x) => x.code === d.code && sameSpan(x.span, d.span));
    return b === undefined ? d : { ...d, hint: b.hint };
  });
}
