/**
 * Charts with Observable Plot: declarative marks (bars, binned histograms, faceted grouped bars, lines per run,
 * dots) with axes, scales and colour legends handled by the library. Long line series are downsampled for drawing.
 */
import * as Plot from "@observablehq/plot";
import type { ResultModel, ViewKind } from "../worker/model.js";
import { downsample } from "./downsample.js";

/** Points per line series drawn at most. */
export const MAX_LINE_POINTS = 1000;

function byLabel<T>(rows: readonly T[], key: (r: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = []));
    g.push(r);
  }
  return [...groups.values()];
}

/** The chart for `view`, or null when the result has no data for it. */
export function renderChart(view: ViewKind, m: ResultModel, width: number): SVGSVGElement | HTMLElement | null {
  const common = { width, height: 260, marginLeft: 56, marginBottom: 40, style: { fontSize: "11px" } };
  switch (view) {
    case "bars":
      if (m.points === undefined) return null;
      return Plot.plot({
        ...common,
        x: { label: null, tickRotate: m.points.length > 8 ? -35 : 0, domain: m.points.map((p) => p.label) },
        y: { label: m.pointsName ?? "value", grid: true },
        marks: [Plot.barY(m.points, { x: "label", y: "value", fill: "steelblue", tip: true }), Plot.ruleY([0])],
      });
    case "histogram":
      if (m.points === undefined) return null;
      return Plot.plot({
        ...common,
        x: { label: m.pointsName ?? "value" },
        y: { label: "count", grid: true },
        marks: [Plot.rectY(m.points, { ...Plot.binX({ y: "count" }, { x: "value" }), fill: "steelblue" }), Plot.ruleY([0])],
      });
    case "grouped":
      if (m.groups === undefined) return null;
      return Plot.plot({
        ...common,
        fx: { label: null, tickRotate: -35 },
        x: { axis: null },
        y: { grid: true, label: null },
        color: { legend: true },
        marks: [Plot.barY(m.groups, { fx: "group", x: "series", y: "value", fill: "series", tip: true }), Plot.ruleY([0])],
      });
    case "line": {
      if (m.lines === undefined) return null;
      const drawn = byLabel(m.lines, (p) => p.series).flatMap((s) => downsample(s, MAX_LINE_POINTS));
      return Plot.plot({
        ...common,
        x: { label: m.xName ?? "x" },
        y: { label: m.yName ?? "y", grid: true },
        color: { legend: true },
        marks: [Plot.line(drawn, { x: "x", y: "y", stroke: "series", tip: true })],
      });
    }
    case "scatter":
      if (m.scatter === undefined) return null;
      return Plot.plot({
        ...common,
        x: { label: m.xName ?? "x", grid: true },
        y: { label: m.yName ?? "y", grid: true },
        marks: [Plot.dot(m.scatter, { x: "x", y: "y", fill: "steelblue", r: 3, tip: true, title: "label" })],
      });
    default:
      return null;
  }
}
