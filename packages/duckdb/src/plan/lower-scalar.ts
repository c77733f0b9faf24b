/**
 * Lowers a scalar expression over one run (a lambda body with the run as its parameter) to SQL, keeping qel's
 * meaning (docs/duckdb.md "Same meaning"): the checker's static types pick explicit unwraps of JSON values
 * (never the engine's coercion), `==` is null-safe and never true for NaN, orderings with NaN are false and
 * with null are null, `&&`/`||`/`!` are three-valued as in SQL. Anything else throws NotPushable.
 */
import { nonNull, type OpDef, type Overload, type Type } from "@qel/ops";
import type { Checked, Expr } from "@qel/lang";
import type { Dialect } from "../sql/dialect.js";
import { and, caseWhen, isNull, lit, not, or, type SqlExpr } from "../sql/ast.js";
import { NotPushable } from "./not-pushable.js";

/**
 * What a lowered expression holds at run time. `jsonDict` is a config or summary column; `json` any JSON value;
 * `run` a run's row and `user` the same row standing for the run's user (only its fields are read).
 */
export type SqlKind = "number" | "string" | "boolean" | "date" | "null" | "json" | "jsonDict" | "run" | "user";

/** Kinds that are never a result, and never compared or combined: only their fields are read. */
export const isOpaque = (kind: SqlKind): boolean => kind === "run" || kind === "jsonDict" || kind === "user";

export interface Lowered {
  readonly sql: SqlExpr;
  readonly kind: SqlKind;
}

export interface ScalarScope {
  readonly checked: Checked;
  readonly dialect: Dialect;
  /** The lambda parameter that stands for the run, and the SQL alias of its row. */
  readonly param: string;
  readonly alias: string;
  readonly rules: SemanticRules;
  /**
   * Lowers the nodes a collection boundary inside the expression gives meaning to (a history aggregate, a group's
   * key or count), or returns undefined to lower `node` as usual.
   */
  readonly special?: (s: ScalarScope, node: Expr) => Lowered | undefined;
}

/**
 * The rules that keep qel's meaning where SQL's differs. All are on in use; the equivalence test turns one off
 * to show that it then finds a difference (so each rule is proven necessary, and the test proven able to fail).
 */
export interface SemanticRules {
  /** `==` as `IS NOT DISTINCT FROM`: SQL's `=` is null when either side is. */
  readonly nullSafeEquals: boolean;
  /** NaN equals nothing and every ordering with NaN is false: DuckDB has `NaN = NaN` and NaN above +Infinity. */
  readonly nanComparisons: boolean;
  /** An aggregate over values with a NaN is NaN: DuckDB's `min` skips NaN (it orders NaN above +Infinity). */
  readonly nanAggregates: boolean;
  /** An aggregate of no values is the op's declared value over nothing (`sum` is 0) where SQL gives NULL. */
  readonly emptyAggregates: boolean;
}

export const ALL_RULES: SemanticRules = Object.freeze({ nullSafeEquals: true, nanComparisons: true, nanAggregates: true, emptyAggregates: true });

/** The one scalar kind of a static type, ignoring null; undefined for unions, dicts, lists and `any`. */
export function scalarKind(t: Type): SqlKind | undefined {
  if (t.kind === "null") return "null";
  const n = nonNull(t);
  switch (n.kind) {
    case "number":
    case "string":
    case "boolean":
    case "date":
      return n.kind;
    default:
      return undefined;
  }
}

const typeOf = (s: ScalarScope, node: Expr): Type => s.checked.types.get(node) ?? { kind: "any" };

/** A JSON value unwrapped to the static kind `kind`; SQL NULL when it holds another kind or is missing. */
function unwrapJson(member: SqlExpr, text: SqlExpr, kind: SqlKind): SqlExpr {
  const jt: SqlExpr = { k: "jsonType", operand: member };
  const isType = (names: readonly string[]): SqlExpr => ({ k: "in", operand: jt, values: names });
  switch (kind) {
    case "number":
      return { k: "jsonNumber", operand: member };
    case "string":
      return caseWhen([[isType(["VARCHAR"]), text]], lit(null));
    case "boolean":
      return caseWhen([[isType(["BOOLEAN"]), { k: "cast", operand: text, to: "BOOLEAN" }]], lit(null));
    default:
      return lit(null);
  }
}

/** A literal key's text, or undefined when the key is computed at run time. */
export const literalKey = (key: string | Expr): string | undefined => (typeof key === "string" ? key : key.kind === "String" ? key.value : undefined);

function lowerKey(s: ScalarScope, node: Expr, object: Expr, key: string | Expr): Lowered {
  const obj = lowerScalar(s, object);
  return lowerKeyOf(node, obj, nonNull(typeOf(s, object)), key, typeOf(s, node));
}

/** Key `key` of the lowered dict `obj` (static type `objType`), whose value has static type `type`. */
export function lowerKeyOf(node: Expr, obj: Lowered, objType: Type, key: string | Expr, type: Type): Lowered {
  const keyText = literalKey(key);
  if (keyText === undefined) throw new NotPushable(node, "a key computed at run time");
  if (obj.kind !== "jsonDict" && !(obj.kind === "json" && objType.kind === "dict")) throw new NotPushable(node, "a key of something other than a config, summary or dict");
  const member: SqlExpr = { k: "jsonMember", object: obj.sql, key: keyText, as: "json" };
  const text: SqlExpr = { k: "jsonMember", object: obj.sql, key: keyText, as: "text" };
  const kind = scalarKind(type);
  if (kind === undefined) return { sql: member, kind: "json" };
  if (kind === "date") throw new NotPushable(node, "a date read from JSON");
  return { sql: unwrapJson(member, text, kind), kind };
}

/** The overload a call resolved to statically, or NotPushable. */
function staticOverload(node: Expr, plan: { candidates: readonly { overload: Overload }[]; dynamic: readonly boolean[]; mapDepth: number; name: string }): Overload {
  if (plan.mapDepth !== 0) throw new NotPushable(node, `\`${plan.name}\` maps over a list`);
  if (plan.candidates.length !== 1 || plan.dynamic.some((d) => d)) throw new NotPushable(node, `\`${plan.name}\` is chosen at run time`);
  return plan.candidates[0]!.overload;
}

const resultKind = (s: ScalarScope, node: Expr): SqlKind => scalarKind(typeOf(s, node)) ?? "json";

function isNaNTest(x: Lowered): SqlExpr | undefined {
  if (x.kind !== "number") return undefined;
  if (x.sql.k === "literal") return typeof x.sql.value === "number" && Number.isNaN(x.sql.value) ? lit(true) : undefined;
  return { k: "call", fn: "isnan", args: [x.sql] };
}

/** `a == b` as qel means it: null equals only null, NaN equals nothing, values of different kinds are unequal. */
function equality(rules: SemanticRules, node: Expr, a: Lowered, b: Lowered): SqlExpr {
  const nullTest = (x: Lowered): SqlExpr => (x.kind === "json" ? or(isNull(x.sql), { k: "binary", op: "=", left: { k: "jsonType", operand: x.sql }, right: lit("NULL") }) : isNull(x.sql));
  if (a.kind === "null" || b.kind === "null") return a.kind === "null" ? (b.kind === "null" ? lit(true) : nullTest(b)) : nullTest(a);
  if (a.kind === "json" || b.kind === "json") {
    const [j, other] = a.kind === "json" ? [a, b] : [b, a];
    if (other.kind === "json" || other.sql.k !== "literal" || other.kind === "date") throw new NotPushable(node, "`==` between values whose kinds are known only at run time");
    if (Number.isNaN(other.sql.value)) return lit(false);
    const member = j.sql;
    if (member.k !== "jsonMember") throw new NotPushable(node, "`==` on a JSON value");
    const unwrapped = unwrapJson(member, { ...member, as: "text" }, other.kind);
    return { k: "call", fn: "coalesce", args: [{ k: "binary", op: "=", left: unwrapped, right: other.sql }, lit(false)] };
  }
  if (a.kind !== b.kind || isOpaque(a.kind)) {
    if (isOpaque(a.kind) || isOpaque(b.kind)) throw new NotPushable(node, "`==` on runs, users or dicts");
    return and(isNull(a.sql), isNull(b.sql));
  }
  const same: SqlExpr = { k: "binary", op: rules.nullSafeEquals ? "IS NOT DISTINCT FROM" : "=", left: a.sql, right: b.sql };
  const nan = rules.nanComparisons ? isNaNTest(a) : undefined;
  return nan === undefined ? same : and(same, not({ k: "call", fn: "coalesce", args: [nan, lit(false)] }));
}

export function fromTemplate(s: ScalarScope, node: Expr, op: OpDef, overload: Overload, args: readonly Lowered[]): SqlExpr {
  const text = overload.sql?.template?.[s.dialect.name];
  if (text === undefined) throw new NotPushable(node, `\`${op.name}\` has no SQL for ${s.dialect.name}`);
  return { k: "template", text, args: args.map((a) => a.sql) };
}

function lowerOp(s: ScalarScope, node: Expr, op: OpDef, overload: Overload, argNodes: readonly Expr[]): Lowered {
  const sql = overload.sql;
  if (sql === undefined) throw new NotPushable(node, `\`${op.name}\` has no SQL`);
  const args = argNodes.map((a) => lowerScalar(s, a));
  const kinds = args.map((a) => a.kind);
  switch (sql.wrapper) {
    case "runField":
    case "runDict":
    case "runUser":
      if (kinds[0] !== "run") throw new NotPushable(node, `\`${op.name}\` of something other than the run`);
      return { sql: fromTemplate(s, node, op, overload, args), kind: sql.wrapper === "runDict" ? "jsonDict" : sql.wrapper === "runUser" ? "user" : resultKind(s, node) };
    case "userField":
      if (kinds[0] !== "user") throw new NotPushable(node, `\`${op.name}\` of something other than the run's user`);
      return { sql: fromTemplate(s, node, op, overload, args), kind: resultKind(s, node) };
    case "equals":
      return { sql: equality(s.rules, node, args[0]!, args[1]!), kind: "boolean" };
    case "notEquals":
      return { sql: not(equality(s.rules, node, args[0]!, args[1]!)), kind: "boolean" };
    case "ordered": {
      if (kinds.some((k) => k !== "number" && k !== "date")) throw new NotPushable(node, "an ordering of values that are not numbers or dates");
      const plain = fromTemplate(s, node, op, overload, args);
      const nans = s.rules.nanComparisons ? args.map(isNaNTest).filter((x): x is SqlExpr => x !== undefined) : [];
      if (nans.length === 0) return { sql: plain, kind: "boolean" };
      // against a number literal (`r.config.lr > 0.01`), `plain AND NOT isnan(x)` is null for a null x and false for
      // NaN, and reads x twice instead of three times
      const literals = args.filter((a) => a.sql.k === "literal" && typeof a.sql.value === "number" && !Number.isNaN(a.sql.value));
      if (nans.length === 1 && literals.length === args.length - 1 && nans[0]!.k === "call") return { sql: and(plain, not(nans[0]!)), kind: "boolean" };
      const anyNull = args.map((a) => isNull(a.sql)).reduce((x, y) => or(x, y));
      return { sql: caseWhen([[anyNull, lit(null)], [nans.reduce((x, y) => or(x, y)), lit(false)]], plain), kind: "boolean" };
    }
    case "and":
    case "or":
    case "not":
      if (kinds.some((k) => k !== "boolean" && k !== "null")) throw new NotPushable(node, `\`${op.name}\` of values that are not booleans`);
      return { sql: fromTemplate(s, node, op, overload, args), kind: "boolean" };
    case "coalesce": {
      if (args.length !== 2) throw new NotPushable(node, "`coalesce` of more than two values");
      const [a, b] = args as [Lowered, Lowered];
      if (a.kind === "json" || b.kind === "json" || isOpaque(a.kind) || isOpaque(b.kind) || (a.kind !== b.kind && a.kind !== "null" && b.kind !== "null")) throw new NotPushable(node, "`??` of values of different kinds");
      return { sql: { k: "call", fn: "coalesce", args: [a.sql, b.sql] }, kind: a.kind === "null" ? b.kind : a.kind };
    }
    case "conditional": {
      const [test, a, b] = args as [Lowered, Lowered, Lowered];
      if (test.kind !== "boolean" && test.kind !== "null") throw new NotPushable(argNodes[0]!, "a condition that is not a boolean");
      if (a.kind === "json" || b.kind === "json" || isOpaque(a.kind) || isOpaque(b.kind) || (a.kind !== b.kind && a.kind !== "null" && b.kind !== "null")) throw new NotPushable(node, "branches of different kinds");
      return { sql: caseWhen([[{ k: "isTrue", operand: test.sql }, a.sql]], b.sql), kind: a.kind === "null" ? b.kind : a.kind };
    }
    case undefined: {
      if (kinds.some((k) => k === "json" || isOpaque(k))) throw new NotPushable(node, `\`${op.name}\` of a value whose kind is known only at run time`);
      return { sql: fromTemplate(s, node, op, overload, args), kind: resultKind(s, node) };
    }
    default:
      throw new NotPushable(node, `\`${op.name}\` is a collection op inside a run's expression`);
  }
}

/** Lowers `node`, an expression over the run `s.param`; throws NotPushable naming the node that stays local. */
export function lowerScalar(s: ScalarScope, node: Expr): Lowered {
  const special = s.special?.(s, node);
  if (special !== undefined) return special;
  switch (node.kind) {
    case "Number":
      return { sql: lit(node.value), kind: "number" };
    case "String":
      return { sql: lit(node.value), kind: "string" };
    case "Boolean":
      return { sql: lit(node.value), kind: "boolean" };
    case "Null":
      return { sql: lit(null), kind: "null" };
    case "Name": {
      const plan = s.checked.plans.get(node);
      if (node.name === s.param && plan?.kind === "slot" && plan.depth === 0) return { sql: { k: "row", alias: s.alias }, kind: "run" };
      throw new NotPushable(node, `\`${node.name}\` is not the run being filtered or mapped`);
    }
    default:
      break;
  }
  const plan = s.checked.plans.get(node);
  if (plan === undefined && (node.kind === "Binary" || node.kind === "Unary" || node.kind === "Conditional")) {
    // operators checked without a call plan: their meaning is the registry's operator op
    const symbol = node.kind === "Conditional" ? "?:" : node.op;
    const args = node.kind === "Binary" ? [node.left, node.right] : node.kind === "Unary" ? [node.operand] : [node.test, node.consequent, node.alternate];
    const op = s.checked.registry.operator(symbol);
    const overload = op?.overloads.length === 1 ? op.overloads[0] : undefined;
    if (op === undefined || overload === undefined) throw new NotPushable(node, `\`${symbol}\` has no SQL`);
    return lowerOp(s, node, op, overload, args);
  }
  switch (plan?.kind) {
    case "op":
      return lowerOp(s, node, plan.op, staticOverload(node, plan), plan.args);
    case "key":
      if (plan.mapDepth !== 0) throw new NotPushable(node, "a key looked up in every element of a list");
      return lowerKey(s, node, plan.object, plan.key);
    default:
      throw new NotPushable(node, plan === undefined ? `a ${node.kind.toLowerCase()} expression` : `a ${plan.kind} that is decided at run time`);
  }
}
