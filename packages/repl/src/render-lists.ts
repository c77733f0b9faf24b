/**
 * Tables for lists of runs, artifact versions, users, groups and dicts. A runs table shows the fixed columns
 * (name, job type, state, user, created, runtime) and then the config and summary keys whose values differ
 * between the runs, most widely present first (the one the runs were sorted by before them).
 */
import { ArtifactVersion, DateValue, DurationValue, Run, User, groupKeys, type Dict, type Value } from "@qel/ops";
import { formatBytes, formatDate, formatDuration, palette, plural } from "./render-format.js";
import { renderTable, type Cell, type Column } from "./render-table.js";
import { inline, keyText, type Ctx } from "./render.js";

const NULL_CELL: Cell = { text: "null", style: "dim" };

/** A value as a table cell: compact numbers, bare strings, nulls dim. */
function cell(v: Value, ctx: Ctx): Cell {
  if (v === null) return NULL_CELL;
  if (typeof v === "number" || v instanceof DurationValue) return { text: inline(v, plain(ctx), 40, { compact: true }), style: "number" };
  if (typeof v === "string") return { text: v.replace(/\s+/g, " ") };
  if (typeof v === "boolean") return { text: String(v), style: "keyword" };
  if (v instanceof DateValue) return { text: formatDate(v.ms, ctx.zone), style: "date" };
  return { text: inline(v, plain(ctx), 60, { compact: true }), nested: Array.isArray(v) || v instanceof Map };
}

/** The same options without colors: cells are painted whole by the table. */
function plain(ctx: Ctx): Ctx {
  return { ...ctx, p: palette(false) };
}

/** A stable text for comparing values of a column (two runs differ when their texts differ). */
function sameKey(v: Value | undefined): string {
  if (v === undefined) return "\u0000missing";
  if (v === null || typeof v !== "object") return `${typeof v}:${String(v)}`;
  if (v instanceof DateValue || v instanceof DurationValue) return `${v.constructor.name}:${v.ms}`;
  try {
    return JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x));
  } catch {
    return "\u0000object";
  }
}

interface DiffColumn {
  readonly source: "config" | "summary";
  readonly key: string;
  readonly present: number;
}

/**
 * A dict with nested dicts spread into dotted keys (`model.name`), as experiment tables show configs; a literal
 * key that already holds a dot stays as it is. Nesting deeper than three levels is shown as a value.
 */
function flatten(d: Dict, prefix = "", depth = 0, out = new Map<string, Value>()): Map<string, Value> {
  for (const [k, v] of d) {
    const key = prefix === "" ? k : `${prefix}.${k}`;
    if (v instanceof Map && v.size > 0 && depth < 3) flatten(v as Dict, key, depth + 1, out);
    else out.set(key, v);
  }
  return out;
}

const flatCache = new WeakMap<Dict, Map<string, Value>>();
function flat(d: Dict): Map<string, Value> {
  let m = flatCache.get(d);
  if (m === undefined) flatCache.set(d, (m = flatten(d)));
  return m;
}

/** The config and summary keys whose values differ among `runs` (sampled), most widely present first. */
function differingKeys(runs: readonly Run[]): DiffColumn[] {
  const sample = runs.length > 2000 ? runs.slice(0, 2000) : runs;
  const out: DiffColumn[] = [];
  for (const source of ["config", "summary"] as const) {
    const seen = new Map<string, { first: string; differs: boolean; present: number }>();
    sample.forEach((r, i) => {
      const d = flat(source === "config" ? r.config : r.summary);
      for (const [k, v] of d) {
        const text = sameKey(v);
        const s = seen.get(k);
        if (s === undefined) seen.set(k, { first: text, differs: i > 0, present: 1 });
        else {
          s.present++;
          if (s.first !== text) s.differs = true;
        }
      }
    });
    for (const [key, s] of seen) {
      if (s.differs || s.present < sample.length) out.push({ source, key, present: s.present });
    }
  }
  // Keys W&B adds itself (`_runtime`, `_step`, …) go last; otherwise widest presence first, config before summary.
  const rank = (c: DiffColumn): number => (c.key.startsWith("_") ? 1 : 0);
  return out.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || b.c.present - a.c.present || a.i - b.i).map((x) => x.c);
}

/** The column the runs were sorted by moved to the front (added when equal in all), so it is shown whenever any is. */
function sortedFirst(diff: DiffColumn[], runs: readonly Run[], sortedBy: readonly string[] | undefined): DiffColumn[] {
  const source = sortedBy?.[0];
  if (sortedBy === undefined || sortedBy.length < 2 || (source !== "config" && source !== "summary")) return diff;
  const key = sortedBy.slice(1).join(".");
  const i = diff.findIndex((d) => d.source === source && d.key === key);
  if (i >= 0) return [diff[i]!, ...diff.slice(0, i), ...diff.slice(i + 1)];
  const present = runs.filter((r) => flat(source === "config" ? r.config : r.summary).has(key)).length;
  return present > 0 ? [{ source, key, present }, ...diff] : diff;
}

/** Lists of runs: the fixed columns, then the config/summary columns that differ, fitted to the width. */
export function renderRunTable(runs: readonly Run[], ctx: Ctx): string {
  const shown = runs.slice(0, ctx.maxRows);
  const diff = sortedFirst(differingKeys(runs), runs, ctx.sortedBy);
  const names = new Map<string, number>();
  for (const d of diff) names.set(d.key, (names.get(d.key) ?? 0) + 1);
  const columns: Column[] = [
    { header: "name", required: true, maxWidth: 32 },
    { header: "job type", maxWidth: 14 },
    { header: "state", maxWidth: 10 },
    { header: "user", maxWidth: 16 },
    { header: "created", maxWidth: 16 },
    { header: "runtime", align: "right", maxWidth: 10 },
    ...diff.map((d): Column => ({ header: (names.get(d.key) ?? 0) > 1 ? `${d.source}.${d.key}` : d.key, maxWidth: 20 })),
  ];
  const rows = shown.map((r): Cell[] => [
    { text: r.name, style: "bold" },
    r.jobType === null ? NULL_CELL : { text: r.jobType },
    r.state === null ? NULL_CELL : { text: r.state, ...(r.state === "crashed" || r.state === "failed" ? { style: "error" as const } : {}) },
    r.user === null ? NULL_CELL : { text: r.user.username },
    { text: formatDate(r.createdAt.ms, ctx.zone), style: "date" },
    { text: formatDuration(r.heartbeatAt.ms - r.createdAt.ms), style: "number" },
    ...diff.map((d) => {
      const v = flat(d.source === "config" ? r.config : r.summary).get(d.key);
      return v === undefined ? { text: "" } : cell(v, ctx);
    }),
  ]);
  return renderTable(columns, rows, { width: ctx.width, palette: ctx.p, ...(ctx.cutHint !== undefined ? { cutHint: ctx.cutHint } : {}), totalRows: runs.length, rowNoun: "runs", rowNounSingular: "run" });
}

/** Lists of artifact versions: name:version, type, aliases, size, created. */
export function renderArtifactTable(list: readonly ArtifactVersion[], ctx: Ctx): string {
  const columns: Column[] = [
    { header: "artifact", required: true, maxWidth: 40 },
    { header: "type", maxWidth: 14 },
    { header: "aliases", maxWidth: 30 },
    { header: "size", align: "right" },
    { header: "created", maxWidth: 16 },
  ];
  const rows = list.slice(0, ctx.maxRows).map((a): Cell[] => [
    { text: `${a.name}:v${a.version}`, style: "bold" },
    a.type === null ? NULL_CELL : { text: a.type },
    { text: a.aliases.join(", ") },
    a.size === null ? NULL_CELL : { text: formatBytes(a.size), style: "number" },
    a.createdAt === null ? NULL_CELL : { text: formatDate(a.createdAt.ms, ctx.zone), style: "date" },
  ]);
  return renderTable(columns, rows, { width: ctx.width, palette: ctx.p, ...(ctx.cutHint !== undefined ? { cutHint: ctx.cutHint } : {}), totalRows: list.length, rowNoun: "artifact versions", rowNounSingular: "artifact version" });
}

/** Lists of users: username, name, email. */
export function renderUserTable(list: readonly User[], ctx: Ctx): string {
  const columns: Column[] = [{ header: "username", required: true }, { header: "name" }, { header: "email", maxWidth: 40 }];
  const rows = list.slice(0, ctx.maxRows).map((u): Cell[] => [
    { text: u.username, style: "bold" },
    u.name === null ? NULL_CELL : { text: u.name },
    u.email === null ? NULL_CELL : { text: u.email },
  ]);
  return renderTable(columns, rows, { width: ctx.width, palette: ctx.p, ...(ctx.cutHint !== undefined ? { cutHint: ctx.cutHint } : {}), totalRows: list.length, rowNoun: "users", rowNounSingular: "user" });
}

/** Lists of groups (from groupBy): key, size, and the first items. */
export function renderGroupTable(groups: readonly (readonly Value[])[], ctx: Ctx): string {
  const columns: Column[] = [{ header: "key", required: true, maxWidth: 30 }, { header: "count", align: "right" }, { header: "items", maxWidth: 200 }];
  const rows = groups.slice(0, ctx.maxRows).map((g): Cell[] => {
    const key = groupKeys.get(g) ?? null;
    const items = g.slice(0, 8).map((x) => (x instanceof Run ? x.name : inline(x, plain(ctx), 30, { compact: true })));
    return [cell(key, ctx), { text: String(g.length), style: "number" }, { text: items.join(", ") + (g.length > 8 ? ", …" : "") }];
  });
  return renderTable(columns, rows, { width: ctx.width, palette: ctx.p, ...(ctx.cutHint !== undefined ? { cutHint: ctx.cutHint } : {}), totalRows: groups.length, rowNoun: "groups", rowNounSingular: "group" });
}

/** Whether a list is best shown as a table: non-empty, every item a dict, with few distinct keys. */
export function isTabularDicts(list: readonly Value[]): boolean {
  if (list.length === 0 || !list.every((x) => x instanceof Map)) return false;
  const keys = new Set<string>();
  for (const d of list.slice(0, 500) as readonly Dict[]) for (const k of d.keys()) keys.add(k);
  return keys.size > 0 && keys.size <= 40;
}

/** Lists of dicts (history rows, `{user: …, runs: …}` results): one column per key, in order of appearance. */
export function renderDictTable(list: readonly Dict[], ctx: Ctx): string {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const d of list.slice(0, 500)) {
    for (const k of d.keys()) if (!seen.has(k)) seen.add(k), keys.push(k);
  }
  // The key the rows were sorted by comes right after the first column, so it is shown whenever two are.
  const sorted = ctx.sortedBy?.length === 1 ? keys.indexOf(ctx.sortedBy[0]!) : -1;
  if (sorted > 1) keys.splice(1, 0, ...keys.splice(sorted, 1));
  const numeric = keys.map((k) => list.slice(0, ctx.maxRows).every((d) => {
    const v = d.get(k);
    return v === undefined || v === null || typeof v === "number" || v instanceof DurationValue;
  }));
  const columns: Column[] = keys.map((k, i) => ({ header: keyText(k), ...(numeric[i] === true ? { align: "right" as const } : {}), ...(i === 0 ? { required: true } : {}) }));
  const rows = list.slice(0, ctx.maxRows).map((d) => keys.map((k) => {
    const v = d.get(k);
    return v === undefined ? { text: "" } : cell(v, ctx);
  }));
  const summary = list.length > ctx.maxRows ? undefined : plural(list.length, "row");
  const table = renderTable(columns, rows, { width: ctx.width, palette: ctx.p, ...(ctx.cutHint !== undefined ? { cutHint: ctx.cutHint } : {}), totalRows: list.length, rowNoun: "rows", rowNounSingular: "row" });
  return summary !== undefined && list.length > 10 ? `${table}\n${ctx.p.dim}${summary}${ctx.p.reset}` : table;
}
