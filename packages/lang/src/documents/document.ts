/**
 * Saved expression documents: what a dashboard stores for a panel, `{"qel": <language version>, "expr":
 * "<canonical text>", ...host fields}`. `load` upgrades an older document through the migration table, checks it,
 * and keeps every host field verbatim; it never throws and never drops or resets anything (docs/panels.md).
 */
import type { CheckEnv } from "../check/check.js";
import { error, type Diagnostic } from "../syntax/diagnostics.js";
import { format } from "../syntax/print.js";
import { migrateExpression, type MigrateOptions } from "../migrations/migrate.js";
import { checkText, type RewriteNote } from "../migrations/rewrite.js";
import type { Migration } from "../migrations/table.js";
import { LANGUAGE_VERSION } from "./version.js";

/** A stored expression. Fields other than `qel` and `expr` belong to the host and are kept as they are. */
export interface SavedExpression {
  /** The language version that wrote `expr`. */
  readonly qel: number;
  readonly expr: string;
  readonly [hostField: string]: unknown;
}

/**
 * A document to store for `source`: the current language version, the canonical text (the text as typed when it
 * does not parse, so nothing typed is lost), then the host's fields (their own `qel` and `expr` are ignored).
 * Never throws.
 */
export function save(source: string, hostFields: Readonly<Record<string, unknown>> = {}): SavedExpression {
  const formatted = format(source);
  const doc: Record<string, unknown> = { qel: LANGUAGE_VERSION, expr: formatted.ok ? formatted.value : source };
  for (const [k, v] of Object.entries(hostFields)) if (k !== "qel" && k !== "expr") doc[k] = v;
  return doc as SavedExpression;
}

/**
 * How a document arrived: `current` (written by this version), `migrated` (older, upgraded), `newer` (written by a
 * later version: left as it is, not checked), `invalid` (not a saved expression document).
 */
export type LoadStatus = "current" | "migrated" | "newer" | "invalid";

/** What {@link load} found. */
export interface Loaded {
  readonly status: LoadStatus;
  /** The version the document was saved with (undefined when it has none). */
  readonly version: number | undefined;
  /**
   * The document to keep: upgraded to the current version when migrated (same host fields, in the same order);
   * the input itself when current, newer or invalid.
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

/** Options of {@link load}: a checking environment, and a migration table replacing the standard one (tests). */
export interface LoadOptions extends CheckEnv {
  readonly migrations?: readonly Migration[];
  /** The version this library writes; default {@link LANGUAGE_VERSION} (tests of migrations set it). */
  readonly currentVersion?: number;
}

const nowhere = { start: 0, end: 0 };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * Reads a saved expression document (parsed JSON): migrates it from its version to the current one and checks
 * it. Never throws: a document that is not one, or comes from a newer version, says so in `status` and
 * `diagnostics` and is handed back untouched.
 */
export function load(doc: unknown, options: LoadOptions = {}): Loaded {
  const current = options.currentVersion ?? LANGUAGE_VERSION;
  const invalid = (message: string, version?: number, expr = ""): Loaded => ({
    status: "invalid", version, document: doc, expr, type: undefined, changes: [], skipped: [],
    diagnostics: [error("invalid_document", message, nowhere)],
  });
  if (!isRecord(doc)) return invalid("a saved expression is an object with the fields `qel` and `expr`");
  const version = doc["qel"];
  const expr = doc["expr"];
  if (typeof expr !== "string") return invalid("the saved expression has no `expr` string", typeof version === "number" ? version : undefined);
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return invalid(`\`qel\` must be the language version that saved the expression (a whole number from 1), not ${JSON.stringify(version) ?? "missing"}`, undefined, expr);
  }
  if (version > current) {
    return {
      status: "newer", version, document: doc, expr, type: undefined, changes: [], skipped: [],
      diagnostics: [error("newer_language_version", `this expression was saved by qel language version ${version}; this library reads versions up to ${current}`, nowhere, {
        hint: "update @qel/lang to read it; it is left unchanged",
      })],
    };
  }
  const migrateOptions: MigrateOptions = { ...options, ...(options.migrations !== undefined ? { table: options.migrations } : {}) };
  const migrated = migrateExpression(expr, version, migrateOptions);
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
