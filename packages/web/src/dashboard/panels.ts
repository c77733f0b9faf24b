/**
 * The panels of a dashboard and the starter set for a project. Kept apart from their storage (storage.ts, which
 * needs @qel/lang's saved-expression documents) so the page can show its first panels before loading the language.
 */
import type { LoadedInfo, ViewKind } from "../worker/model.js";

export type ViewChoice = ViewKind | "auto";

export interface PanelSpec {
  readonly id: string;
  title: string;
  expr: string;
  view: ViewChoice;
  /**
   * For a panel loaded from a document that stayed at its version (written by a newer qel, or an older one whose
   * text does not parse yet, see docs/panels.md): that version and text. Saved again while its text is unchanged,
   * the document keeps that version, so what the panel means is never relabelled (see storage.ts).
   */
  readonly kept?: KeptVersion;
}

/** The language version a document keeps while its text is `expr`. */
export interface KeptVersion {
  readonly qel: number;
  readonly expr: string;
}

let counter = 0;
/** A page-unique panel id. */
export function newPanelId(): string {
  return `p${Date.now().toString(36)}${(counter++).toString(36)}`;
}

export const VIEWS: readonly ViewChoice[] = ["auto", "value", "table", "bars", "histogram", "grouped", "line", "scatter", "json"];

/** A panel from a saved document's expression and host fields (a missing title is "Panel"; an unknown view, automatic). */
export function panelFromFields(expr: string, host: Readonly<Record<string, unknown>>, kept?: KeptVersion): PanelSpec {
  const view = VIEWS.includes(host["view"] as ViewChoice) ? (host["view"] as ViewChoice) : "auto";
  return { id: newPanelId(), title: typeof host["title"] === "string" ? host["title"] : "Panel", expr, view, ...(kept !== undefined ? { kept } : {}) };
}

const quoted = (key: string): string => JSON.stringify(key);

/** Useful first panels for the loaded runs: a run table, runs per state, a summary metric per run, a metric's history. */
export function starterPanels(info: Pick<LoadedInfo, "summaryKey" | "historyKey">): PanelSpec[] {
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

/** Where a runs source's dashboard is kept in localStorage. */
export const storageKey = (source: string): string => `qel.dashboard:${source}`;

/** Whether a dashboard was saved for a runs source (without reading it). */
export function hasSaved(source: string): boolean {
  try {
    return localStorage.getItem(storageKey(source)) !== null;
  } catch {
    return false;
  }
}
