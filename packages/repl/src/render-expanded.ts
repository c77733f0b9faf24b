/**
 * A value shown whole, for the REPL's `:show`: where a table cell or a one-line form cuts a nested value with
 * "…", this lays it out as an indented tree, one key or item per line, with nothing cut but lists and dicts past
 * `maxItems` entries (counted). A run shows its fields, then its config, summary and metadata whole.
 */
import { ArtifactVersion, DateValue, DurationValue, Run, User, type Dict, type Value } from "@qel/ops";
import { paint, plural } from "./render-format.js";
import { inline, keyText, type Ctx } from "./render.js";

/** The most entries of one list or dict shown before the rest is counted. */
const MAX_ITEMS = 1000;

function isScalar(v: Value): boolean {
  return v === null || typeof v !== "object" || v instanceof DateValue || v instanceof DurationValue || v instanceof User || v instanceof ArtifactVersion;
}

/** A run's fields in the order people read them, as a dict (config, summary and metadata nested). */
function runFields(r: Run): Dict {
  const fields = new Map<string, Value>([
    ["name", r.name],
    ["id", r.details.id],
    ["displayName", r.displayName],
    ["project", r.details.project],
    ["entity", r.details.entity],
    ["jobType", r.jobType],
    ["state", r.state],
    ["user", r.user],
    ["createdAt", r.createdAt],
    ["heartbeatAt", r.heartbeatAt],
    ["runtime", new DurationValue(r.heartbeatAt.ms - r.createdAt.ms)],
    ["tags", r.tags],
    ["group", r.group],
    ["sweep", r.sweep],
    ["notes", r.details.notes],
    ["config", r.config],
    ["summary", r.summary],
    ["metadata", r.details.metadata],
    ["historyRows", r.historyTable.length],
    ["loggedArtifacts", r.loggedArtifacts],
    ["usedArtifacts", r.usedArtifacts],
  ]);
  return fields;
}

function lines(v: Value, ctx: Ctx, indent: string, out: string[], head: string): void {
  const p = ctx.p;
  if (v instanceof Run) v = runFields(v);
  if (isScalar(v) || (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0)) {
    out.push(`${head}${inline(v, ctx, Number.POSITIVE_INFINITY)}`);
    return;
  }
  if (Array.isArray(v)) {
    const list = v as readonly Value[];
    const oneLine = list.every(isScalar) ? inline(list, ctx, Math.max(20, ctx.width - head.length)) : undefined;
    if (oneLine !== undefined && !oneLine.endsWith("…")) {
      out.push(`${head}${oneLine}`);
      return;
    }
    out.push(`${head}${paint(p.dim, `(${plural(list.length, "item")})`, p)}`);
    list.slice(0, MAX_ITEMS).forEach((x, i) => lines(x, ctx, `${indent}  `, out, `${indent}${paint(p.dim, `[${i}]`, p)} `));
    if (list.length > MAX_ITEMS) out.push(paint(p.dim, `${indent}  … ${list.length - MAX_ITEMS} more`, p));
    return;
  }
  if (v instanceof Map) {
    if (head.trim() !== "") out.push(head.trimEnd());
    const d = v as Dict;
    let n = 0;
    for (const [k, x] of d) {
      if (n++ === MAX_ITEMS) break;
      lines(x, ctx, `${indent}  `, out, `${indent}${paint(p.dim, `${keyText(k)}:`, p)} `);
    }
    if (d.size > MAX_ITEMS) out.push(paint(p.dim, `${indent}… ${d.size - MAX_ITEMS} more keys`, p));
    return;
  }
  out.push(`${head}${inline(v, ctx, Number.POSITIVE_INFINITY)}`);
}

/** `v` whole: nested dicts and lists one entry per line, indented. Never throws. */
export function renderExpanded(v: Value, ctx: Ctx): string {
  const out: string[] = [];
  try {
    lines(v, ctx, "", out, "");
  } catch {
    return inline(v, ctx, Number.POSITIVE_INFINITY);
  }
  return out.join("\n");
}
