/**
 * Saved panels as saved-expression documents, `{"qel": <language version>, "expr": "<canonical text>", ...host
 * fields}` (see docs/editor.md), and a dashboard file holding them. Host fields (title, view) are kept verbatim.
 *
 * Loading an older document runs the language's migrations and says what changed; a document from a newer
 * version is kept as written, with a note, never guessed at. Until @qel/lang has its own save/load and migration
 * table this module is that adapter: the language version is 1 and no migration exists yet.
 */
import { format } from "@qel/lang";

/** The language version the page saves with. */
export const LANGUAGE_VERSION = 1;

/** The dashboard file's format tag. */
export const DASHBOARD_FORMAT = "qel-dashboard/1";

export interface PanelDocument {
  readonly qel: number;
  readonly expr: string;
  readonly [host: string]: unknown;
}

export interface LoadedDocument {
  readonly expr: string;
  readonly host: Readonly<Record<string, unknown>>;
  /** What loading changed or noticed, in words (empty when nothing). */
  readonly notes: readonly string[];
}

/** A document for `expr` (its canonical form when it parses, else as written) with the host's fields. */
export function saveDocument(expr: string, host: Readonly<Record<string, unknown>> = {}): PanelDocument {
  const f = format(expr);
  return { ...host, qel: LANGUAGE_VERSION, expr: f.ok ? f.value : expr };
}

/** Reads one document; an Error names what is wrong with a value that is not one. */
export function loadDocument(doc: unknown, where: string): LoadedDocument | Error {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return new Error(`${where}: not a saved panel (expected an object with "qel" and "expr")`);
  const { qel, expr, ...host } = doc as Record<string, unknown>;
  if (typeof expr !== "string") return new Error(`${where}: "expr" must be a string`);
  if (typeof qel !== "number" || !Number.isInteger(qel) || qel < 0) return new Error(`${where}: "qel" must be a language version number`);
  const notes: string[] = [];
  if (qel > LANGUAGE_VERSION) notes.push(`${where}: saved by a newer qel (language version ${qel}; this page has ${LANGUAGE_VERSION}); kept as written`);
  else if (qel < LANGUAGE_VERSION) notes.push(`${where}: migrated from language version ${qel} to ${LANGUAGE_VERSION}; the expression needed no change`);
  return { expr, host, notes };
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
