/**
 * Upgrading a stored document for a project: migrate it to the current language (load) and apply the project's
 * own changes, such as renamed metrics, as key renames. What `qel migrate` does to each document of a file.
 */
import type { Diagnostic } from "../syntax/diagnostics.js";
import { renameKeys, type KeyRename } from "../migrations/rename-key.js";
import type { RewriteNote } from "../migrations/rewrite.js";
import { load, type LoadOptions, type LoadStatus } from "./document.js";

/** Options of {@link upgradeDocument}: load's options and the keys to rename. */
export interface UpgradeOptions extends LoadOptions {
  readonly renames?: readonly KeyRename[];
}

/** What upgrading one document did. */
export interface Upgraded {
  readonly status: LoadStatus;
  readonly version: number | undefined;
  /** The expression as stored (empty when the document has none). */
  readonly before: string;
  /** The document to store: the input itself when nothing changed, else a copy with the new `qel` and `expr`. */
  readonly document: unknown;
  readonly expr: string;
  /** Whether `document` differs from the input. */
  readonly changed: boolean;
  readonly type: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Every change, migrations first then renames; spans point into the text each step rewrote. */
  readonly changes: readonly RewriteNote[];
  readonly skipped: readonly RewriteNote[];
}

/**
 * Loads `doc` (migrating it), then renames keys in its expression. A document that is invalid or from a newer
 * version is returned untouched; so is one that does not parse. Never throws.
 */
export function upgradeDocument(doc: unknown, options: UpgradeOptions = {}): Upgraded {
  const loaded = load(doc, options);
  const before = typeof doc === "object" && doc !== null && typeof (doc as { expr?: unknown }).expr === "string" ? (doc as { expr: string }).expr : "";
  const base = { status: loaded.status, version: loaded.version, before };
  const renames = options.renames ?? [];
  if (loaded.status === "invalid" || loaded.status === "newer" || renames.length === 0) {
    return { ...base, document: loaded.document, expr: loaded.expr, changed: loaded.document !== doc, type: loaded.type, diagnostics: loaded.diagnostics, changes: loaded.changes, skipped: loaded.skipped };
  }
  const renamed = renameKeys(loaded.expr, renames, options);
  if (!renamed.changed) {
    return { ...base, document: loaded.document, expr: loaded.expr, changed: loaded.document !== doc, type: loaded.type, diagnostics: loaded.diagnostics, changes: loaded.changes, skipped: [...loaded.skipped, ...renamed.skipped] };
  }
  const document = { ...(loaded.document as Record<string, unknown>), expr: renamed.expr };
  return {
    ...base, document, expr: renamed.expr, changed: true, type: renamed.type, diagnostics: renamed.diagnostics,
    changes: [...loaded.changes, ...renamed.changes], skipped: [...loaded.skipped, ...renamed.skipped],
  };
}
