/**
 * A saved dashboard read without the language. A panel saved by the current language version needs no migration:
 * its panel is the document's fields as stored (what @qel/lang's `load` gives for such a document). So a reload
 * shows its panels, and the worker evaluates them, as early as the starter panels of a new dashboard, and the
 * language loads after, as it does then. A dashboard holding anything else (an older or newer version, a document
 * that is not one) is read by storage.ts, which needs the language.
 */
import { LANGUAGE_VERSION } from "@qel/lang";
import type { FirstPanels } from "../evaluator.js";
import { hasSaved, panelFromFields, storageKey, type PanelSpec } from "./panels.js";

/** The language version documents are written with (the browser tests of migrations give a later one). */
export function currentVersion(): number {
  return (window as { qelTestMigrations?: { currentVersion?: number } }).qelTestMigrations?.currentVersion ?? LANGUAGE_VERSION;
}

/** The panels saved for a runs source when every one was saved by the current language version, else null. */
export function savedAsWritten(source: string): PanelSpec[] | null {
  let file: unknown;
  try {
    const text = localStorage.getItem(storageKey(source));
    if (text === null) return null;
    file = JSON.parse(text);
  } catch {
    return null;
  }
  const docs = typeof file === "object" && file !== null ? (file as { panels?: unknown }).panels : undefined;
  if (!Array.isArray(docs)) return null;
  const panels: PanelSpec[] = [];
  for (const doc of docs as unknown[]) {
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return null;
    const fields = doc as Record<string, unknown>;
    if (fields["qel"] !== currentVersion() || typeof fields["expr"] !== "string") return null;
    panels.push(panelFromFields(fields["expr"], fields));
  }
  return panels;
}

/** What the worker evaluates before it is asked, for the dashboard the page will show for a runs source. */
export function firstPanels(source: string): FirstPanels {
  if (!hasSaved(source)) return { starters: true, early: [] };
  return { starters: false, early: savedAsWritten(source)?.map((p) => p.expr) ?? [] };
}
