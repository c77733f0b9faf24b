/**
 * What the evaluation worker sends back for a result: plain data a view can draw, chosen from the value's shape.
 * Tables keep exact values (their text is what the user reads); chart data is complete here too, and only the
 * drawing step downsamples long series.
 */

export type ViewKind = "value" | "table" | "bars" | "histogram" | "grouped" | "line" | "scatter" | "json";

export const VIEW_LABELS: Readonly<Record<ViewKind, string>> = {
  value: "Big value",
  table: "Table",
  bars: "Bars",
  histogram: "Histogram",
  grouped: "Grouped bars",
  line: "Line chart",
  scatter: "Scatter",
  json: "Text",
};

/** A table cell: the text shown and the key it sorts by (numbers and dates by number, the rest by text). */
export interface Cell {
  readonly text: string;
  readonly sort: number | string | null;
}

export interface TableData {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Rows in the result; more than rows.length when the table was cut. */
  readonly total: number;
}

export interface ResultModel {
  /** The result's type, printed. */
  readonly type: string;
  /** The value printed (cut when very long). */
  readonly text: string;
  readonly suggested: ViewKind;
  /** Every view that can show this result, suggested first. */
  readonly views: readonly ViewKind[];
  readonly table?: TableData;
  /** One number per label: bars, or a histogram of the values. */
  readonly points?: readonly { readonly label: string; readonly value: number }[];
  readonly pointsName?: string;
  /** Several numbers per label, one per series. */
  readonly groups?: readonly { readonly group: string; readonly series: string; readonly value: number }[];
  /** Lines: one series per run (or list), x is `_step` (or the position). */
  readonly lines?: readonly { readonly series: string; readonly x: number; readonly y: number }[];
  readonly xName?: string;
  readonly yName?: string;
  readonly scatter?: readonly { readonly label: string; readonly x: number; readonly y: number }[];
}

/** Where an error is in the expression, with its line and column, for the inline message. */
export interface ErrorModel {
  readonly code: string;
  readonly message: string;
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly column: number;
}

/** A runs source the worker can load. */
export type RunsSource =
  | { readonly kind: "sample" }
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "text"; readonly text: string; readonly fileName: string };

export type ToWorker =
  /** `starters`: also evaluate the starter panels for these runs before they are asked for. */
  | { readonly type: "load"; readonly source: RunsSource; readonly starters: boolean }
  | { readonly type: "eval"; readonly id: number; readonly expr: string }
  /** The runs' schema, for the editors: answered in turn, after the evaluations sent before. */
  | { readonly type: "schema" };

export interface LoadedInfo {
  readonly runs: number;
  readonly project: string;
  readonly issues: readonly string[];
  /** The most common numeric summary and history keys, for the starter panels. */
  readonly summaryKey: string | null;
  readonly historyKey: string | null;
  readonly ms: number;
}

export type FromWorker =
  | { readonly type: "loaded"; readonly info: LoadedInfo }
  | { readonly type: "load-failed"; readonly message: string }
  | { readonly type: "schema"; readonly schema: unknown }
  | { readonly type: "result"; readonly id: number; readonly result: ResultModel; readonly ms: number }
  | { readonly type: "error"; readonly id: number; readonly error: ErrorModel; readonly ms: number };
