/**
 * Renders qel values for people (the REPL and the one-shot commands without `--json`): lists of runs, artifact
 * versions, users and dicts as tables, other lists and dicts compactly, dates in a readable local form, durations
 * as "1h 30m". Long outputs are cut with a count of what was left out; everything fits the given width.
 * Text from the data passes through escapeControls where it enters (inline, keyText, the run card and artifact line
 * here, every cell and header in renderTable), so no control character of a run reaches the terminal.
 */
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, groupKeys, type Dict, type Value } from "@qel/ops";
import {
  escapeControls, formatBytes, formatDate, formatDuration, formatNumber, formatRelative, isIdentifier, paint, palette, plural,
  truncate, visibleLength, type Palette, type TimeZone,
} from "./render-format.js";
import { renderExpanded } from "./render-expanded.js";
import { renderArtifactTable, renderDictTable, renderGroupTable, renderRunTable, renderUserTable, isTabularDicts } from "./render-lists.js";

export interface RenderOptions {
  /** ANSI colors (default false). */
  readonly color?: boolean;
  /** Terminal width in cells (default 100). */
  readonly width?: number;
  /** Most table rows shown before the rest is counted (default 20). */
  readonly maxRows?: number;
  /** Most list items or dict entries shown before the rest is counted (default 100). */
  readonly maxItems?: number;
  /** Where dates are shown (default the local time zone). */
  readonly timeZone?: TimeZone;
  /** The clock for "3 days ago" after a date, in ms since the epoch; omitted, no relative text. */
  readonly now?: number;
  /** The key path the value was sorted by (`["summary", "acc"]`): its table shows that column among the first. */
  readonly sortedBy?: readonly string[];
  /** Show the value whole (render-expanded.ts) instead of fitted to the width. */
  readonly expanded?: boolean;
  /** A line shown under a table whose cells were cut, telling how to see them whole. */
  readonly cutHint?: string;
}

/** Options with every default filled in, as the renderers pass them around. */
export interface Ctx {
  readonly p: Palette;
  readonly width: number;
  readonly maxRows: number;
  readonly maxItems: number;
  readonly zone: TimeZone;
  readonly now: number | undefined;
  readonly sortedBy: readonly string[] | undefined;
  readonly cutHint: string | undefined;
}

function ctxOf(options: RenderOptions): Ctx {
  return {
    p: palette(options.color === true),
    width: Math.max(20, options.width ?? 100),
    maxRows: Math.max(1, options.maxRows ?? 20),
    maxItems: Math.max(1, options.maxItems ?? 100),
    zone: options.timeZone ?? "local",
    now: options.now,
    sortedBy: options.sortedBy,
    cutHint: options.cutHint,
  };
}

/** Renders a value as text for people; may span several lines, never ends in a newline, never throws. */
export function renderValue(value: Value, options: RenderOptions = {}): string {
  const ctx = ctxOf(options);
  try {
    return options.expanded === true ? renderExpanded(value, ctx) : renderTop(value, ctx);
  } catch {
    return inline(value, ctx, ctx.width);
  }
}

function renderTop(v: Value, ctx: Ctx): string {
  if (Array.isArray(v)) return renderList(v as readonly Value[], ctx);
  if (v instanceof Map) return renderDict(v, ctx);
  if (v instanceof Run) return renderRun(v, ctx);
  if (v instanceof DateValue) {
    const text = paint(ctx.p.date, formatDate(v.ms, ctx.zone, true), ctx.p);
    return ctx.now === undefined || Number.isNaN(v.ms) ? text : `${text} ${paint(ctx.p.dim, `(${formatRelative(v.ms, ctx.now)})`, ctx.p)}`;
  }
  if (v instanceof User) {
    const who = escapeControls([v.name, v.email !== null ? `<${v.email}>` : null].filter((x) => x !== null).join(" "));
    return `${paint(ctx.p.bold, escapeControls(v.username), ctx.p)}${who !== "" ? ` ${who}` : ""}`;
  }
  if (v instanceof ArtifactVersion) return renderArtifact(v, ctx);
  return inline(v, ctx, Number.POSITIVE_INFINITY);
}

function renderList(list: readonly Value[], ctx: Ctx): string {
  const group = groupKeys.get(list);
  if (group !== undefined) {
    const head = paint(ctx.p.dim, `group ${inline(group, ctx, 40)} · ${plural(list.length, "item")}`, ctx.p);
    return `${head}\n${renderList([...list], ctx)}`;
  }
  if (list.length === 0) return `[] ${paint(ctx.p.dim, "(empty list)", ctx.p)}`;
  if (list.every((x) => x instanceof Run)) return renderRunTable(list as readonly Run[], ctx);
  if (list.every((x) => x instanceof ArtifactVersion)) return renderArtifactTable(list as readonly ArtifactVersion[], ctx);
  if (list.every((x) => x instanceof User)) return renderUserTable(list as readonly User[], ctx);
  if (list.every((x) => Array.isArray(x) && groupKeys.has(x))) return renderGroupTable(list as readonly (readonly Value[])[], ctx);
  if (isTabularDicts(list)) return renderDictTable(list as readonly Dict[], ctx);
  return fitsOneLine(list, ctx) ?? packItems(list, ctx);
}

/** The one-line form when nothing had to be cut to fit the width. */
function fitsOneLine(v: Value, ctx: Ctx): string | undefined {
  const state = { cut: false };
  const text = inline(v, ctx, ctx.width, { state });
  return state.cut ? undefined : text;
}

/** A long list, several items per line (or one per line when they are large), then a count of the rest. */
function packItems(list: readonly Value[], ctx: Ctx): string {
  const shown = list.slice(0, ctx.maxItems);
  const scalar = shown.every((x) => x === null || typeof x !== "object" || x instanceof DateValue || x instanceof DurationValue);
  const lines: string[] = ["["];
  if (scalar) {
    let line = "";
    for (const item of shown) {
      const text = `${inline(item, ctx, ctx.width - 4)},`;
      if (line !== "" && visibleLength(line) + 1 + visibleLength(text) > ctx.width - 2) {
        lines.push(`  ${line}`);
        line = text;
      } else {
        line = line === "" ? text : `${line} ${text}`;
      }
    }
    if (line !== "") lines.push(`  ${line}`);
  } else {
    for (const item of shown) lines.push(`  ${inline(item, ctx, ctx.width - 3)},`);
  }
  if (list.length > shown.length) lines.push(paint(ctx.p.dim, `  … ${list.length - shown.length} more (${list.length} in all)`, ctx.p));
  lines.push("]");
  return lines.join("\n");
}

function renderDict(d: Dict, ctx: Ctx): string {
  if (d.size === 0) return "{}";
  const oneLine = fitsOneLine(d, ctx);
  if (oneLine !== undefined) return oneLine;
  const lines = ["{"];
  let n = 0;
  for (const [k, v] of d) {
    if (n++ >= ctx.maxItems) break;
    const key = keyText(k);
    lines.push(`  ${key}: ${inline(v, ctx, ctx.width - key.length - 5)},`);
  }
  if (d.size > ctx.maxItems) lines.push(paint(ctx.p.dim, `  … ${d.size - ctx.maxItems} more keys (${d.size} in all)`, ctx.p));
  lines.push("}");
  return lines.join("\n");
}

function renderRun(r: Run, ctx: Ctx): string {
  const p = ctx.p;
  const field = (name: string, value: string | null): string => `${paint(p.dim, `${name}:`, p)} ${value === null ? paint(p.dim, "null", p) : escapeControls(value)}`;
  const fields = [
    field("job type", r.jobType),
    field("state", r.state),
    field("user", r.user?.username ?? null),
    field("created", paint(p.date, formatDate(r.createdAt.ms, ctx.zone), p)),
    field("runtime", formatDuration(r.heartbeatAt.ms - r.createdAt.ms)),
  ];
  if (r.group !== null) fields.push(field("group", r.group));
  if (r.tags.length > 0) fields.push(field("tags", r.tags.join(", ")));
  const title = `${paint(p.bold, escapeControls(r.name), p)}${r.displayName !== null && r.displayName !== r.name ? ` ${paint(p.dim, `(${escapeControls(r.displayName)})`, p)}` : ""}`;
  const lines = [title, ...packParts(fields, ctx.width, "  ")];
  for (const [name, d] of [["config", r.config], ["summary", r.summary]] as const) {
    if (d.size === 0) continue;
    lines.push(paint(p.bold, name, p));
    const entries = [...d].slice(0, ctx.maxItems).map(([k, v]) => `${paint(p.dim, `${keyText(k)}:`, p)} ${inline(v, ctx, 40, { compact: true })}`);
    lines.push(...packParts(entries, ctx.width, "  "));
    if (d.size > ctx.maxItems) lines.push(paint(p.dim, `  … ${d.size - ctx.maxItems} more keys`, p));
  }
  lines.push(paint(p.dim, `history: ${plural(r.history.length, "row")} · logged: ${plural(r.loggedArtifacts.length, "artifact")} · used: ${plural(r.usedArtifacts.length, "artifact")}`, p));
  return lines.join("\n");
}

/** Packs parts into lines of at most `width` cells, three spaces apart, each line starting with `indent`. */
function packParts(parts: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const part of parts) {
    if (line !== "" && visibleLength(line) + 3 + visibleLength(part) > width) {
      lines.push(line);
      line = "";
    }
    line = line === "" ? indent + part : `${line}   ${part}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

function renderArtifact(a: ArtifactVersion, ctx: Ctx): string {
  const p = ctx.p;
  const parts = [paint(p.bold, escapeControls(`${a.name}:v${a.version}`), p)];
  if (a.type !== null) parts.push(escapeControls(a.type));
  if (a.aliases.length > 0) parts.push(escapeControls(`[${a.aliases.join(", ")}]`));
  if (a.size !== null) parts.push(formatBytes(a.size));
  if (a.createdAt !== null) parts.push(paint(p.date, formatDate(a.createdAt.ms, ctx.zone), p));
  return parts.join("  ");
}

/** A dict key as written in qel: bare when it is a name, else a JSON string (DEL and C1 controls escaped too). */
export function keyText(k: string): string {
  return isIdentifier(k) ? k : escapeControls(JSON.stringify(k));
}

export interface InlineOptions {
  /** Keep 4 significant digits (table cells). */
  readonly compact?: boolean;
  /** Strings without quotes, whitespace runs as one space (table cells). */
  readonly bare?: boolean;
  /** Set to true when anything was cut. */
  readonly state?: { cut: boolean };
}

/** One-line form of any value, cut with "…" or "… N more" beyond `budget` cells. */
export function inline(v: Value, ctx: Ctx, budget: number, opts: InlineOptions = {}): string {
  const p = ctx.p;
  const { compact = false, bare = false } = opts;
  const cut = (s: string): string => {
    if (visibleLength(s) <= budget) return s;
    if (opts.state !== undefined) opts.state.cut = true;
    return truncate(s, budget);
  };
  if (v === null) return paint(p.dim, "null", p);
  switch (typeof v) {
    case "number":
      return paint(p.number, formatNumber(v, compact), p);
    case "boolean":
      return paint(p.keyword, String(v), p);
    case "string":
      return paint(p.string, cut(escapeControls(bare ? v.replace(/\s+/g, " ") : JSON.stringify(v))), p);
  }
  if (v instanceof DateValue) return paint(p.date, formatDate(v.ms, ctx.zone), p);
  if (v instanceof DurationValue) return paint(p.number, formatDuration(v.ms), p);
  if (v instanceof FunctionValue) return paint(p.dim, `<fn ${v.name}>`, p);
  if (v instanceof Run) return `<Run ${cut(escapeControls(v.name))}>`;
  if (v instanceof User) return `<User ${cut(escapeControls(v.username))}>`;
  if (v instanceof ArtifactVersion) return `<${cut(escapeControls(`${v.name}:v${v.version}`))}>`;
  const inner: InlineOptions = { compact, ...(opts.state !== undefined ? { state: opts.state } : {}) };
  if (Array.isArray(v)) {
    const list = v as readonly Value[];
    return joinInline("[", "]", list.length, (i, b) => inline(list[i]!, ctx, b, inner), budget, ctx, opts.state);
  }
  if (v instanceof Map) {
    const it = (v as Dict).entries();
    return joinInline("{", "}", v.size, (_i, b) => {
      const [k, x] = it.next().value as [string, Value];
      return `${keyText(k)}: ${inline(x, ctx, b - keyText(k).length - 2, inner)}`;
    }, budget, ctx, opts.state);
  }
  return "?";
}

/** Joins `count` parts (made in order by `part`) until the budget runs out, then "… N more". */
function joinInline(
  open: string, close: string, count: number, part: (i: number, budget: number) => string, budget: number, ctx: Ctx,
  state: { cut: boolean } | undefined,
): string {
  let out = open;
  const more = (n: number): string => {
    if (state !== undefined) state.cut = true;
    return `${out}${paint(ctx.p.dim, `… ${n} more`, ctx.p)}${close}`;
  };
  let used = open.length;
  for (let i = 0; i < count; i++) {
    const room = budget - used - 1;
    if (room < 8) return more(count - i);
    const text = part(i, Math.min(room, 60));
    const sep = i < count - 1 ? ", " : "";
    const width = visibleLength(text) + sep.length;
    if (used + width + 1 > budget && i > 0) return more(count - i);
    out += text + sep;
    used += width;
  }
  return out + close;
}
