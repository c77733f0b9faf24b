/** Which view a result gets, and the data each view receives, from the value's shape. */
import { evaluate, printType, compile } from "@qel/lang";
import { docRuns, docNow } from "@qel/ops";
import { describe, expect, it } from "vitest";
import { shapeResult, MAX_ROWS } from "./shape.js";

const runs = docRuns;
function shape(expr: string) {
  const c = compile(expr);
  return shapeResult(c.run({ runs }, { now: docNow }), printType(c.type));
}

describe("shapeResult", () => {
  it("shows a number or a string as a big value", () => {
    expect(shape("runs.count")).toMatchObject({ suggested: "value", text: String(runs.length), type: "number" });
    expect(shape('"a" + "b"').suggested).toBe("value");
  });

  it("shows runs as a table with one row per run, sortable by number and date", () => {
    const m = shape("runs");
    expect(m.suggested).toBe("table");
    expect(m.table?.columns.slice(0, 3)).toEqual(["name", "displayName", "state"]);
    expect(m.table?.rows).toHaveLength(runs.length);
    expect(typeof m.table?.rows[0]?.[5]?.sort).toBe("number");
  });

  it("shows numbers as bars, or as a histogram when there are many", () => {
    expect(shape("[3, 1, null, 2]")).toMatchObject({ suggested: "bars", points: [{ label: "0", value: 3 }, { label: "1", value: 1 }, { label: "3", value: 2 }] });
    expect(shape("range(0, 100)").suggested).toBe("histogram");
  });

  it("shows groups as bars of their sizes, and dicts with a label and one number as bars", () => {
    const groups = shape("runs.groupBy(r => r.state)");
    expect(groups.suggested).toBe("bars");
    expect(groups.points?.reduce((n, p) => n + p.value, 0)).toBe(runs.length);
    const perRun = shape("runs.map(r => {run: r.name, n: r.history.count})");
    expect(perRun.suggested).toBe("bars");
    expect(perRun.points?.map((p) => p.label)).toEqual(runs.map((r) => r.name));
  });

  it("shows two numbers per run as a scatter, more as grouped bars", () => {
    const two = shape("runs.map(r => {run: r.name, a: r.history.count, b: r.tags.count})");
    expect(two.suggested).toBe("scatter");
    expect(two.scatter).toHaveLength(runs.length);
    expect(two.views).toContain("grouped");
    expect(shape("runs.map(r => {run: r.name, a: 1, b: 2, c: 3})").suggested).toBe("grouped");
  });

  it("shows history rows as one line per run, labelled by the run", () => {
    const m = shape("runs.filter(r => r.history.count > 0).map(r => {run: r.name, h: r.history})");
    expect(m.suggested).toBe("line");
    const series = new Set(m.lines?.map((p) => p.series));
    expect(series.size).toBeGreaterThan(0);
    expect([...series].every((s) => runs.some((r) => r.name === s))).toBe(true);
    expect(m.xName).toBe("_step");
  });

  it("cuts tables at MAX_ROWS rows but counts them all", () => {
    const m = shapeResult(evaluate(`range(0, ${MAX_ROWS + 5}).map(i => {i: i})`), "list");
    expect(m.table?.rows).toHaveLength(MAX_ROWS);
    expect(m.table?.total).toBe(MAX_ROWS + 5);
  });
});
