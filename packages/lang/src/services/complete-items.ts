/**
 * The items completion offers, by situation: what may follow `receiver.` (keys, property aliases, ops valid for
 * the receiver's type or, on a list, its elements' type), keys inside `receiver["`, and the names visible at a
 * bare name. Alternate spellings (`mean`, `groupby`, `Date`) are never listed: typing one offers its op.
 */
import { isAssignable, KEYWORDS, nonNull, printSignature, printType, T, type OpDef, type Registry, type RunSchema, type Type } from "@qel/ops";
import type { ScopeEntry } from "../check/check-scope.js";

export type CompletionKind = "op" | "alias" | "variable" | "key" | "keyword";

/** One thing that may be written at the offset. */
export interface Completion {
  /** What the list shows (and what a prefix is matched against, for keys their text). */
  readonly label: string;
  readonly kind: CompletionKind;
  /** The signature of an op (the overload that fits the receiver), or the type of a key or name. */
  readonly detail: string;
  /** One line about it: an op's summary. */
  readonly doc?: string;
  /** The text that replaces `from`..`to`: `keys()` where `.keys` would read a key, `["val/acc"]` after a dot, … */
  readonly insert: string;
  /** Where the cursor goes after inserting, as an offset into `insert`, when not at its end (inside `filter()`). */
  readonly caret?: number;
  /** The UTF-16 range of the source the item replaces. */
  readonly from: number;
  readonly to: number;
  /** The group it is shown in, in list order: `keys`, `properties`, `ops`, `names`, `keywords`. */
  readonly section: string;
  /** Higher first; the items are already in this order. */
  readonly boost: number;
}

/** An item before its range is known. */
export type Draft = Omit<Completion, "from" | "to"> & { readonly match: string; readonly replacesDot?: boolean };

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The keys a dict type is known to have: its own fields, and the schema's keys for config, summary and history. */
export function dictKeys(t: Type, schema: RunSchema | undefined): Map<string, Type> {
  const keys = new Map<string, Type>();
  const u = nonNull(t);
  if (u.kind === "union") {
    for (const m of u.members) for (const [k, v] of dictKeys(m, schema)) if (!keys.has(k)) keys.set(k, v);
    return keys;
  }
  if (u.kind !== "dict") return keys;
  for (const [k, v] of u.fields ?? []) keys.set(k, v);
  const part = u.name === "ConfigDict" ? schema?.config : u.name === "SummaryDict" ? schema?.summary : u.name === "HistoryRow" ? schema?.history : undefined;
  for (const [k, v] of part ?? []) if (!keys.has(k)) keys.set(k, v);
  return keys;
}

/** The innermost element type of a (possibly nested, possibly nullable) list; the type itself when not a list. */
export function innermost(t: Type): Type {
  let u = nonNull(t);
  while (u.kind === "list") u = nonNull(u.element);
  return u;
}

/** Whether `.name` on this type reads a key, so an op must be written `.name()` (docs/language.md, members). */
function readsKeys(t: Type): boolean {
  const u = innermost(t);
  return u.kind === "dict" || u.kind === "any" || (u.kind === "union" && u.members.some((m) => m.kind === "dict"));
}

function signatureFor(op: OpDef, receiver: Type | undefined): string {
  const o = op.overloads.find((x) => receiver === undefined || (x.params[0] !== undefined && isAssignable(receiver, x.params[0]))) ?? op.overloads[0]!;
  return printSignature(op, o);
}

function needsArguments(op: OpDef): boolean {
  return op.overloads.every((o) => o.params.length - o.optional > 1);
}

function listed(op: OpDef, registry: Registry): boolean {
  return op.operator === undefined && !registry.isDeprecatedName(op.name);
}

/** Keys, property aliases and ops that may follow `receiver.`. */
export function memberDrafts(receiver: Type, registry: Registry, schema: RunSchema | undefined): Draft[] {
  const out: Draft[] = [];
  const base = nonNull(receiver);
  const element = innermost(receiver);
  for (const [k, v] of new Map([...dictKeys(base, schema), ...dictKeys(element, schema)])) {
    const label = identifier.test(k) ? k : `[${JSON.stringify(k)}]`;
    out.push({ label, kind: "key", detail: printType(v), insert: label, section: "keys", boost: 3, match: k, ...(label !== k ? { replacesDot: true } : {}) });
  }
  out.push(...opDrafts(registry, base, readsKeys(receiver)));
  return out;
}

/** Op drafts are the same for every receiver of one type: memoized per registry (and its version) and type. */
const opDraftCache = new WeakMap<Registry, { version: number; drafts: Map<string, readonly Draft[]> }>();

function opDrafts(registry: Registry, base: Type, parens: boolean): readonly Draft[] {
  let cache = opDraftCache.get(registry);
  if (cache === undefined || cache.version !== registry.version) opDraftCache.set(registry, (cache = { version: registry.version, drafts: new Map() }));
  const key = `${parens}|${printType(base)}`;
  let drafts = cache.drafts.get(key);
  if (drafts === undefined) cache.drafts.set(key, (drafts = buildOpDrafts(registry, base, parens)));
  return drafts;
}

function buildOpDrafts(registry: Registry, base: Type, parens: boolean): Draft[] {
  const out: Draft[] = [];
  if (base.kind === "function") {
    const asValue = base.result.kind === "any";
    for (const op of registry.all()) {
      if (!listed(op, registry)) continue;
      const detail = signatureFor(op, undefined);
      const call = asValue ? { insert: op.name } : { insert: `${op.name}()`, caret: op.name.length + 1 };
      for (const match of [op.name, ...(op.aliases ?? [])]) {
        out.push({ label: op.name, kind: "op", detail, doc: op.doc.summary, ...call, section: "ops", boost: 1, match });
      }
    }
    return out;
  }
  const known = base.kind !== "any";
  const ops: OpDef[] = known ? [...registry.opsFor(base)] : [...registry.all()];
  // an op on the element type maps over a list (docs/language.md, "Lists map ops over themselves")
  for (let u: Type = base; known && u.kind === "list"; u = nonNull(u.element)) {
    const e = nonNull(u.element);
    if (e.kind !== "any") for (const op of registry.opsFor(e)) if (!ops.includes(op)) ops.push(op);
  }
  for (const op of ops) {
    if (!listed(op, registry)) continue;
    const detail = signatureFor(op, known ? base : undefined);
    const doc = op.doc.summary;
    const more = needsArguments(op);
    const call = (name: string): Pick<Draft, "insert" | "caret"> =>
      more ? { insert: `${name}()`, caret: name.length + 1 } : parens ? { insert: `${name}()` } : { insert: name };
    if (op.alias !== undefined) out.push({ label: op.alias, kind: "alias", detail, doc, ...call(op.alias), section: "properties", boost: 2, match: op.alias });
    out.push({ label: op.name, kind: "op", detail, doc, ...call(op.name), section: "ops", boost: 1, match: op.name });
    for (const a of op.aliases ?? []) out.push({ label: op.name, kind: "op", detail, doc, ...call(op.name), section: "ops", boost: 1, match: a });
  }
  return out;
}

/** Keys inside `receiver["…`: every key, closed with the quote and `]` that are still missing. */
export function keyDrafts(receiver: Type, schema: RunSchema | undefined, quote: string, closing: string): Draft[] {
  const out: Draft[] = [];
  const keys = new Map([...dictKeys(receiver, schema), ...dictKeys(innermost(receiver), schema)]);
  for (const [k, v] of keys) {
    const insert = escapeFor(k, quote) + closing;
    out.push({ label: k, kind: "key", detail: printType(v), insert, section: "keys", boost: 3, match: k });
  }
  return out;
}

/** Keys at `receiver[` before any quote: as string literals. */
export function quotedKeyDrafts(receiver: Type, schema: RunSchema | undefined, closeBracket: boolean): Draft[] {
  return keyDrafts(receiver, schema, '"', "").map((d) => {
    const text = `"${escapeFor(d.label, '"')}"`;
    return { ...d, label: text, insert: text + (closeBracket ? "]" : "") };
  });
}

function escapeFor(key: string, quote: string): string {
  const json = JSON.stringify(key).slice(1, -1);
  return quote === '"' ? json : json.replace(/\\"/g, '"').replace(/'/g, "\\'");
}

/** Names visible at a bare name: parameters (innermost first), variables, keywords, then every op. */
export function nameDrafts(names: readonly ScopeEntry[], registry: Registry, asValue: boolean): Draft[] {
  const out: Draft[] = [];
  for (const n of names) {
    out.push({ label: n.name, kind: "variable", detail: printType(n.type), insert: n.name, section: "names", boost: n.kind === "parameter" ? 5 : 4, match: n.name });
  }
  for (const [k, detail] of Object.entries(KEYWORDS)) out.push({ label: k, kind: "keyword", detail, insert: k, section: "keywords", boost: 3, match: k });
  out.push(...opDrafts(registry, functionPosition(asValue), false));
  return out;
}

/** Stands for "any op, at a bare name" in the op draft cache: as a value (`map(runName)`) or called (`count()`). */
function functionPosition(asValue: boolean): Type {
  return asValue ? T.Fn([], T.Any) : T.Fn([], T.Never);
}

/**
 * The drafts whose match text starts with `partial` (falling back to case-insensitively), one per label, in
 * boost order then alphabetically.
 */
export function filterDrafts(drafts: readonly Draft[], partial: string): Draft[] {
  let hits = drafts.filter((d) => d.match.startsWith(partial));
  if (hits.length === 0 && partial !== "") {
    const lower = partial.toLowerCase();
    hits = drafts.filter((d) => d.match.toLowerCase().startsWith(lower));
  }
  const seen = new Set<string>();
  const unique = hits.filter((d) => {
    const id = `${d.kind}:${d.label}`;
    if (seen.has(id) || (d.kind === "op" && seen.has(`alias:${d.label}`))) return false;
    seen.add(id);
    return true;
  });
  const order = new Map(unique.map((d, i) => [d, i]));
  return unique.sort((a, b) => b.boost - a.boost || (a.section === "names" ? order.get(a)! - order.get(b)! : (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)));
}
