/**
 * `a.name` and `a[i]` (language.md, "Names, calls and members"): on dicts a key lookup; otherwise the
 * one-argument op `name(a)`; on lists an op taking the list itself first, then keys of the elements when they are
 * dicts, then the op mapped over the elements. On `any` the choice between a key and an op waits for run time.
 */
import { acceptsArity, dictValueUnion, gradualOf, isGradual, isNullable, mapUnion, nonNull, printType, resolveOverload, suggestNames, T, union, type OpDef, type RunSchema, type Type } from "@qel/ops";
import type { Index, Member } from "../syntax/ast.js";
import { callPlanOf, checkOperator, finishCall, noteName, reportFailure, resolveLevels, type ArgIn } from "./check-call.js";
import type { Checker } from "./check.js";
import type { Scope } from "./check-scope.js";
import { error, warning } from "../syntax/diagnostics.js";
import { errorType } from "./error-type.js";
import type { Span } from "../syntax/source.js";

type DictType = Extract<Type, { kind: "dict" }>;

/** Gives the domain dicts (ConfigDict, SummaryDict, HistoryRow) the schema's keys, when a schema is known. */
export function withSchema(c: Checker, t: Type): Type {
  const schema = c.shared.schema;
  return schema === undefined ? t : schemaTyped(schema, t);
}

function schemaTyped(schema: RunSchema, t: Type): Type {
  switch (t.kind) {
    case "dict": {
      if (t.fields !== undefined || t.name === undefined) return t;
      const fields = t.name === "ConfigDict" ? schema.config : t.name === "SummaryDict" ? schema.summary : schema.history;
      // run data, whatever the schema says: a stale schema may not know a key (see keyType)
      return T.Dict(T.Data, fields, t.name);
    }
    case "list":
      return t.groupKey !== undefined ? T.Group(schemaTyped(schema, t.element), t.groupKey) : T.List(schemaTyped(schema, t.element));
    case "union":
      return mapUnion(t, (m) => schemaTyped(schema, m));
    default:
      return t;
  }
}

/** The list levels around `t` and the innermost element type. */
function layers(t: Type): { depth: number; inner: Type } {
  let depth = 0;
  for (let u = nonNull(t); u.kind === "list"; u = nonNull(u.element)) {
    depth++;
    t = u.element;
  }
  return { depth, inner: t };
}

function wrap(t: Type, depth: number): Type {
  for (let i = 0; i < depth; i++) t = T.List(t);
  return t;
}

/** The type of `d[key]`; warns when a known key set lacks a literal key. A missing key is null at run time. */
function keyType(c: Checker, d: DictType, key: string | undefined, span: Span): Type {
  if (key === undefined) return union(dictValueUnion(d), T.Null);
  const f = d.fields?.get(key);
  // A schema key may be absent from a given run, and unless the schema is exact (see CheckEnv.exactSchema) the runs
  // evaluated may not be the ones it was inferred from (a saved panel's schema goes stale): its type is then
  // gradual, so a value of another kind gives null at run time (docs/language.md "Types from data"). A dict
  // literal's keys are exact.
  if (f !== undefined) {
    if (d.name === undefined) return f;
    const t = union(f, T.Null);
    return c.shared.exactSchema ? t : gradualOf(t);
  }
  if (d.fields !== undefined) return unknownKey(c, d, key, span);
  return union(d.value, T.Null);
}

/** `keyType` of a key that a known key set lacks: the warning, with the keys it may have meant. */
function unknownKey(c: Checker, d: DictType, key: string, span: Span): Type {
  const near = suggestNames(key, d.fields!.keys());
  const op = c.shared.registry.lookup(key);
  const hint = near.length > 0 ? `did you mean ${near.map((n) => `"${n}"`).join(", ")}?`
    : op !== undefined ? `on dicts \`.${key}\` reads a key; to call the op write \`.${key}()\`` : undefined;
  const where = d.name ?? "this dict";
  c.report(warning("unknown_key", `key "${key}" is not among the known keys of ${where}`, span, hint !== undefined ? { hint } : {}));
  return d.value.kind === "never" ? T.Null : union(d.value, T.Null);
}

/** Names usable as `.name` on a value of type `t` (ops taking it, or its elements, as their only argument). */
function memberNames(c: Checker, t: Type): string[] {
  const out: string[] = [];
  for (let u: Type = nonNull(t); ; u = nonNull(u.element)) {
    for (const op of c.shared.registry.opsFor(u)) {
      if (acceptsArity(op, 1)) out.push(op.name, ...(op.alias !== undefined ? [op.alias] : []));
    }
    if (u.kind !== "list") break;
  }
  return out;
}

/** The dict members and the other non-null members of a type (a dict alone is one dict member). */
function shapes(t: Type): { dicts: DictType[]; others: Type[] } {
  const u = nonNull(t);
  const members = u.kind === "union" ? u.members : u.kind === "never" ? [] : [u];
  const dicts: DictType[] = [], others: Type[] = [];
  for (const m of members) {
    if (m.kind === "dict") dicts.push(m);
    else others.push(m);
  }
  return { dicts, others };
}

/**
 * The type of `.key` on a union of dict shapes: the union of each shape's type for the key, and null where a
 * shape lacks it (language.md "Names, calls and members"). Warns only when no shape has the key.
 */
function shapesKeyType(c: Checker, dicts: readonly DictType[], key: string, span: Span): Type {
  if (dicts.length === 1) return keyType(c, dicts[0]!, key, span);
  const open = dicts.filter((d) => d.fields === undefined || d.fields.has(key) || d.value.kind !== "never");
  if (open.length === 0) return keyType(c, dicts[0]!, key, span);
  return union(...dicts.map((d) => (open.includes(d) ? keyType(c, d, key, span) : T.Null)));
}

export function checkMember(c: Checker, node: Member, scope: Scope): Type {
  const ot = c.visit(node.object, scope);
  // `a.` with the name still missing: a syntax error already
  if (node.name === "") return errorType;
  const u = nonNull(ot);
  const op = c.shared.registry.lookup(node.name);
  const oneArg = op !== undefined && acceptsArity(op, 1) ? op : undefined;
  if (op !== undefined) noteName(c, op, node.name, node);
  if (u.kind === "any") return dynamicMember(c, node, oneArg, 0, ot);
  if (u.kind === "null" || u.kind === "never") return nullMember(c, node, oneArg, ot, scope);
  const { dicts, others } = shapes(ot);
  if (dicts.length > 0) return dictMember(c, node, ot, dicts, others, oneArg, 0, scope);
  if (oneArg !== undefined) {
    const direct = resolveLevels(oneArg, [{ kind: "value", type: ot }], 0, 0);
    if ("resolved" in direct) return finishCall(c, node, oneArg, node.name, [{ expr: node.object, type: ot }], direct, scope);
  }
  return listMember(c, node, op, oneArg, ot, scope);
}

/** `.name` on a value that is null: not a dict, so `x.f` is `f(x)` (language.md, "Names, calls and members"). */
function nullMember(c: Checker, node: Member, oneArg: OpDef | undefined, ot: Type, scope: Scope): Type {
  if (oneArg !== undefined) {
    const direct = resolveLevels(oneArg, [{ kind: "value", type: ot }], 0, 0);
    if ("resolved" in direct) return finishCall(c, node, oneArg, node.name, [{ expr: node.object, type: ot }], direct, scope);
  }
  c.plans.set(node, { kind: "key", object: node.object, key: node.name, mapDepth: 0 });
  return T.Null;
}

/**
 * `.name` on a value that is not a dict and that the one-argument op `name` does not take as it is: the keys of
 * a list's dict elements, or the op mapped over the list's elements; else an error.
 */
function listMember(c: Checker, node: Member, op: OpDef | undefined, oneArg: OpDef | undefined, ot: Type, scope: Scope): Type {
  const u = nonNull(ot);
  const { depth, inner } = layers(ot);
  const innerShapes = shapes(inner);
  if (depth > 0 && innerShapes.dicts.length > 0 && innerShapes.others.length === 0) {
    c.plans.set(node, { kind: "key", object: node.object, key: node.name, mapDepth: depth });
    const el = union(shapesKeyType(c, innerShapes.dicts, node.name, node.nameSpan), ...(isNullable(inner) ? [T.Null] : []));
    return union(wrap(el, depth), ...(ot !== u ? [T.Null] : []));
  }
  if (depth > 0 && nonNull(inner).kind === "any") return dynamicMember(c, node, oneArg, depth, inner);
  if (depth > 0 && innerShapes.dicts.length > 0 && oneArg === undefined) {
    return union(wrap(dictMember(c, node, inner, innerShapes.dicts, innerShapes.others, undefined, depth, scope), depth), ...(ot !== u ? [T.Null] : []));
  }
  const args: ArgIn[] = [{ expr: node.object, type: ot }];
  if (oneArg !== undefined) {
    const mapped = resolveLevels(oneArg, [{ kind: "value", type: ot }], 0, Infinity);
    if ("resolved" in mapped) return finishCall(c, node, oneArg, node.name, args, mapped, scope);
    reportFailure(c, node, oneArg, node.name, args, [{ kind: "value", type: ot }], mapped, scope);
    return errorType;
  }
  if (op !== undefined) {
    c.report(error("wrong_arity", `\`${node.name}\` needs arguments: write \`.${node.name}(…)\``, node.nameSpan));
    return errorType;
  }
  unknownField(c, node, ot);
  return errorType;
}

function unknownField(c: Checker, node: Member, ot: Type): void {
  const near = suggestNames(node.name, memberNames(c, ot));
  c.report(error("unknown_field", `${describe(ot)} has no field or op \`${node.name}\``, node.nameSpan,
    near.length > 0 ? { hint: `did you mean ${near.map((n) => `\`${n}\``).join(", ")}?` } : {}));
}

/**
 * `.name` on a value that may be a dict: the key where a dict arrives; on null, or on a value of another kind,
 * the one-argument op `name` when there is one. Run data of a kind that fits neither gives null (with a warning);
 * other types must fit in every member. Returns the element type (`depth` list levels are mapped by the caller's type).
 */
function dictMember(c: Checker, node: Member, ot: Type, dicts: readonly DictType[], others: readonly Type[], op: OpDef | undefined, depth: number, scope: Scope): Type {
  const keyed = shapesKeyType(c, dicts, node.name, node.nameSpan);
  const nullable = isNullable(ot);
  // on null the op runs (`x.isNone` is `isNone(x)`); an op that does not handle null gives null there anyway
  const onNull = nullable && op?.handlesNull === true;
  if (others.length === 0 && !onNull) {
    c.plans.set(node, { kind: "key", object: node.object, key: node.name, mapDepth: depth });
    return union(keyed, ...(nullable ? [T.Null] : []));
  }
  return mixedMember(c, node, ot, keyed, others, op, onNull, depth);
}

/** `dictMember` where the value may also be of another kind, or null that the op handles: decided at run time. */
function mixedMember(c: Checker, node: Member, ot: Type, keyed: Type, others: readonly Type[], op: OpDef | undefined, onNull: boolean, depth: number): Type {
  const nullable = isNullable(ot);
  const gradual = isGradual(ot);
  const rest: Type = others.length === 0 ? T.Null : gradual ? gradualOf(union(...others, ...(nullable ? [T.Null] : []))) : union(...others, ...(nullable ? [T.Null] : []));
  const r = op !== undefined ? resolveOverload(op, [{ kind: "value", type: rest }]) : undefined;
  if (r?.ok !== true && others.length > 0) {
    if (!gradual) {
      unknownField(c, node, ot);
      return errorType;
    }
    c.report(warning("partial_match", `no ${others.map(printType).join(" or ")} has a field or op \`${node.name}\`: where this value is one, the result is null`, node.nameSpan, {
      hint: "the runs disagree on this value's kind; `typeOf(x)` tells them apart",
    }));
  }
  const call = r?.ok === true ? callPlanOf(op!, node.name, r, 0) : undefined;
  c.plans.set(node, { kind: "dynamicMember", object: node.object, key: node.name, op: call, mapDepth: depth, lenient: gradual });
  return union(keyed, r?.ok === true ? r.result : T.Null, ...(nullable && !onNull ? [T.Null] : []));
}

/** `a.name` on `any` (or a list of `any`): a dict key at run time, else the op. */
function dynamicMember(c: Checker, node: Member, op: OpDef | undefined, depth: number, t: Type): Type {
  const gradual = isGradual(t);
  const r = op !== undefined ? resolveOverload(op, [{ kind: "value", type: gradual ? T.Data : T.Any }]) : undefined;
  const call = r?.ok === true ? callPlanOf(op!, node.name, r, 0) : undefined;
  c.plans.set(node, { kind: "dynamicMember", object: node.object, key: node.name, op: call, mapDepth: depth, lenient: gradual });
  return wrap(gradual ? T.Data : T.Any, depth);
}

function describe(t: Type): string {
  const u = nonNull(t);
  return u.kind === "run" ? "a Run" : u.kind === "list" ? "a list" : `a value of type ${printType(t)}`;
}

export function checkIndex(c: Checker, node: Index, scope: Scope): Type {
  const ot = c.visit(node.object, scope);
  const it = c.visit(node.index, scope);
  const key = nonNull(it);
  const { depth, inner } = layers(ot);
  const u = nonNull(ot);
  if (nonNull(inner).kind === "run" && key.kind === "string") return runFieldIndex(c, node, ot, scope);
  const dict = u.kind === "dict" ? u : depth > 0 && nonNull(inner).kind === "dict" ? (nonNull(inner) as DictType) : undefined;
  if (dict !== undefined && key.kind === "string") {
    const d = u.kind === "dict" ? 0 : depth;
    const literal = node.index.kind === "String" ? node.index.value : undefined;
    c.plans.set(node, { kind: "key", object: node.object, key: literal ?? node.index, mapDepth: d });
    const nullableElement = d > 0 && inner !== nonNull(inner);
    const t = union(keyType(c, dict, literal, node.index.span), ...(nullableElement ? [T.Null] : []));
    return d === 0 ? union(t, ...(ot !== u || it !== key ? [T.Null] : [])) : union(wrap(t, d), ...(ot !== u ? [T.Null] : []));
  }
  return checkOperator(c, node, "[]", "[]", [{ expr: node.object, type: ot }, { expr: node.index, type: it }], scope);
}


/**
 * `row["name"]` on a run (or a list of runs, mapped): the field `.name` reads, as W&B panels write it. The name
 * must be a string literal, so its type is known; an unknown name is an error with the run's fields suggested.
 */
function runFieldIndex(c: Checker, node: Index, ot: Type, scope: Scope): Type {
  if (node.index.kind !== "String") {
    c.report(error("type_mismatch", "a run is indexed by a field name written as a string literal, as in `row[\"name\"]`", node.index.span, {
      hint: "to look a key up by a computed name, index the run's config or summary: `row.summary[k]`",
    }));
    return errorType;
  }
  const name = node.index.value;
  const op = c.shared.registry.lookup(name);
  if (op !== undefined && acceptsArity(op, 1)) {
    noteName(c, op, name, node.index);
    const r = resolveLevels(op, [{ kind: "value", type: ot }], 0, Infinity);
    if ("resolved" in r) return finishCall(c, node, op, name, [{ expr: node.object, type: ot }], r, scope);
  }
  const near = suggestNames(name, memberNames(c, ot));
  c.report(error(op !== undefined ? "wrong_arity" : "unknown_field", op !== undefined ? `\`${name}\` needs arguments besides the run: write \`.${name}(…)\`` : `a Run has no field \`${name}\``, node.index.span,
    op === undefined && near.length > 0 ? { hint: `did you mean ${near.map((n) => `"${n}"`).join(", ")}?` } : {}));
  return errorType;
}
