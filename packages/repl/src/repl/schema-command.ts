/**
 * `:schema [PREFIX | --all]`: the config, summary and history keys of the loaded runs with their types, in
 * alphabetical order. PREFIX keeps the keys that start with it (any case); `summary.` / `config.` / `history.` in
 * front narrows to that part (`:schema summary.val/`). At most `limit` keys per part are listed; the rest are
 * counted, with how to see them.
 */
import { printType, type Type } from "@qel/lang";
import type { RunSchema } from "@qel/ops";
import { escapeControls, paint, plural, type Palette } from "../render-format.js";
import { keyText } from "../render.js";

const PARTS = ["config", "summary", "history"] as const;

/** The keys listed per part unless `--all` is given. */
export const SCHEMA_LIMIT = 200;

export interface SchemaQuery {
  readonly parts: readonly (typeof PARTS)[number][];
  readonly prefix: string;
  readonly limit: number;
}

/** Reads the argument of `:schema`. */
export function schemaQuery(arg: string): SchemaQuery {
  const all = /(^|\s)--all(\s|$)/.test(arg);
  const rest = arg.replace(/(^|\s)--all(?=\s|$)/, " ").trim();
  const part = PARTS.find((p) => rest === p || rest.startsWith(`${p}.`));
  const prefix = part === undefined ? rest : rest.slice(part.length + 1);
  return { parts: part === undefined ? PARTS : [part], prefix, limit: all ? Number.POSITIVE_INFINITY : SCHEMA_LIMIT };
}

/** Each line at most `width` columns (a long type is cut with `…`; `:type` shows it whole). */
export function schemaText(schema: RunSchema, p: Palette, width = 100, query: SchemaQuery = schemaQuery("")): string {
  const lines: string[] = [];
  const prefix = query.prefix.toLowerCase();
  let hidden = 0;
  for (const part of query.parts) {
    const all = [...(schema[part] as ReadonlyMap<string, Type>)];
    const keys = all.filter(([k]) => k.toLowerCase().startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b, "en"));
    const count = prefix === "" ? plural(keys.length, "key") : `${keys.length} of ${plural(all.length, "key")} start with ${JSON.stringify(query.prefix)}`;
    lines.push(paint(p.bold, `${part} (${count})`, p));
    // Keys and the types of nested dicts come from the data: their control characters are shown escaped.
    const shown = keys.slice(0, query.limit).map(([k, t]) => [keyText(k), escapeControls(printType(t))] as const);
    const column = Math.min(32, Math.max(0, ...shown.map(([k]) => k.length)));
    for (const [k, t] of shown) {
      const room = Math.max(20, width - 4 - Math.max(column, k.length));
      const type = t.length <= room ? t : `${t.slice(0, room - 1)}…`;
      lines.push(`  ${k.padEnd(column)}  ${paint(p.keyword, type, p)}`);
    }
    if (keys.length > shown.length) {
      hidden += keys.length - shown.length;
      lines.push(paint(p.dim, `  … ${keys.length - shown.length} more ${part} keys not shown`, p));
    }
  }
  if (hidden > 0) {
    const again = `:schema ${query.parts.length === 1 ? `${query.parts[0]}.` : ""}${query.prefix}`.trimEnd();
    const narrow = query.prefix === "" ? "`:schema PREFIX` lists the keys starting with PREFIX (`:schema summary.val` only summary's); " : "";
    lines.push(paint(p.dim, `${plural(hidden, "key")} not shown: ${narrow}\`${again} --all\` lists every one`, p));
  }
  return lines.join("\n");
}
