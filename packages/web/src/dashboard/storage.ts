/**
 * The dashboard's storage: a dashboard file of saved-panel documents in localStorage, one per runs source, read
 * back through the language's migrations. Loaded with the language after the first panels show (see language.ts).
 */
import { DASHBOARD_FORMAT, loadDocument, saveDocument, type DashboardFile, type LoadedDocument, type PanelDocument } from "./documents.js";
import { panelFromFields, storageKey, type PanelSpec } from "./panels.js";

export { readDashboardFile, useMigrations } from "./documents.js";

/** A panel from a loaded document (unknown view names fall back to automatic). */
export function panelFromDocument(d: LoadedDocument): PanelSpec {
  return panelFromFields(d.expr, d.host, d.kept);
}

/** The dashboard as a file (also what localStorage holds). */
export function dashboardFile(title: string, panels: readonly PanelSpec[]): DashboardFile {
  return { format: DASHBOARD_FORMAT, title, panels: panels.map(documentOf) };
}

/**
 * A panel's document: written by this version, unless it was loaded at a version of its own (a newer qel's, or an
 * older one's whose migrations wait for its text to parse) and its text has not changed since: then as it was.
 */
function documentOf(p: PanelSpec): PanelDocument {
  const host = { title: p.title, view: p.view };
  if (p.kept !== undefined && p.kept.expr === p.expr) return { qel: p.kept.qel, expr: p.expr, ...host };
  return saveDocument(p.expr, host);
}

/** Saves the dashboard of a runs source. */
export function store(source: string, title: string, panels: readonly PanelSpec[]): void {
  try {
    localStorage.setItem(storageKey(source), JSON.stringify(dashboardFile(title, panels)));
  } catch {
    // Storage full or disabled: the dashboard still works, it is just not kept.
  }
}

/** The saved panels of a runs source, or null when none were saved. */
export function restore(source: string): PanelSpec[] | null {
  const text = localStorage.getItem(storageKey(source));
  if (text === null) return null;
  try {
    const file = JSON.parse(text) as { panels?: unknown };
    if (!Array.isArray(file.panels)) return null;
    const out: PanelSpec[] = [];
    for (const [i, doc] of file.panels.entries()) {
      const d = loadDocument(doc, `panel ${i + 1}`);
      if (!(d instanceof Error)) out.push(panelFromDocument(d));
    }
    return out;
  } catch {
    return null;
  }
}
