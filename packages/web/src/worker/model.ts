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

/** Runs the worker loads: the sample project, or a runs file's text. */
export type RunsText = { readonly kind: "sample" } | { readonly kind: "text"; readonly text: string; readonly fileName: string };

/** Runs the page can show: also those served at a URL (which the page fetches for the worker). */
export type RunsSource = RunsText | { readonly kind: "url"; readonly url: string };

/** A panel's answer: its result, or the error with its position; `ms` is the evaluation's time. */
export type Answer = { readonly ok: true; readonly result: ResultModel; readonly ms: number } | { readonly ok: false; readonly error: ErrorModel; readonly ms: number };

export type ToWorker =
  /**
   * Runs to load. Then, without being asked, the worker evaluates the starter panels for these runs (when
   * `starters`) and the expressions in `early` (the saved panels about to be shown), sending each answer as an
   * "early" message.
   */
  | { readonly type: "load"; readonly source: RunsText; readonly starters: boolean; readonly early: readonly string[] }
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
  /** The expressions the worker evaluates unasked, in order (each answered by an "early" message). */
  readonly early: readonly string[];
  readonly ms: number;
  /** When the worker started, had its language ready, and had the runs ready (ms since the epoch, for the page's timeline). */
  readonly timeline: { readonly workerStart: number; readonly languageReady: number; readonly runsReady: number };
}

export type FromWorker =
  | { readonly type: "loaded"; readonly info: LoadedInfo }
  | { readonly type: "load-failed"; readonly message: string }
  | { readonly type: "schema"; readonly schema: unknown }
  | { readonly type: "answer"; readonly id: number; readonly answer: Answer }
  | { readonly type: "early"; readonly expr: string; readonly answer: Answer };
