/**
 * Completion for editors and the REPL: what may be written at an offset of an expression. After a dot, the ops
 * (and their aliases) valid for the type of the expression before the dot, and the keys of a dict; inside
 * `config["` / `summary['`, the keys the schema knows; at a bare name, variables, lambda parameters in scope,
 * keywords and ops.
 *
 * The type before the dot comes from the checker: the text up to the dot is completed with a call of a probe op
 * that accepts anything (`receiver.__qelProbe()`) and its open brackets closed, then checked; the probe's
 * argument type is the receiver's type.
 */
import { defineOp, isAssignable, KEYWORDS, nonNull, overload, printSignature, printType, standardRegistry, T, type OpDef, type Registry, type Type } from "@qel/ops";
import { children, type Call, type Expr, type Lambda } from "../syntax/ast.js";
import { check, defaultVariables, type CheckEnv } from "../check/check.js";
import { parse } from "../syntax/parse.js";

export type CompletionKind = "op" | "alias" | "variable" | "key" | "keyword";

/** One thing that may be written at the offset. */
export interface Completion {
  /** The text to insert in place of the partial name (or partial key inside quotes). */
  readonly label: string;
  readonly kind: CompletionKind;
  /** A signature or a type. */
  readonly detail: string;
}

const PROBE = "__qelProbe";


const probeOp: OpDef = defineOp({
  name: PROBE,
  category: "operator",
  handlesNull: true,
  overloads: [overload([T.Any], T.Any, (x) => x, { optional: 1 })],
  doc: { summary: "Completion probe.", examples: [{ expr: `1.${PROBE}()` }] },
});

const withProbe = new WeakMap<Registry, Registry>();
function probeRegistry(base: Registry): Registry {
  let r = withProbe.get(base);
  if (r === undefined) withProbe.set(base, (r = base.extend([probeOp])));
  return r;
}

/** What the text before the offset says about the position. */
type Context =
  | { readonly kind: "member"; readonly receiverEnd: number; readonly partial: string }
  | { readonly kind: "key"; readonly receiverEnd: number; readonly partial: string }
  | { readonly kind: "name"; readonly start: number; readonly partial: string }
  | { readonly kind: "none" };

/** Scans `prefix` for strings and brackets: the open brackets at its end, and where an unterminated string starts. */
function scan(prefix: string): { closers: string; openString: number } {
  const stack: string[] = [];
  let openString = -1;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i]!;
    if (openString !== -1) {
      if (c === "\\") i++;
      else if (c === prefix[openString]) openString = -1;
      continue;
    }
    if (c === '"' || c === "'") openString = i;
    else if (c === "(") stack.push(")");
    else if (c === "[") stack.push("]");
    else if (c === "{") stack.push("}");
    else if ((c === ")" || c === "]" || c === "}") && stack[stack.length - 1] === c) stack.pop();
  }
  return { closers: stack.reverse().join(""), openString };
}

function contextAt(prefix: string, openString: number): Context {
  if (openString !== -1) {
    const before = prefix.slice(0, openString).replace(/\s+$/, "");
    if (!before.endsWith("[")) return { kind: "none" };
    return { kind: "key", receiverEnd: before.length - 1, partial: prefix.slice(openString + 1) };
  }
  const partial = /[A-Za-z0-9_]*$/.exec(prefix)![0];
  if (/^[0-9]/.test(partial)) return { kind: "none" };
  const start = prefix.length - partial.length;
  const before = prefix.slice(0, start).replace(/\s+$/, "");
  if (before.endsWith(".")) {
    const token = /[A-Za-z0-9_]*$/.exec(before.slice(0, -1))![0];
    if (/^[0-9]/.test(token)) return { kind: "none" };
    return { kind: "member", receiverEnd: before.length - 1, partial };
  }
  return { kind: "name", start, partial };
}

/** Finds the probe call in a tree, with the lambdas enclosing it (outermost first). */
function findProbe(root: Expr): { call: Call; lambdas: Lambda[] } | undefined {
  const lambdas: Lambda[] = [];
  const visit = (e: Expr): { call: Call; lambdas: Lambda[] } | undefined => {
    if (e.kind === "Call" && ((e.callee.kind === "Member" && e.callee.name === PROBE) || (e.callee.kind === "Name" && e.callee.name === PROBE))) {
      return { call: e, lambdas: [...lambdas] };
    }
    if (e.kind === "Lambda") lambdas.push(e);
    for (const c of children(e)) {
      const found = visit(c);
      if (found !== undefined) return found;
    }
    if (e.kind === "Lambda") lambdas.pop();
    return undefined;
  };
  return visit(root);
}

/** The keys a dict type is known to have: its own fields, and the schema's keys for config, summary and history. */
function dictKeys(t: Type, env: CheckEnv): Map<string, Type> {
  const keys = new Map<string, Type>();
  if (t.kind !== "dict") return keys;
  for (const [k, v] of t.fields ?? []) keys.set(k, v);
  const schema = env.schema;
  const part = t.name === "ConfigDict" ? schema?.config : t.name === "SummaryDict" ? schema?.summary : t.name === "HistoryRow" ? schema?.history : undefined;
  for (const [k, v] of part ?? []) if (!keys.has(k)) keys.set(k, v);
  return keys;
}

/** The signature of the first overload of `op` that accepts `t` (or its first overload). */
function signature(op: OpDef, t: Type | undefined): string {
  const o = op.overloads.find((x) => t === undefined || (x.params[0] !== undefined && isAssignable(t, x.params[0]))) ?? op.overloads[0]!;
  return printSignature(op, o);
}

function opCompletions(ops: readonly OpDef[], t: Type | undefined, withAliases: "all" | "compat"): Completion[] {
  const out: Completion[] = [];
  for (const op of ops) {
    if (op.operator !== undefined || op.name === PROBE) continue;
    const detail = signature(op, t);
    out.push({ label: op.name, kind: "op", detail });
    if (withAliases === "all" && op.alias !== undefined) out.push({ label: op.alias, kind: "alias", detail });
    for (const a of op.aliases ?? []) if (/^[A-Za-z_]\w*$/.test(a)) out.push({ label: a, kind: "alias", detail });
  }
  return out;
}

/** Ops, aliases and keys that may follow `receiver.` given the receiver's type (undefined: unknown). */
function memberCompletions(t: Type | undefined, env: CheckEnv, registry: Registry): Completion[] {
  if (t === undefined || t.kind === "any") return opCompletions(registry.all(), undefined, "all");
  const base = nonNull(t);
  const element = base.kind === "list" ? nonNull(base.element) : undefined;
  const keys: Completion[] = [];
  for (const [k, v] of [...dictKeys(base, env), ...(element !== undefined ? dictKeys(element, env) : [])]) {
    if (/^[A-Za-z_]\w*$/.test(k)) keys.push({ label: k, kind: "key", detail: printType(v) });
  }
  const ops = [...registry.opsFor(base)];
  // An op on the element type maps over a list (language.md, "Lists map ops over themselves").
  if (element !== undefined && element.kind !== "any") for (const op of registry.opsFor(element)) if (!ops.includes(op)) ops.push(op);
  const named = opCompletions(ops, base, "all");
  const rank = (c: Completion): number => (c.kind === "key" ? 0 : c.kind === "alias" ? 1 : 2);
  return [...keys, ...named].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}

/** The type of the expression before `receiverEnd` (a dot or an open bracket), from a checked probe. */
function receiverType(prefix: string, receiverEnd: number, env: CheckEnv, registry: Registry): Type | undefined {
  const receiver = prefix.slice(0, receiverEnd);
  const text = `${receiver}.${PROBE}()${scan(receiver).closers}`;
  const checked = check(text, { ...env, registry: probeRegistry(registry) });
  if (!checked.ok) return undefined;
  const found = findProbe(checked.value.ast);
  if (found === undefined || found.call.callee.kind !== "Member") return undefined;
  return checked.value.types.get(found.call.callee.object);
}

/** Variables, lambda parameters in scope (nearest first), keywords and ops at a bare name. */
function nameCompletions(prefix: string, start: number, env: CheckEnv, registry: Registry): Completion[] {
  const out: Completion[] = [];
  const before = prefix.slice(0, start);
  const parsed = parse(`${before}${PROBE}()${scan(before).closers}`);
  if (parsed.ok) {
    const found = findProbe(parsed.value);
    const checked = found !== undefined ? check(parsed.value, { ...env, registry: probeRegistry(registry) }) : undefined;
    for (const lambda of [...(found?.lambdas ?? [])].reverse()) {
      const fn = checked?.ok === true ? checked.value.types.get(lambda) : undefined;
      lambda.params.forEach((p, i) => {
        const t = fn?.kind === "function" ? fn.params[i] : undefined;
        out.push({ label: p.name, kind: "variable", detail: t !== undefined ? printType(t) : "parameter" });
      });
    }
  }
  for (const [name, t] of Object.entries(env.variables ?? defaultVariables)) out.push({ label: name, kind: "variable", detail: printType(t) });
  for (const [k, d] of Object.entries(KEYWORDS)) out.push({ label: k, kind: "keyword", detail: d });
  const ops = opCompletions(registry.all(), undefined, "compat").sort((a, b) => a.label.localeCompare(b.label));
  return out.concat(ops);
}

function filterByPrefix(items: readonly Completion[], partial: string): Completion[] {
  const seen = new Set<string>();
  const unique = items.filter((c) => {
    if (seen.has(c.label)) return false;
    seen.add(c.label);
    return true;
  });
  const exact = unique.filter((c) => c.label.startsWith(partial));
  if (exact.length > 0 || partial === "") return exact;
  const lower = partial.toLowerCase();
  return unique.filter((c) => c.label.toLowerCase().startsWith(lower));
}

/**
 * The completions at `offset` (UTF-16 code units, clamped) of `source`, best first, filtered by the partial name
 * before the offset. Works on broken and unfinished input; never throws (returns [] when nothing fits).
 */
export function complete(source: string, offset: number, env: CheckEnv = {}): Completion[] {
  try {
    const prefix = source.slice(0, Math.max(0, Math.min(offset, source.length)));
    const registry = env.registry ?? standardRegistry;
    const { openString } = scan(prefix);
    const ctx = contextAt(prefix, openString);
    switch (ctx.kind) {
      case "none":
        return [];
      case "member":
        return filterByPrefix(memberCompletions(receiverType(prefix, ctx.receiverEnd, env, registry), env, registry), ctx.partial);
      case "key": {
        const t = receiverType(prefix, ctx.receiverEnd, env, registry);
        if (t === undefined) return [];
        const base = nonNull(t);
        const element = base.kind === "list" ? nonNull(base.element) : base;
        const keys = [...dictKeys(base, env), ...dictKeys(element, env)].map(([k, v]): Completion => ({ label: k, kind: "key", detail: printType(v) }));
        return filterByPrefix(keys, ctx.partial);
      }
      case "name":
        return filterByPrefix(nameCompletions(prefix, ctx.start, env, registry), ctx.partial);
    }
  } catch {
    return [];
  }
}
