/**
 * Plain-text tables that fit a terminal: columns are kept in priority order while they fit the width, cells are
 * cut with "…", and what was left out (rows and columns) is counted in a footer.
 */
import { escapeControls, pad, paint, plural, truncate, type Palette } from "./render-format.js";

/** One cell: its text (no escapes) and the style to paint it with. */
export interface Cell {
  readonly text: string;
  readonly style?: keyof Palette;
  /** The cell shows a list or a dict (cutting it earns the table's cut hint). */
  readonly nested?: boolean;
}

export interface Column {
  readonly header: string;
  /** Numbers read best right-aligned. */
  readonly align?: "left" | "right";
  /** The widest a cell may be before it is cut (default 28). */
  readonly maxWidth?: number;
  /** Kept even when the terminal is narrow (shrunk instead of dropped). */
  readonly required?: boolean;
}

export interface TableOptions {
  readonly width: number;
  readonly palette: Palette;
  /** Total number of rows the caller had (may exceed `rows.length` when it passed only the first ones). */
  readonly totalRows?: number;
  /** Noun for the footer: "runs", "rows", … */
  readonly rowNoun?: string;
  readonly rowNounSingular?: string;
  /** Shown under the table when some cell was cut. */
  readonly cutHint?: string;
}

const GAP = 2;

/**
 * Renders `rows` under `columns` within `options.width` cells. Columns that do not fit are dropped from the end
 * (required ones are shrunk instead) and named in a dim footer, as are rows beyond those passed. Control
 * characters in headers and cells are shown escaped (escapeControls), and widths are those of the escaped text.
 * Never throws.
 */
export function renderTable(givenColumns: readonly Column[], givenRows: readonly (readonly Cell[])[], options: TableOptions): string {
  const p = options.palette;
  // Every table's text comes from the data: escaped here, once, before anything is measured.
  const columns = givenColumns.map((c) => ({ ...c, header: escapeControls(c.header) }));
  const rows = givenRows.map((row) => row.map((c) => ({ ...c, text: escapeControls(c.text) })));
  const natural = columns.map((c, i) => {
    let w = c.header.length;
    for (const row of rows) w = Math.max(w, [...(row[i]?.text ?? "")].length);
    return Math.min(w, Math.max(c.maxWidth ?? 28, c.header.length));
  });
  const shown: number[] = [];
  let used = 0;
  const dropped: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    const need = natural[i]! + (shown.length > 0 ? GAP : 0);
    if (used + need <= options.width || columns[i]!.required === true) {
      shown.push(i);
      used += need;
    } else {
      dropped.push(columns[i]!.header);
    }
  }
  const widths = natural.slice();
  // Shrink the widest shown columns until the required ones fit too.
  while (used > options.width) {
    let widest = -1;
    for (const i of shown) if (widest === -1 || widths[i]! > widths[widest]!) widest = i;
    if (widest === -1 || widths[widest]! <= 4) break;
    widths[widest]!--;
    used--;
  }
  const lines: string[] = [];
  let cut = false;
  const cellText = (i: number, cell: Cell | undefined): string => {
    const text = truncate(cell?.text ?? "", widths[i]!);
    if (cell?.nested === true && text !== cell.text) cut = true;
    const styled = cell?.style !== undefined ? paint(p[cell.style], text, p) : text;
    return pad(styled, widths[i]!, columns[i]!.align === "right");
  };
  const join = (parts: string[]): string => parts.join(" ".repeat(GAP)).trimEnd();
  lines.push(paint(p.bold, join(shown.map((i) => pad(truncate(columns[i]!.header, widths[i]!), widths[i]!, columns[i]!.align === "right"))), p));
  for (const row of rows) lines.push(join(shown.map((i) => cellText(i, row[i]))));
  const footer: string[] = [];
  const total = options.totalRows ?? rows.length;
  if (total > rows.length) {
    const noun = options.rowNoun ?? "rows";
    footer.push(`… ${total - rows.length} more ${total - rows.length === 1 ? (options.rowNounSingular ?? noun) : noun} (${total} in all)`);
  }
  if (cut && options.cutHint !== undefined) footer.push(options.cutHint);
  if (dropped.length > 0) footer.push(`… ${plural(dropped.length, "more column")} not shown: ${truncate(dropped.join(", "), Math.max(20, options.width - 40))}`);
  for (const f of footer) lines.push(paint(p.dim, f, p));
  return lines.join("\n");
}
