/**
 * Upgrading a stored document for a project: migrate it to the current language (load) and apply the project's
 * own changes, such as renamed metrics, as key renames. What `qel migrate` does to each document of a file.
 */
import type { Diagnostic } from "../syntax/diagnostics.js";
import { isRecord, ownField } from "../migrations/arguments.js";
import { checkKeyRenames, renameKeys, type KeyRename } from "../migrations/rename-key.js";
import type { RewriteNote } from "../migrations/rewrite.js";
import { load, type Loaded, type LoadOptions, type LoadStatus } from "./document.js";

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

/** What the host reads as the stored text: `expr` when the document has one, else empty. */
function storedText(doc: unknown): string {
  const expr = isRecord(doc) ? ownField(doc, "expr") : undefined;
  return typeof expr === "string" ? expr : "";
}

/** `loaded` as an upgrade that renamed nothing: its document, and `extraSkipped` after its own. */
function withoutRenames(doc: unknown, loaded: Loaded, extraSkipped: readonly RewriteNote[] = []): Upgraded {
  return {
    status: loaded.status, version: loaded.version, before: storedText(doc), document: loaded.document, expr: loaded.expr,
    changed: loaded.document !== doc, type: loaded.type, diagnostics: loaded.diagnostics, changes: loaded.changes,
    skipped: [...loaded.skipped, ...extraSkipped],
  };
}

/**
 * Loads `doc` (migrating it), then renames keys in its expression. A document that is invalid, from a newer
 * version or pending (older, and its text does not parse) is returned untouched; so is one that does not parse.
 * Renames that are not a list of well-formed `{part?, from, to}` give status `invalid` with an
 * `invalid_argument` error naming the bad one, and nothing is migrated or renamed. Never throws.
 */
export function upgradeDocument(doc: unknown, options?: UpgradeOptions): Upgraded {
  const loaded = load(doc, options);
  if (loaded.status === "invalid" || loaded.status === "newer" || loaded.status === "pending") return withoutRenames(doc, loaded);
  const renames: unknown = (options ?? {}).renames ?? [];
  const refused = checkKeyRenames(renames);
  if (refused !== undefined) return withoutRenames(doc, { ...loaded, status: "invalid", document: doc, expr: storedText(doc), type: undefined, diagnostics: [refused], changes: [], skipped: [] });
  const list = renames as readonly KeyRename[];
  if (list.length === 0) return withoutRenames(doc, loaded);
  const renamed = renameKeys(loaded.expr, list, options);
  if (!renamed.changed) return withoutRenames(doc, loaded, renamed.skipped);
  const document = { ...(loaded.document as Record<string, unknown>), expr: renamed.expr };
  return {
    status: loaded.status, version: loaded.version, before: storedText(doc), document, expr: renamed.expr, changed: true,
    type: renamed.type, diagnostics: renamed.diagnostics,
    changes: [...loaded.changes, ...renamed.changes], skipped: [...loaded.skipped, ...renamed.skipped],
  };
}
