/** The panels of a dashboard, the starter set for a project, and their storage in localStorage. */
import type { LoadedInfo, ViewKind } from "../worker/model.js";
import { DASHBOARD_FORMAT, loadDocument, saveDocument, type DashboardFile, type LoadedDocument } from "./documents.js";

export type ViewChoice = ViewKind | "auto";

export interface PanelSpec {
  readonly id: string;
  title: string;
  expr: string;
  view: ViewChoice;
}

let counter = 0;
/** A page-unique panel id. */
export function newPanelId(): string {
  return `p${Date.now().toString(36)}${(counter++).toString(36)}`;
}

const VIEWS: readonly ViewChoice[] = ["auto", "value", "table", "bars", "histogram", "grouped", "line", "scatter", "json"];

/** A panel from a loaded document (unknown view names fall back to automatic). */
export function panelFromDocument(d: LoadedDocument): PanelSpec {
  const view = VIEWS.includes(d.host["view"] as ViewChoice) ? (d.host["view"] as ViewChoice) : "auto";
  return { id: newPanelId(), title: typeof d.host["title"] === "string" ? d.host["title"] : "Panel", expr: d.expr, view };
}

const quoted = (key: string): string => JSON.stringify(key);

/** Useful first panels for the loaded runs: a run table, runs per state, a summary metric per run, a metric's history. */
export function starterPanels(info: LoadedInfo): PanelSpec[] {
  const panels: PanelSpec[] = [
    { id: newPanelId(), title: "Runs", expr: "runs", view: "auto" },
    { id: newPanelId(), title: "Runs per state", expr: "runs.groupBy(r => r.state).map(g => {state: g.key, runs: g.count})", view: "auto" },
  ];
  const s = info.summaryKey;
  if (s !== null) {
    panels.push({
      id: newPanelId(),
      title: `${s} per run`,
      expr: `runs.filter(r => r.summary[${quoted(s)}] != null).limit(30).map(r => {run: r.displayName ?? r.name, ${quoted(s)}: r.summary[${quoted(s)}]})`,
      view: "auto",
    });
  }
  const h = info.historyKey;
  if (h !== null) {
    panels.push({
      id: newPanelId(),
      title: `${h} history`,
      expr: `runs.filter(r => r.history.count > 0).limit(5).map(r => {run: r.displayName ?? r.name, history: r.history.map(row => {_step: row._step, ${quoted(h)}: row[${quoted(h)}]})})`,
      view: "auto",
    });
  }
  return panels;
}

/** The dashboard as a file (also what localStorage holds). */
export function dashboardFile(title: string, panels: readonly PanelSpec[]): DashboardFile {
  return { format: DASHBOARD_FORMAT, title, panels: panels.map((p) => saveDocument(p.expr, { title: p.title, view: p.view })) };
}

const storageKey = (source: string): string => `qel.dashboard:${source}`;

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
