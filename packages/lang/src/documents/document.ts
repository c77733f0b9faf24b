/**
 * Saved expression documents: what a dashboard stores for a panel, `{"qel": <language version>, "expr":
 * "<canonical text>", ...host fields}`. `load` upgrades an older document through the migration table, checks it,
 * and keeps every host field verbatim; it never throws and never drops or resets anything (docs/panels.md).
 */
import { error, type Diagnostic } from "../syntax/diagnostics.js";
import { parse } from "../syntax/parse.js";
import { format } from "../syntax/print.js";
import { describeValue, invalidArgument, isRecord, ownField } from "../migrations/arguments.js";
import { migrateExpression, rewritingMigrations } from "../migrations/migrate.js";
import { checkText, type RewriteNote } from "../migrations/rewrite.js";
import { migrations, type Migration } from "../migrations/table.js";
import { checkLoadOptions, isRefusal, type LoadOptions } from "./load-options.js";
import { LANGUAGE_VERSION } from "./version.js";

export type { LoadOptions } from "./load-options.js";

/** Where a diagnostic about the document as a whole (not a place in its text) points. */
const nowhere = { start: 0, end: 0 };

/** A stored expression. Fields other than `qel` and `expr` belong to the host and are kept as they are. */
export interface SavedExpression {
  /** The language version that wrote `expr`. */
  readonly qel: number;
  readonly expr: string;
  readonly [hostField: string]: unknown;
}

/** What {@link save} returns instead of a document when it cannot write one; a document always has `qel`. */
export interface SaveRefused {
  readonly ok: false;
  readonly diagnostics: readonly Diagnostic[];
}

/** Why `save(source, hostFields)` cannot write a document, or undefined. */
function saveProblem(source: unknown, hostFields: unknown): Diagnostic | undefined {
  if (typeof source !== "string") return invalidArgument(`save stores an expression's text, a string, not ${describeValue(source)}`);
  if (!isRecord(hostFields)) return invalidArgument(`save's host fields must be an object (or left out), not ${describeValue(hostFields)}`);
  return undefined;
}

/**
 * A document to store for `source`: the current language version, the canonical text (the text as typed when it
 * does not parse, so nothing typed is lost), then the host's fields (their own `qel` and `expr` are ignored).
 * Never throws: a `source` that is not a string, or host fields that are not an object, give
 * {@link SaveRefused} with an `invalid_argument` error instead of a document `load` would call invalid.
 */
export function save(source: string, hostFields?: Readonly<Record<string, unknown>>): SavedExpression;
export function save(source: unknown, hostFields?: unknown): SavedExpression | SaveRefused;
export function save(source: unknown, hostFields: unknown = {}): SavedExpression | SaveRefused {
  const problem = saveProblem(source, hostFields);
  if (problem !== undefined) return { ok: false, diagnostics: [problem] };
  const text = source as string;
  try {
    const formatted = format(text);
    const doc: Record<string, unknown> = { qel: LANGUAGE_VERSION, expr: formatted.ok ? formatted.value : text };
    // Defined, not assigned: a host field named `__proto__` (JSON.parse makes it an own field) stays a field
    // instead of replacing the document's prototype, as `load` keeps it.
    for (const [k, v] of Object.entries(hostFields as Record<string, unknown>)) {
      if (k !== "qel" && k !== "expr") Object.defineProperty(doc, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return doc as SavedExpression;
  } catch (e) {
    // A host object whose getter throws: reported as save's error, never thrown.
    return { ok: false, diagnostics: [error("internal_error", `save could not read the host fields: ${e instanceof Error ? e.message : describeValue(e)}`, nowhere)] };
  }
}

/**
 * How a document arrived: `current` (written by this version), `migrated` (older, upgraded), `pending` (older,
 * but its text does not parse, so migrations that rewrite text could not apply: left as it is, version kept),
 * `newer` (written by a later version: left as it is, not checked), `invalid` (not a saved expression document,
 * or options that cannot be used).
 */
export type LoadStatus = "current" | "migrated" | "pending" | "newer" | "invalid";

/** What {@link load} found. */
export interface Loaded {
  readonly status: LoadStatus;
  /** The version the document was saved with (undefined when it has none). */
  readonly version: number | undefined;
  /**
   * The document to keep: upgraded to the current version when migrated (same host fields, in the same order);
   * the input itself when current, pending, newer or invalid.
   */
  readonly document: unknown;
  /** The expression to show and run: the migrated text, or the saved one (empty when there is none). */
  readonly expr: string;
  /** The expression's type when it checks; undefined otherwise. */
  readonly type: string | undefined;
  /** The check's errors and warnings, or why the document could not be read. */
  readonly diagnostics: readonly Diagnostic[];
  /** What migrations rewrote, and what they could not (spans point into the text each step rewrote). */
  readonly changes: readonly RewriteNote[];
  readonly skipped: readonly RewriteNote[];
}

/** A loaded result that leaves the document as it is: nothing migrated, nothing changed. */
function untouched(doc: unknown, status: LoadStatus, version: number | undefined, expr: string, diagnostics: readonly Diagnostic[]): Loaded {
  return { status, version, document: doc, expr, type: undefined, diagnostics, changes: [], skipped: [] };
}

/** The document's version and text, or why it is not a saved expression (an `invalid_document` result). */
function readDocument(doc: unknown): { version: number; expr: string } | Loaded {
  const invalid = (message: string, version?: number, expr = ""): Loaded => untouched(doc, "invalid", version, expr, [error("invalid_document", message, nowhere)]);
  if (!isRecord(doc)) return invalid(`a saved expression is an object with the fields \`qel\` and \`expr\`, not ${describeValue(doc)}`);
  // Own fields only, as JSON gives them: a field inherited from a prototype was never saved.
  const version = ownField(doc, "qel");
  const expr = ownField(doc, "expr");
  const knownVersion = typeof version === "number" ? version : undefined;
  if (typeof expr !== "string") return invalid(`the saved expression has no \`expr\` string${Object.hasOwn(doc, "expr") ? `: it is ${describeValue(expr)}` : ""}`, knownVersion);
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    const found = Object.hasOwn(doc, "qel") ? describeValue(version) : "missing";
    return invalid(`\`qel\` must be the language version that saved the expression (a whole number from 1), not ${found}`, undefined, expr);
  }
  return { version, expr };
}

/** A document saved by a later version than `current`: not guessed at, not checked. */
function newerDocument(doc: unknown, version: number, expr: string, current: number): Loaded {
  const message = `this expression was saved by qel language version ${version}; this library reads versions up to ${current}`;
  return untouched(doc, "newer", version, expr, [error("newer_language_version", message, nowhere, { hint: "update @qel/lang to read it; it is left unchanged" })]);
}

/**
 * An older document whose text does not parse while migrations that rewrite text are due: raising its version
 * would skip them for good, so it keeps its version (and text), and each such migration is reported as skipped,
 * to apply once the text is fixed and loaded again (docs/panels.md, "Migrations").
 */
function pendingDocument(doc: unknown, version: number, expr: string, due: readonly Migration[], syntax: readonly Diagnostic[]): Loaded {
  const whole = { start: 0, end: expr.length };
  const skipped = due.map((m) => ({
    span: whole,
    message: `v${m.version}: not applied, because the text does not parse; the document keeps version ${version} until the text is fixed`,
  }));
  return { ...untouched(doc, "pending", version, expr, syntax), skipped };
}

/** Migrates a document from `version` to `current` (a no-op when current) and checks the result. */
function migrateDocument(doc: Record<string, unknown>, version: number, expr: string, options: LoadOptions, current: number): Loaded {
  const table = (options.migrations ?? migrations).filter((m) => m.version <= current);
  const syntax = parse(expr, options.parse);
  const due = rewritingMigrations(table, version, current);
  if (!syntax.ok && due.length > 0) return pendingDocument(doc, version, expr, due, syntax.diagnostics);
  const migrated = migrateExpression(expr, version, { ...options, table });
  const upgraded = version < current;
  // A document no migration changed keeps its text as stored, so diagnostics point into what the host shows.
  const text = migrated.changed ? migrated.expr : expr;
  const checked = text === migrated.expr ? migrated : checkText(text, options);
  return {
    status: upgraded ? "migrated" : "current",
    version,
    document: upgraded ? { ...doc, qel: current, expr: text } : doc,
    expr: text,
    type: checked.type,
    diagnostics: checked.diagnostics,
    changes: migrated.changes,
    skipped: migrated.skipped,
  };
}

/**
 * Reads a saved expression document (parsed JSON): migrates it from its version to the current one and checks
 * it. Never throws: a document that is not one, comes from a newer version, or is older but does not parse while
 * migrations that rewrite text are due, says so in `status` and `diagnostics` and is handed back untouched;
 * options it cannot use give status `invalid` with an `invalid_argument` error.
 */
export function load(doc: unknown, options?: LoadOptions): Loaded {
  const checked = checkLoadOptions(options);
  const read = readDocument(doc);
  if (isRefusal(checked)) return "status" in read ? { ...read, diagnostics: [checked, ...read.diagnostics] } : untouched(doc, "invalid", read.version, read.expr, [checked]);
  if ("status" in read) return read;
  const { version, expr } = read;
  if (version > checked.current) return newerDocument(doc, version, expr, checked.current);
  try {
    return migrateDocument(doc as Record<string, unknown>, version, expr, checked.options, checked.current);
  } catch (e) {
    // Only a bug gets here (the checker and rewrites never throw): reported as one, the document untouched.
    const message = `internal error while loading: ${e instanceof Error ? e.message : describeValue(e)}`;
    return untouched(doc, "invalid", version, expr, [error("internal_error", message, nowhere)]);
  }
}
