/**
 * Saved panels as @qel/lang's saved-expression documents, `{"qel": <language version>, "expr": "<canonical
 * text>", ...host fields}` (docs/panels.md), and a dashboard file holding them. Host fields (title, view) are
 * kept verbatim. Loading an older document runs the language's migrations and says what they changed; one from a
 * newer version is kept as written, with a note.
 */
import { LANGUAGE_VERSION, load, migrations, save, type LoadOptions, type SavedExpression } from "@qel/lang";
import type { KeptVersion } from "./panels.js";

/** The dashboard file's format tag. */
export const DASHBOARD_FORMAT = "qel-dashboard/1";

export type PanelDocument = SavedExpression;

export interface LoadedDocument {
  readonly expr: string;
  readonly host: Readonly<Record<string, unknown>>;
  /** What loading changed or noticed, in words (empty when nothing). */
  readonly notes: readonly string[];
  /** The version a document that was left as it was (`newer`, `pending`) keeps while its text is unchanged. */
  readonly kept?: KeptVersion;
}

let migrationOptions: Pick<LoadOptions, "migrations" | "currentVersion"> = {};

/**
 * Uses another migration table and language version than the library's (tests of migrating an older dashboard,
 * while the language has had no change that needs one).
 */
export function useMigrations(options: Pick<LoadOptions, "migrations" | "currentVersion">): void {
  migrationOptions = options;
}

/** A document for `expr` (its canonical form when it parses, else as written) with the host's fields. */
export function saveDocument(expr: string, host: Readonly<Record<string, unknown>> = {}): PanelDocument {
  return save(expr, host);
}

const firstSentence = (text: string): string => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

/** Reads one document (migrating it); an Error names what is wrong with a value that is not one. */
export function loadDocument(doc: unknown, where: string): LoadedDocument | Error {
  const r = load(doc, migrationOptions);
  if (r.status === "invalid") return new Error(`${where}: ${r.diagnostics[0]?.message ?? "not a saved panel"}`);
  const { qel: _version, expr: _expr, ...host } = r.document as Record<string, unknown>;
  const notes: string[] = [];
  const current = migrationOptions.currentVersion ?? LANGUAGE_VERSION;
  if (r.status === "newer") notes.push(`${where}: ${r.diagnostics[0]?.message ?? "saved by a newer qel"}; kept as written`);
  if (r.status === "migrated") {
    const what = r.changes.length > 0 ? r.changes.map((c) => c.message).join("; ") : "the expression needed no change";
    notes.push(`${where}: migrated from language version ${r.version} to ${current}: ${what}`);
    for (const m of migrationOptions.migrations ?? migrations) {
      if (r.version !== undefined && m.version > r.version && m.version <= current) notes.push(`  language version ${m.version}: ${firstSentence(m.summary)}`);
    }
  }
  for (const s of r.skipped) notes.push(`${where}: not migrated: ${s.message}`);
  const kept = (r.status === "newer" || r.status === "pending") && r.version !== undefined ? { kept: { qel: r.version, expr: r.expr } } : {};
  return { expr: r.expr, host, notes, ...kept };
}

export interface DashboardFile {
  readonly format: typeof DASHBOARD_FORMAT;
  readonly title: string;
  readonly panels: readonly PanelDocument[];
}

/** Reads a dashboard file's text: its panels and notes, or an Error saying what is wrong. */
export function readDashboardFile(text: string, fileName: string): { title: string; panels: LoadedDocument[]; notes: string[] } | Error {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return new Error(`${fileName}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const obj = data as Record<string, unknown> | null;
  if (typeof obj !== "object" || obj === null || !Array.isArray(obj["panels"])) return new Error(`${fileName}: not a dashboard (expected {"format": "${DASHBOARD_FORMAT}", "panels": [...]})`);
  if (obj["format"] !== undefined && obj["format"] !== DASHBOARD_FORMAT) return new Error(`${fileName}: unsupported format ${JSON.stringify(obj["format"])} (expected "${DASHBOARD_FORMAT}")`);
  const panels: LoadedDocument[] = [];
  const notes: string[] = [];
  for (const [i, doc] of (obj["panels"] as unknown[]).entries()) {
    const r = loadDocument(doc, `panel ${i + 1}`);
    if (r instanceof Error) return new Error(`${fileName}: ${r.message}`);
    panels.push(r);
    notes.push(...r.notes);
  }
  return { title: typeof obj["title"] === "string" ? obj["title"] : "Dashboard", panels, notes };
}
