/**
 * The static type vocabulary shared by the op registry, the checker and completion.
 * Types are plain immutable data; `Typed<V>` additionally carries (only at compile time) the runtime value type
 * that an op implementation receives for a parameter of that type, so declarations and implementations agree.
 */
import type { ArtifactVersion, Dict, DateValue, DurationValue, FunctionValue, Run, User, Value } from "./values.js";

export type DictName = "ConfigDict" | "SummaryDict" | "HistoryRow";

export type Type =
  | { readonly kind: "number" }
  | { readonly kind: "string" }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  | { readonly kind: "date" }
  | { readonly kind: "duration" }
  /** Any value; `gradual` when it comes from run data (see `isGradual`). */
  | { readonly kind: "any"; readonly gradual?: true }
  | { readonly kind: "never" }
  | { readonly kind: "run" }
  | { readonly kind: "artifactVersion" }
  | { readonly kind: "user" }
  /** A list; `groupKey` is set for the groups made by groupBy (a list of items that also has a key). */
  | { readonly kind: "list"; readonly element: Type; readonly groupKey?: Type }
  /**
   * A dict with string keys. `value` types keys not in `fields`; `fields` lists known keys (a typed dict, from a
   * schema or a dict literal); `name` marks the domain dicts (ConfigDict, …).
   */
  | { readonly kind: "dict"; readonly value: Type; readonly fields?: ReadonlyMap<string, Type>; readonly name?: DictName }
  /** One of the members; `gradual` when it comes from run data (see `isGradual`). */
  | { readonly kind: "union"; readonly members: readonly Type[]; readonly gradual?: true }
  | { readonly kind: "function"; readonly params: readonly Type[]; readonly result: Type }
  /** A type variable of an op signature (`T` in `filter(list<T>, (T) => boolean) → list<T>`). */
  | { readonly kind: "var"; readonly name: string };

declare const valueBrand: unique symbol;
/** A Type that also records, for TypeScript only, the runtime value an implementation receives. */
export type Typed<V> = Type & { readonly [valueBrand]?: V };
/** The runtime value type recorded by a Typed. */
export type ValueOf<T> = T extends Typed<infer V> ? V : never;

const prim = <V>(kind: "number" | "string" | "boolean" | "null" | "date" | "duration" | "any" | "never" | "run" | "artifactVersion" | "user"): Typed<V> =>
  Object.freeze({ kind }) as Typed<V>;

/** The list type of each element type, made once (types are immutable). */
const lists = new WeakMap<Type, Type>();

/** Type constructors and constants. */
export const T = {
  Number: prim<number>("number"),
  String: prim<string>("string"),
  Boolean: prim<boolean>("boolean"),
  Null: prim<null>("null"),
  Date: prim<DateValue>("date"),
  Duration: prim<DurationValue>("duration"),
  Any: prim<Value>("any"),
  Never: prim<never>("never"),
  Run: prim<Run>("run"),
  ArtifactVersion: prim<ArtifactVersion>("artifactVersion"),
  User: prim<User>("user"),
  /** A value from run data whose kind is not known: `any`, but gradual (see `isGradual`). */
  Data: Object.freeze({ kind: "any", gradual: true }) as Typed<Value>,
  ConfigDict: Object.freeze({ kind: "dict", value: Object.freeze({ kind: "any", gradual: true }), name: "ConfigDict" }) as Typed<Dict>,
  SummaryDict: Object.freeze({ kind: "dict", value: Object.freeze({ kind: "any", gradual: true }), name: "SummaryDict" }) as Typed<Dict>,
  HistoryRow: Object.freeze({ kind: "dict", value: Object.freeze({ kind: "any", gradual: true }), name: "HistoryRow" }) as Typed<Dict>,
  /** One object per element type (so types built apart compare, and memoize, by identity). */
  List<V>(element: Typed<V>): Typed<readonly V[]> {
    let t = lists.get(element);
    if (t === undefined) lists.set(element, (t = Object.freeze({ kind: "list", element })));
    return t as Typed<readonly V[]>;
  },
  Group<V>(element: Typed<V>, key: Type): Typed<readonly V[]> {
    return Object.freeze({ kind: "list", element, groupKey: key }) as Typed<readonly V[]>;
  },
  Dict<V>(value: Typed<V>, fields?: ReadonlyMap<string, Type>, name?: DictName): Typed<Dict> {
    return Object.freeze({ kind: "dict", value, ...(fields ? { fields } : {}), ...(name ? { name } : {}) }) as Typed<Dict>;
  },
  Nullable<V>(t: Typed<V>): Typed<V | null> {
    return union(t, T.Null) as Typed<V | null>;
  },
  Union<V>(...members: Typed<V>[]): Typed<V> {
    return union(...members) as Typed<V>;
  },
  Fn(params: readonly Type[], result: Type): Typed<FunctionValue> {
    return Object.freeze({ kind: "function", params, result }) as Typed<FunctionValue>;
  },
  Var(name: string): Typed<Value> {
    return Object.freeze({ kind: "var", name }) as Typed<Value>;
  },
} as const;

/**
 * Builds a flattened, deduplicated union; one member is returned as itself, none as `never`, `any` absorbs all.
 * The result is gradual when an input is (a union of data types stays one).
 */
export function union(...types: readonly Type[]): Type {
  // a single type is already in this form (unions are built only here)
  if (types.length === 1) return types[0]!;
  const members: Type[] = [];
  let gradual = false;
  for (const t of types) {
    if (isGradual(t)) gradual = true;
    for (const m of t.kind === "union" ? t.members : [t]) {
      if (m.kind === "any") return gradual || types.some(isGradual) ? T.Data : T.Any;
      if (m.kind === "never") continue;
      if (!members.some((x) => typeEquals(x, m))) members.push(m);
    }
  }
  if (members.length === 0) return T.Never;
  if (members.length === 1) return members[0]!;
  // null last, so `number|null` prints the way people write it
  members.sort((a, b) => Number(a.kind === "null") - Number(b.kind === "null"));
  return Object.freeze({ kind: "union", members: Object.freeze(members), ...(gradual ? { gradual: true as const } : {}) });
}

/**
 * Whether `t` is the type of run data (docs/language.md "Types from data"): a union or `any` read from runs'
 * config, summary or history, whose kind may differ from run to run. A call or member that fits some member
 * of such a type is accepted, and a value of a kind that fits nothing gives null at run time.
 */
export function isGradual(t: Type): boolean {
  switch (t.kind) {
    case "any":
      return t.gradual === true;
    case "union":
      return t.gradual === true || t.members.some(isGradual);
    case "list":
      return t.groupKey === undefined && isGradual(t.element);
    default:
      return false;
  }
}

/** The union of `f` of each member of `u`, gradual when `u` is (a member-wise rewrite keeps the type from data). */
export function mapUnion(u: Extract<Type, { kind: "union" }>, f: (m: Type) => Type): Type {
  const out = union(...u.members.map(f));
  return u.gradual === true && out.kind === "union" ? gradualOf(out) : out;
}

/** `t` as a type of run data: its unions and `any`, at every level, become gradual (see `isGradual`). */
export function gradualOf(t: Type): Type {
  switch (t.kind) {
    case "any":
      return T.Data;
    case "union":
      return t.gradual === true ? t : Object.freeze({ kind: "union", members: Object.freeze(t.members.map(gradualOf)), gradual: true as const });
    case "list":
      return t.groupKey !== undefined ? t : T.List(gradualOf(t.element));
    case "dict":
      return t.name !== undefined ? t : T.Dict(gradualOf(t.value), t.fields === undefined ? undefined : new Map([...t.fields].map(([k, v]) => [k, gradualOf(v)])));
    default:
      return t;
  }
}

const SCALAR_KINDS: ReadonlySet<Type["kind"]> = new Set(["number", "string", "boolean", "date", "duration"]);

/** Whether a declared parameter type is a scalar: number, string, boolean, date or duration. */
export function isScalarType(t: Type): boolean {
  return SCALAR_KINDS.has(t.kind);
}

/** True when `null` is a possible value of `t` (`any` included). */
export function isNullable(t: Type): boolean {
  return t.kind === "null" || t.kind === "any" || (t.kind === "union" && t.members.some((m) => m.kind === "null"));
}

/** `t` without its null member (`number|null` → `number`). */
export function nonNull(t: Type): Type {
  if (t.kind === "null") return T.Never;
  if (t.kind !== "union") return t;
  let rest = nonNulls.get(t);
  if (rest !== undefined) return rest;
  if (!t.members.some((m) => m.kind === "null")) rest = t;
  else {
    rest = union(...t.members.filter((m) => m.kind !== "null"));
    if (t.gradual === true && rest.kind === "union") rest = gradualOf(rest);
  }
  nonNulls.set(t, rest);
  return rest;
}

/** `nonNull` of each union met, made once (types are immutable; checking asks for it again and again). */
const nonNulls = new WeakMap<Type, Type>();

/** Structural equality of types. */
export function typeEquals(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === "var") return a.name === (b as typeof a).name;
  return a.kind === "list" || a.kind === "dict" || a.kind === "union" || a.kind === "function" ? sameShape(a, b) : true;
}

/** `typeEquals` of two types of one kind that holds other types. */
function sameShape(a: Type, b: Type): boolean {
  switch (a.kind) {
    case "list": {
      const o = b as typeof a;
      return typeEquals(a.element, o.element) && (a.groupKey === undefined) === (o.groupKey === undefined) &&
        (a.groupKey === undefined || typeEquals(a.groupKey, o.groupKey!));
    }
    case "dict": {
      const o = b as typeof a;
      if (a.name !== o.name || !typeEquals(a.value, o.value)) return false;
      const fa = a.fields, fb = o.fields;
      if (fa === undefined || fb === undefined) return fa === fb;
      if (fa.size !== fb.size) return false;
      for (const [k, v] of fa) {
        const w = fb.get(k);
        if (w === undefined || !typeEquals(v, w)) return false;
      }
      return true;
    }
    case "union": {
      const o = b as typeof a;
      return a.members.length === o.members.length && a.members.every((m) => o.members.some((n) => typeEquals(m, n)));
    }
    case "function": {
      const o = b as typeof a;
      return a.params.length === o.params.length && a.params.every((p, i) => typeEquals(p, o.params[i]!)) && typeEquals(a.result, o.result);
    }
    default:
      return true;
  }
}

/**
 * Whether a value of type `from` may be passed where `to` is expected. `any` goes both ways (gradual typing):
 * an `any` argument is checked again at run time. Type variables are not handled here (see unification).
 */
export function isAssignable(from: Type, to: Type): boolean {
  if (from.kind === "any" || to.kind === "any" || from.kind === "never") return true;
  if (from.kind === "union") return from.members.every((m) => isAssignable(m, to));
  if (to.kind === "union") return to.members.some((m) => isAssignable(from, m));
  switch (to.kind) {
    case "list":
      return from.kind === "list" && isAssignable(from.element, to.element) &&
        (to.groupKey === undefined || (from.groupKey !== undefined && isAssignable(from.groupKey, to.groupKey)));
    case "dict":
      return from.kind === "dict" && isAssignableDict(from, to);
    case "function":
      return from.kind === "function" && from.params.length <= to.params.length &&
        from.params.every((p, i) => isAssignable(to.params[i]!, p)) && isAssignable(from.result, to.result);
    case "var":
      return true;
    default:
      return from.kind === to.kind;
  }
}

function isAssignableDict(from: Extract<Type, { kind: "dict" }>, to: Extract<Type, { kind: "dict" }>): boolean {
  if (typeEquals(from, to)) return true;
  if (to.name !== undefined && from.name !== undefined && to.name !== from.name) return false;
  if (to.fields !== undefined) {
    for (const [k, t] of to.fields) {
      const f = from.fields?.get(k) ?? from.value;
      if (!isAssignable(f, t)) return false;
    }
  }
  return isAssignable(dictValueUnion(from), to.value);
}

/** The union of every value type a dict may hold (its known fields and its open value type). */
export function dictValueUnion(t: Extract<Type, { kind: "dict" }>): Type {
  return t.fields === undefined ? t.value : union(t.value, ...t.fields.values());
}

/** Readable form: `list<number|null>`, `dict<any>`, `{lr: number, name: string}`, `(Run) => number`. */
export function printType(t: Type): string {
  switch (t.kind) {
    case "run":
      return "Run";
    case "artifactVersion":
      return "ArtifactVersion";
    case "user":
      return "User";
    case "list":
      return t.groupKey !== undefined ? `group<${printType(t.groupKey)}, ${printType(t.element)}>` : `list<${printType(t.element)}>`;
    case "dict":
      if (t.name !== undefined) return t.name;
      if (t.fields !== undefined && t.value.kind === "never") {
        return `{${[...t.fields].map(([k, v]) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k)}: ${printType(v)}`).join(", ")}}`;
      }
      return `dict<${printType(dictValueUnion(t))}>`;
    case "union":
      return t.members.map((m) => (m.kind === "function" ? `(${printType(m)})` : printType(m))).join("|");
    case "function":
      return `(${t.params.map(printType).join(", ")}) => ${printType(t.result)}`;
    case "var":
      return t.name;
    default:
      return t.kind;
  }
}
