/**
 * Upgrades an expression saved by an older language version: applies each migration newer than it, oldest
 * first, as rewrites of the tree (op renames, explicit old defaults), then prints the result canonically and
 * checks it again.
 */
import { parse as parseText } from "../syntax/parse.js";
import type { CheckEnv } from "../check/check.js";
import type { Expr } from "../syntax/ast.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { locate, type Analysis } from "./analysis.js";
import { invalidArgument, quoteValue } from "./arguments.js";
import { planOpReplacement } from "./replace-op.js";
import { rewrite, type Edit, type RewriteNote, type Rewritten } from "./rewrite.js";
import { migrations as standardMigrations, type ExplicitDefault, type Migration } from "./table.js";
import { checkMigrationTable } from "./table-check.js";

/** The edits writing out an old default: `f(a)` becomes `f(a, default)`, `a.f` becomes `a.f(default)`. */
function planExplicitDefault(analysis: Analysis, change: ExplicitDefault): { edits: Edit[]; changes: RewriteNote[]; skipped: RewriteNote[] } {
  const edits: Edit[] = [];
  const changes: RewriteNote[] = [];
  const skipped: RewriteNote[] = [];
  const parsed = parseText(change.value);
  if (!parsed.ok) return { edits, changes, skipped };
  const value = parsed.value;
  for (const { node, path } of locate(analysis.ast)) {
    const plan = analysis.plans.get(node);
    if (plan?.kind === "opValue" && plan.op.name === change.op) {
      skipped.push({ span: node.span, message: `\`${plan.name}\` passed as a function uses its new default; write a lambda with ${change.value} to keep the old one` });
      continue;
    }
    if (plan?.kind !== "op" || plan.op.name !== change.op || plan.args.length !== change.arity) continue;
    if (node.kind === "Call") {
      changes.push({ span: node.span, message: `\`${plan.name}\` given its former default ${change.value} explicitly` });
      edits.push({ path, edit: (draft) => void (draft as { args: Expr[] }).args.push(value) });
    } else if (node.kind === "Member") {
      changes.push({ span: node.nameSpan, message: `\`${plan.name}\` given its former default ${change.value} explicitly` });
      edits.push({ path, edit: (draft) => ({ kind: "Call", span: node.span, callee: draft as Expr, args: [value] }) });
    }
  }
  return { edits, changes, skipped };
}

/** One migration step's edits; the changes of a step all apply to the same tree. */
function planMigration(analysis: Analysis, migration: Migration): { edits: Edit[]; changes: RewriteNote[]; skipped: RewriteNote[] } {
  const out = { edits: [] as Edit[], changes: [] as RewriteNote[], skipped: [] as RewriteNote[] };
  for (const change of migration.changes) {
    const part = change.kind === "renameOp" ? planOpReplacement(analysis, change.from, change.to) : planExplicitDefault(analysis, change);
    out.edits.push(...part.edits);
    out.changes.push(...part.changes.map((c) => ({ ...c, message: `v${migration.version}: ${c.message}` })));
    out.skipped.push(...part.skipped.map((c) => ({ ...c, message: `v${migration.version}: ${c.message}` })));
  }
  return out;
}

/** Options of {@link migrateExpression}; `table` replaces the standard history (for tests and hosts' own ops). */
export interface MigrateOptions extends CheckEnv {
  readonly table?: readonly Migration[];
}

/** Why {@link migrateExpression} cannot run with these arguments (an `invalid_argument` diagnostic), if it cannot. */
function migrateRefusal(from: unknown, options: unknown): Diagnostic | undefined {
  if (typeof from !== "number" || !Number.isInteger(from) || from < 1) return invalidArgument(`the version to migrate from must be a whole number from 1, not ${quoteValue(from)}`);
  if (typeof options !== "object" || options === null) return invalidArgument(`the options must be an object, not ${quoteValue(options)}`);
  const table = (options as MigrateOptions).table;
  return table === undefined ? undefined : checkMigrationTable(table, Number.POSITIVE_INFINITY, "table");
}

/**
 * The migrations above version `from` up to `current` that rewrite text (entries listing changes). Text that
 * does not parse cannot get them, so its document must keep version `from` until it is fixed.
 */
export function rewritingMigrations(table: readonly Migration[], from: number, current: number): Migration[] {
  return table.filter((m) => m.version > from && m.version <= current && m.changes.length > 0);
}

/**
 * Rewrites `source`, saved by language version `from`, for the current language: every migration with a higher
 * version applies in order. Spans in the changes of a later step point into the text the step before produced.
 * Never throws; text that does not parse is returned unchanged with its syntax errors, and a `from` that is not a
 * version or a malformed `table` with one `invalid_argument` error.
 */
export function migrateExpression(source: string, from: number, options: MigrateOptions = {}): Rewritten {
  const refused = migrateRefusal(from, options);
  if (refused !== undefined) return { expr: source, changed: false, changes: [], skipped: [], type: undefined, diagnostics: [refused] };
  const steps = (options.table ?? standardMigrations).filter((m) => m.version > from);
  let result: Rewritten | undefined;
  let text = source;
  const changes: RewriteNote[] = [];
  const skipped: RewriteNote[] = [];
  for (const step of steps) {
    result = rewrite(text, options, (analysis) => planMigration(analysis, step));
    changes.push(...result.changes);
    skipped.push(...result.skipped);
    text = result.expr;
  }
  if (result === undefined) return rewrite(source, options, () => ({ edits: [], changes: [], skipped: [] }));
  return { ...result, changed: changes.length > 0, changes, skipped };
}
