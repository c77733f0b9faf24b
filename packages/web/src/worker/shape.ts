/**
 * Turns an evaluated value into a ResultModel: the views that can show it, the suggested one, and the data each
 * needs. Decided from the value's shape (a list of numbers, of runs, of dicts with `_step`, …), so any expression
 * gets a sensible view without configuration.
 */
import { DateValue, DurationValue, Run, User, groupKeys, printValue, type Value } from "@qel/ops";
import type { Cell, ResultModel, TableData, ViewKind } from "./model.js";

/** Rows a table carries to the page; the rest are counted, not sent. */
export const MAX_ROWS = 1000;
const MAX_COLUMNS = 40;
const MAX_TEXT = 20_000;

type Dict = ReadonlyMap<string, Value>;
const isDict = (v: Value): v is Dict => v instanceof Map;
const isNum = (v: Value): v is number => typeof v === "number" && Number.isFinite(v);

function short(v: Value): string {
  if (v === null) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === "string") return v;
  if (v instanceof DateValue) return new Date(v.ms).toISOString().replace(".000Z", "Z");
  if (v instanceof Run) return v.displayName ?? v.name;
  if (v instanceof User) return v.username;
  const text = printValue(v);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function cell(v: Value): Cell {
  const sort = typeof v === "number" ? v : v instanceof DateValue ? v.ms : v instanceof DurationValue ? v.ms : v === null ? null : short(v);
  return { text: short(v), sort };
}

function runRow(r: Run): Value[] {
  return [r.name, r.displayName, r.state, r.jobType, r.user?.username ?? null, r.createdAt, new DurationValue(r.heartbeatAt.ms - r.createdAt.ms), r.tags.join(", ")];
}
const RUN_COLUMNS = ["name", "displayName", "state", "jobType", "user", "createdAt", "runtime", "tags"];

function table(columns: string[], rows: readonly Value[][], total: number): TableData {
  return { columns, rows: rows.slice(0, MAX_ROWS).map((r) => r.map(cell)), total };
}

/** The keys of a list of dicts, in first-seen order. */
function keysOf(dicts: readonly Dict[]): string[] {
  const keys = new Set<string>();
  for (const d of dicts) {
    for (const k of d.keys()) {
      keys.add(k);
      if (keys.size >= MAX_COLUMNS) return [...keys];
    }
  }
  return [...keys];
}

function tableOf(list: readonly Value[]): TableData {
  if (list.every((v) => v instanceof Run)) return table(RUN_COLUMNS, (list as Run[]).slice(0, MAX_ROWS).map(runRow), list.length);
  if (list.every(isDict)) {
    const cols = keysOf(list as Dict[]);
    return table(cols, (list as Dict[]).slice(0, MAX_ROWS).map((d) => cols.map((c) => d.get(c) ?? null)), list.length);
  }
  return table(["#", "value"], list.slice(0, MAX_ROWS).map((v, i) => [i, v]), list.length);
}

const isHistoryRows = (v: Value): v is readonly Dict[] => Array.isArray(v) && v.length > 0 && v.every((r) => isDict(r) && isNum(r.get("_step") ?? null));

/** The first key whose values are numbers (and not `_step`-like bookkeeping) in the rows. */
function numericKeys(rows: readonly Dict[], skipUnderscore: boolean): string[] {
  return keysOf(rows).filter((k) => !(skipUnderscore && k.startsWith("_")) && rows.some((r) => isNum(r.get(k) ?? null)) && rows.every((r) => { const v = r.get(k) ?? null; return v === null || typeof v === "number"; }));
}

function labelKey(rows: readonly Dict[]): string | undefined {
  return keysOf(rows).find((k) => rows.every((r) => { const v = r.get(k) ?? null; return v === null || typeof v === "string"; }) && rows.some((r) => typeof r.get(k) === "string"));
}

/** The printed value; for a big list or dict (whose views are tables and charts) only a line saying what it holds. */
function printed(value: Value): string {
  if (Array.isArray(value) && (value.length > 200 || value.some((v) => v instanceof Run || Array.isArray(v)))) return `a list of ${value.length} items`;
  if (isDict(value) && value.size > 200) return `a dict of ${value.size} keys`;
  return printValue(value);
}

function model(type: string, value: Value, suggested: ViewKind, extra: Partial<ResultModel>, others: ViewKind[]): ResultModel {
  const text = printed(value);
  const views = [suggested, ...others.filter((v) => v !== suggested)];
  if (!views.includes("json")) views.push("json");
  return { type, text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text, suggested, views, ...extra };
}

/** Lines for a list of history-row lists, or of dicts holding a label and such a list. */
function historyLines(list: readonly Value[]): Pick<ResultModel, "lines" | "xName" | "yName"> | undefined {
  const series: { name: string; rows: readonly Dict[] }[] = [];
  for (const [i, item] of list.entries()) {
    if (isHistoryRows(item)) series.push({ name: `#${i + 1}`, rows: item });
    else if (isDict(item)) {
      const rows = [...item.values()].find(isHistoryRows);
      const label = [...item.values()].find((v) => typeof v === "string");
      if (rows === undefined) return undefined;
      series.push({ name: typeof label === "string" ? label : `#${i + 1}`, rows });
    } else if (!(Array.isArray(item) && item.length === 0)) return undefined;
  }
  if (series.length === 0) return undefined;
  const y = numericKeys(series.flatMap((s) => s.rows.slice(0, 50)), true)[0];
  if (y === undefined) return undefined;
  const lines = series.flatMap((s) => s.rows.flatMap((r) => { const v = r.get(y) ?? null; return isNum(v) ? [{ series: s.name, x: r.get("_step") as number, y: v }] : []; }));
  return { lines, xName: "_step", yName: y };
}

/** The model of `value` (of printed type `type`). */
export function shapeResult(value: Value, type: string): ResultModel {
  if (value instanceof Run) return model(type, value, "table", { table: table(RUN_COLUMNS, [runRow(value)], 1) }, ["value"]);
  if (isDict(value)) {
    const entries = [...value.entries()];
    const t = table(["key", "value"], entries.map(([k, v]) => [k, v]), entries.length);
    if (entries.length > 0 && entries.every(([, v]) => isNum(v))) {
      return model(type, value, "bars", { table: t, points: entries.map(([k, v]) => ({ label: k, value: v as number })), pointsName: "value" }, ["table"]);
    }
    return model(type, value, "table", { table: t }, []);
  }
  if (!Array.isArray(value)) return model(type, value, "value", {}, []);
  const list = value as readonly Value[];
  const t = tableOf(list);
  if (list.length === 0) return model(type, value, "table", { table: t }, []);
  if (list.every((v) => v === null || typeof v === "number") && list.some(isNum)) {
    const points = list.flatMap((v, i) => (isNum(v) ? [{ label: String(i), value: v }] : []));
    return model(type, value, list.length > 40 ? "histogram" : "bars", { table: t, points, pointsName: "value" }, ["bars", "histogram", "table"]);
  }
  if (groupKeys.has(list[0] as readonly Value[]) && list.every((g) => Array.isArray(g))) {
    const groups = list as readonly (readonly Value[])[];
    const rows = groups.map((g) => [groupKeys.get(g) ?? null, g.length] as Value[]);
    const points = rows.map(([k, n]) => ({ label: short(k ?? null), value: n as number }));
    return model(type, value, "bars", { table: table(["key", "count"], rows, rows.length), points, pointsName: "count" }, ["table"]);
  }
  const lines = historyLines(list);
  if (lines !== undefined) return model(type, value, "line", { table: t, ...lines }, ["table"]);
  if (list.every(isDict)) {
    const rows = list as readonly Dict[];
    const nums = numericKeys(rows, false);
    const label = labelKey(rows);
    const views: ViewKind[] = ["table"];
    const extra: Partial<ResultModel> = { table: t };
    const labelOf = (r: Dict, i: number): string => (label !== undefined ? short(r.get(label) ?? null) : String(i));
    if (nums.length >= 1) {
      Object.assign(extra, { points: rows.flatMap((r, i) => { const v = r.get(nums[0]!) ?? null; return isNum(v) ? [{ label: labelOf(r, i), value: v }] : []; }), pointsName: nums[0] });
      views.push("bars");
    }
    if (nums.length >= 2) {
      Object.assign(extra, {
        groups: rows.flatMap((r, i) => nums.flatMap((k) => { const v = r.get(k) ?? null; return isNum(v) ? [{ group: labelOf(r, i), series: k, value: v }] : []; })),
        scatter: rows.flatMap((r, i) => { const x = r.get(nums[0]!) ?? null; const y = r.get(nums[1]!) ?? null; return isNum(x) && isNum(y) ? [{ label: labelOf(r, i), x, y }] : []; }),
        xName: nums[0], yName: nums[1],
      });
      views.push("grouped", "scatter");
    }
    const suggested: ViewKind = nums.length === 1 && label !== undefined ? "bars" : nums.length >= 2 ? (label !== undefined && nums.length > 2 ? "grouped" : "scatter") : "table";
    return model(type, value, suggested, extra, views);
  }
  return model(type, value, "table", { table: t }, []);
}
