/** Draws a result in the view chosen (or the suggested one): a big value, a table, a chart or the printed value. */
import type { ResultModel, ViewKind } from "../worker/model.js";
import { renderChart } from "./charts.js";
import { renderTable } from "./table.js";

/**
 * The width charts are drawn at: a result's width, measured once and again after the window is resized. Panels
 * share the grid's column width, and reading a width after each result is drawn would make the browser lay the
 * whole page out again for every panel (Plot's SVG scales down to a narrower panel by itself).
 */
let measuredWidth: number | null = null;
addEventListener("resize", () => {
  measuredWidth = null;
});
function chartWidth(host: HTMLElement): number {
  measuredWidth ??= host.clientWidth;
  return Math.max(320, measuredWidth || 480);
}

/** The view that will be drawn for a choice: the choice when the result supports it, else the suggested view. */
export function effectiveView(choice: ViewKind | "auto", m: ResultModel): ViewKind {
  return choice !== "auto" && m.views.includes(choice) ? choice : m.suggested;
}

/** Renders `m` as `view` into `host`. */
export function renderResult(host: HTMLElement, m: ResultModel, view: ViewKind, label: string): void {
  host.dataset["view"] = view;
  if (view === "table" && m.table !== undefined) return renderTable(host, m.table, label);
  if (view === "value") {
    const big = document.createElement("div");
    big.className = "big-value";
    big.textContent = m.text;
    return host.replaceChildren(big);
  }
  const chart = view === "json" ? null : renderChart(view, m, chartWidth(host));
  if (chart !== null) {
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-label", `${label}: ${view} chart`);
    return host.replaceChildren(chart);
  }
  const pre = document.createElement("pre");
  pre.className = "result-text";
  pre.textContent = m.text;
  host.replaceChildren(pre);
}
