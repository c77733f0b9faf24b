/**
 * The editor services this package is driven by: completion with
 * the range it replaces, diagnostics with fixes, hover, signature help, format and tokens, all over UTF-16 offsets
 * (CodeMirror positions). Everything the CodeMirror layer knows about qel comes through this one module, so moving
 * to @qel/lang's own services is a change here only.
 *
 * Today this adapts what @qel/lang exports: `complete()` (items filtered by the partial name, no range: the range
 * is the partial name around the offset), `check()` (diagnostics; a "did you mean" hint becomes a replacement
 * fix), the checker's node types (hover) and the registry's op declarations (signature help, hover docs).
 */
import { check, complete as langComplete, format as langFormat, children, printType, standardRegistry, type CheckEnv, type Expr, type Diagnostic as LangDiagnostic } from "@qel/lang";
import type { OpDef, Registry, Type } from "@qel/ops";
import { scanTokens, type Token } from "./tokens.js";

export type { Token, TokenKind } from "./tokens.js";

/** What an expression may refer to: host variables, the runs' schema, the ops. */
export type QelEnv = CheckEnv;

export interface CompletionItem {
  readonly label: string;
  /** `op`, `variable`, `key`, `keyword`, … (the library's completion kinds). */
  readonly kind: string;
  /** A signature or a type. */
  readonly detail: string;
  /** One line of documentation. */
  readonly doc?: string;
  /** The text to insert, when it differs from the label. */
  readonly insert?: string;
}

export interface CompletionList {
  /** The text `from`–`to` is replaced by the chosen item. */
  readonly from: number;
  readonly to: number;
  /** Best first. */
  readonly items: readonly CompletionItem[];
}

export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface EditorDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly severity: "error" | "warning" | "info" | "hint";
  readonly code: string;
  readonly message: string;
  readonly fixes: readonly Fix[];
}

export interface HoverInfo {
  readonly from: number;
  readonly to: number;
  /** The type of the innermost node, printed. */
  readonly type: string;
  /** For an op: its signature. */
  readonly op?: string;
  readonly doc?: string;
}

export interface SignatureInfo {
  /** `name(a: number, b: string) → result`. */
  readonly label: string;
  /** Each parameter's range inside `label`. */
  readonly params: readonly { readonly label: string; readonly from: number; readonly to: number }[];
  /** Index of the parameter the offset is in; may equal params.length past the last one. */
  readonly active: number;
  readonly doc?: string;
}

const registryOf = (env: QelEnv): Registry => env.registry ?? standardRegistry;
const IDENT = /[A-Za-z0-9_]/;

/** Completions at `offset` from @qel/lang's `complete`, with the range they replace. */
export function complete(src: string, offset: number, env: QelEnv): CompletionList {
  const r = langComplete(src, offset, env);
  const items = r.items.map((c): CompletionItem => ({
    label: c.label,
    kind: c.kind,
    detail: c.detail,
    ...(c.doc !== undefined ? { doc: c.doc } : {}),
    ...(c.insert !== c.label ? { insert: c.insert } : {}),
  }));
  return { from: r.from, to: r.to, items };
}

/** Where an unterminated string before the end of `prefix` starts, or -1. */
function openQuote(prefix: string): number {
  let open = -1;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i]!;
    if (open !== -1) {
      if (c === "\\") i++;
      else if (c === prefix[open]) open = -1;
    } else if (c === '"' || c === "'") open = i;
  }
  return open;
}

const DID_YOU_MEAN = /did you mean [`'"]?([A-Za-z_][A-Za-z0-9_]*)[`'"]?/i;

function toEditorDiagnostic(src: string, d: LangDiagnostic): EditorDiagnostic {
  const from = Math.max(0, Math.min(d.span.start, src.length));
  const to = Math.max(from, Math.min(d.span.end, src.length));
  const fixes: Fix[] = [];
  const hint = d.hint ?? "";
  const m = DID_YOU_MEAN.exec(hint) ?? DID_YOU_MEAN.exec(d.message);
  const written = src.slice(from, to);
  if (m !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(written)) {
    fixes.push({ title: `Replace with '${m[1]}'`, edits: [{ from, to, insert: m[1]! }] });
  }
  const message = d.hint !== undefined && !d.message.includes(d.hint) ? `${d.message} (${d.hint})` : d.message;
  return { from, to, severity: d.severity, code: d.code, message, fixes };
}

/** Every diagnostic of `src` (errors and warnings), with the fixes that are certain. */
export function diagnose(src: string, env: QelEnv): EditorDiagnostic[] {
  if (src.trim() === "") return [];
  const r = check(src, env);
  const list = r.ok ? r.value.warnings : r.diagnostics;
  return list.map((d) => toEditorDiagnostic(src, d));
}

/** The innermost node at `offset` with its type, and for a call or member naming an op, the op's signature and doc. */
export function hover(src: string, offset: number, env: QelEnv): HoverInfo | null {
  const r = check(src, env);
  if (!r.ok) return null;
  let best: Expr | undefined;
  const visit = (e: Expr): void => {
    if (offset < e.span.start || offset > e.span.end) return;
    if (best === undefined || e.span.end - e.span.start <= best.span.end - best.span.start) best = e;
    for (const c of children(e)) visit(c);
  };
  visit(r.value.ast);
  if (best === undefined) return null;
  const node: Expr = best;
  const type: Type | undefined = r.value.types.get(node);
  if (type === undefined) return null;
  // `a.name` or a bare name that names an op: describe the op too.
  const name = node.kind === "Member" || node.kind === "Name" ? node.name : undefined;
  const op = name !== undefined ? registryOf(env).lookup(name) : undefined;
  return {
    from: best.span.start,
    to: best.span.end,
    type: printType(type),
    ...(op !== undefined ? { op: signatureText(op), doc: op.doc.summary } : {}),
  };
}

function signatureText(op: OpDef): string {
  return buildSignature(op, false).label;
}

function buildSignature(op: OpDef, method: boolean): Omit<SignatureInfo, "active"> {
  const o = op.overloads[0]!;
  const names = op.doc.params ?? [];
  const params: { label: string; from: number; to: number }[] = [];
  let label = `${op.name}(`;
  o.params.forEach((p, i) => {
    if (method && i === 0) return;
    if (params.length > 0) label += ", ";
    const optional = i >= o.params.length - o.optional ? "?" : "";
    const text = `${names[i]?.name ?? `arg${i + 1}`}${optional}: ${printType(p)}`;
    params.push({ label: text, from: label.length, to: label.length + text.length });
    label += text;
  });
  label += `) → ${typeof o.result === "function" ? "…" : printType(o.result)}`;
  return { label, params, doc: op.doc.summary };
}

/** Inside a call's parentheses: the called op's signature and which argument the offset is in. */
export function signatureHelp(src: string, offset: number, env: QelEnv): SignatureInfo | null {
  const tokens = scanTokens(src).filter((t) => t.from < offset);
  let depth = 0;
  let commas = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    const text = src.slice(t.from, t.to);
    if (text === ")" || text === "]" || text === "}") depth++;
    else if (text === "[" || text === "{") {
      if (depth === 0) return null;
      depth--;
    } else if (text === "(") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = tokens[i - 1];
      if (callee === undefined || callee.kind !== "name" || callee.to !== t.from) return null;
      const op = registryOf(env).lookup(src.slice(callee.from, callee.to));
      if (op === undefined || op.overloads.length === 0) return null;
      const method = tokens[i - 2] !== undefined && src.slice(tokens[i - 2]!.from, tokens[i - 2]!.to) === ".";
      return { ...buildSignature(op, method), active: commas };
    } else if (text === "," && depth === 0) commas++;
  }
  return null;
}

/** The canonical form of `src`, or null when it does not parse. */
export function format(src: string): string | null {
  const r = langFormat(src);
  return r.ok ? r.value : null;
}

/** Lexical tokens for highlighting; never throws, covers every non-space character. */
export function tokens(src: string): Token[] {
  return scanTokens(src);
}
