/** Draws a result in the view chosen (or the suggested one): a big value, a table, a chart or the printed value. */
import type { ResultModel, ViewKind } from "../worker/model.js";
import { renderChart } from "./charts.js";
import { renderTable } from "./table.js";

/**
 * The width charts are drawn at: each result area's width as a ResizeObserver last reported it (after a layout the
 * browser did anyway). Reading a width while drawing would make the browser lay the page out again, tables of
 * hundreds of rows included, for every panel that shows a chart; Plot's SVG scales down to a narrower panel.
 */
const widths = new WeakMap<Element, number>();
const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver((entries) => {
  for (const e of entries) widths.set(e.target, e.contentRect.width);
});

/** Starts following the width of a result area (before results are drawn into it). */
export function followWidth(host: HTMLElement): void {
  observer?.observe(host);
}

/** Stops following it (the panel is removed). */
export function unfollowWidth(host: HTMLElement): void {
  observer?.unobserve(host);
}

function chartWidth(host: HTMLElement): number {
  return Math.max(320, widths.get(host) || 480);
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
