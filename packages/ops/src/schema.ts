/**
 * Schemas inferred from data: the keys of the runs' configs, summaries and history rows with the types of
 * their values, so the checker can type `r.config.lr` and suggest keys. A key missing from some runs (or rows)
 * is nullable there, since a missing key reads as null (docs/language.md "Names, members and calls").
 */
import { gradualOf, isNullable, T, typeEquals, union, type Type } from "./types.js";
import type { History } from "./history.js";
import { MAX_DATA_DEPTH } from "./from-data.js";
import { OpError } from "./errors.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, JsonDict, Run, User, isDict, isList, type Dict, type Value } from "./values.js";

/** The keys of the runs' dicts and the merged types of their values. */
export interface RunSchema {
  readonly config: ReadonlyMap<string, Type>;
  readonly summary: ReadonlyMap<string, Type>;
  /** Keys of history rows across all runs; nullable unless every row has the key. */
  readonly history: ReadonlyMap<string, Type>;
}

/**
 * The static type of one value: primitives and domain objects by kind, a list as `list<union of its element
 * types>` (`list<never>` when empty), a dict as a typed dict of its keys. Lists and dicts more than
 * MAX_DATA_DEPTH levels down are `any`, so a value built around the loaders' depth cut cannot exhaust the stack;
 * a list or dict shared many times is typed once. Never throws.
 */
export function typeOfValue(v: Value): Type {
  return typeAt(v, 0, new Map());
}

/** The type of a number, string, boolean or null (a JSON value's `undefined` too); undefined for anything else. */
function scalarType(x: unknown): Type | undefined {
  switch (typeof x) {
    case "number":
      return T.Number;
    case "string":
      return T.String;
    case "boolean":
      return T.Boolean;
  }
  return x === null || x === undefined ? T.Null : undefined;
}

function typeAt(v: Value, depth: number, known: Map<object, Type>): Type {
  const scalar = scalarType(v);
  if (scalar !== undefined) return scalar;
  if (isList(v) || isDict(v)) {
    if (depth >= MAX_DATA_DEPTH) return T.Any;
    const seen = known.get(v);
    if (seen !== undefined) return seen;
    let t: Type;
    if (isList(v)) {
      let element: Type = T.Never;
      for (const x of v) element = mergeTypes(element, typeAt(x, depth + 1, known));
      t = T.List(element);
    } else {
      const fields = new Map<string, Type>();
      for (const [k, x] of v) fields.set(k, typeAt(x, depth + 1, known));
      t = T.Dict(T.Never, fields);
    }
    known.set(v, t);
    return t;
  }
  if (v instanceof DateValue) return T.Date;
  if (v instanceof DurationValue) return T.Duration;
  if (v instanceof Run) return T.Run;
  if (v instanceof ArtifactVersion) return T.ArtifactVersion;
  if (v instanceof User) return T.User;
  if (v instanceof FunctionValue) return T.Fn(Array.from({ length: v.arity }, () => T.Any), T.Any);
  return T.Any;
}

/**
 * The type `typeOfValue` gives the Value a loader's parsed JSON becomes (see JsonDict: objects become dicts,
 * arrays lists), read from the JSON itself so that no dict is built. `depth` as in typeAt.
 */
function typeOfJson(x: unknown, depth: number): Type {
  const scalar = scalarType(x);
  if (scalar !== undefined) return scalar;
  if (depth >= MAX_DATA_DEPTH) return T.Any;
  if (Array.isArray(x)) {
    let element: Type = T.Never;
    for (let i = 0; i < x.length; i++) element = mergeTypes(element, typeOfJson(x[i], depth + 1));
    return T.List(element);
  }
  const fields = new Map<string, Type>();
  for (const k of Object.keys(x as object)) fields.set(k, typeOfJson((x as Record<string, unknown>)[k], depth + 1));
  return T.Dict(T.Never, fields);
}

/**
 * Whether counting JSON `x` into a key whose type is `t` leaves `t` as it is (depth as in typeOfJson), found
 * without building `typeOfJson(x)`: its type equals `t`, or is a scalar member of `t`, a union from data (merging
 * a member into a union gives the same union). False when unsure; the caller then merges the long way.
 */
function jsonKeeps(x: unknown, t: Type, depth: number): boolean {
  const scalar = scalarType(x);
  if (scalar !== undefined && t.kind === "union") return t.gradual === true && t.members.some((m) => m.kind === scalar.kind);
  return jsonHasType(x, t, depth);
}

/** Whether `typeOfJson(x, depth)` equals `t` (see typeEquals), found without building it; false when unsure. */
function jsonHasType(x: unknown, t: Type, depth: number): boolean {
  const scalar = scalarType(x);
  if (scalar !== undefined) return scalar.kind === t.kind;
  if (depth >= MAX_DATA_DEPTH) return t.kind === "any";
  if (Array.isArray(x)) {
    if (!isPlainList(t)) return false;
    if (x.length === 0) return t.element.kind === "never";
    // the elements' types merged: the element type itself when each one's is
    for (let i = 0; i < x.length; i++) if (!jsonHasType(x[i], t.element, depth + 1)) return false;
    return true;
  }
  if (!isFieldDict(t) || t.value.kind !== "never") return false;
  const fields = t.fields!;
  const keys = Object.keys(x as object);
  if (keys.length !== fields.size) return false;
  for (const k of keys) {
    const f = fields.get(k);
    if (f === undefined || !jsonHasType((x as Record<string, unknown>)[k], f, depth + 1)) return false;
  }
  return true;
}

type DictType = Extract<Type, { kind: "dict" }>;
type ListType = Extract<Type, { kind: "list" }>;

/** Whether `t` is a typed dict literal type (fields, no name), the kind `typeOfValue` builds. */
function isFieldDict(t: Type): t is DictType {
  return t.kind === "dict" && t.fields !== undefined && t.name === undefined;
}

function isPlainList(t: Type): t is ListType {
  return t.kind === "list" && t.groupKey === undefined;
}

/**
 * The type of a value that is sometimes an `a` and sometimes a `b`: the union, except that lists merge into one
 * list of the merged element types and typed dicts into one dict whose keys missing on either side are nullable.
 */
export function mergeTypes(a: Type, b: Type): Type {
  if (a === b || typeEquals(a, b)) return a;
  const members = [...(a.kind === "union" ? a.members : [a])];
  for (const m of b.kind === "union" ? b.members : [b]) {
    const i = members.findIndex((x) => (isPlainList(x) && isPlainList(m)) || (isFieldDict(x) && isFieldDict(m)));
    if (i < 0) members.push(m);
    else members[i] = mergeSame(members[i]!, m);
  }
  // a key whose kind differs between runs is gradual (docs/language.md "Types from data")
  return gradualOf(union(...members));
}

function mergeSame(a: Type, b: Type): Type {
  if (isPlainList(a) && isPlainList(b)) return T.List(mergeTypes(a.element, b.element));
  const fa = (a as DictType).fields!, fb = (b as DictType).fields!;
  const fields = new Map<string, Type>();
  for (const [k, t] of fa) fields.set(k, fb.has(k) ? mergeTypes(t, fb.get(k)!) : mergeTypes(t, T.Null));
  for (const [k, t] of fb) if (!fa.has(k)) fields.set(k, mergeTypes(t, T.Null));
  return T.Dict(T.Never, fields);
}

/** What a KeyTypes counted: each key with the merged type of its values and how many dicts had it; the dicts. */
export interface KeyCounts {
  readonly keys: readonly (readonly [string, Type, number])[];
  readonly dicts: number;
}

/** SchemaBuilder's counts of config, summary and history keys. */
export interface SchemaCounts {
  readonly config: KeyCounts;
  readonly summary: KeyCounts;
  readonly history: KeyCounts;
}

/** One key of KeyTypes: the merged type of its values and how many dicts had it. */
interface KeyCount {
  type: Type;
  seen: number;
}

/** Accumulates the keys of many dicts: merged value types and how many dicts had each key. */
class KeyTypes {
  readonly keys = new Map<string, KeyCount>();
  dicts = 0;

  add(d: Dict | JsonDict): void {
    if (d instanceof JsonDict) {
      // read from the JSON, so inferring a schema does not build every run's dict
      this.dicts++;
      d.forEachEntry(this.#addJson);
      return;
    }
    this.dicts++;
    for (const [k, v] of d) this.#count(k, typeOfValue(v), 1);
  }

  readonly #addJson = (k: string, x: unknown): void => {
    const known = this.keys.get(k);
    // the usual run: a key whose value has the type counted so far, checked without building its type
    if (known !== undefined && jsonKeeps(x, known.type, 0)) known.seen++;
    else this.#count(k, typeOfJson(x, 0), 1);
  };

  #count(k: string, t: Type, rows: number): void {
    const known = this.keys.get(k);
    if (known === undefined) this.keys.set(k, { type: t, seen: rows });
    else {
      if (known.type !== t) known.type = mergeTypes(known.type, t);
      known.seen += rows;
    }
  }

  /** The rows of a history kept by column, as `add` of each row would count them. */
  addHistory(h: History): void {
    const stats = h.keyStats();
    if (stats === null) {
      for (const row of h.rows()) this.add(row);
      return;
    }
    this.dicts += h.length;
    for (const { key, rows, numeric, values } of stats) {
      if (rows === 0) continue;
      let t: Type = T.Never;
      if (numeric) t = T.Number;
      else for (const v of values()) t = mergeTypes(t, typeOfValue(v));
      this.#count(key, t, rows);
    }
  }

  /** The keys counted, as plain data (it crosses threads). */
  counts(): KeyCounts {
    return { keys: [...this.keys].map(([k, { type, seen }]) => [k, type, seen] as const), dicts: this.dicts };
  }

  /** Adds the counts another KeyTypes made of the dicts that follow this one's. */
  addCounts(c: KeyCounts): void {
    this.dicts += c.dicts;
    for (const [k, t, seen] of c.keys) this.#count(k, t, seen);
  }

  result(): ReadonlyMap<string, Type> {
    const out = new Map<string, Type>();
    for (const [k, { type: t, seen }] of this.keys) {
      out.set(k, seen < this.dicts && !isNullable(t) ? union(t, T.Null) : t);
    }
    return out;
  }
}

/**
 * The schema of `runs`: every config, summary and history key in order of first appearance, with the merged
 * type of its values (`number` in some runs and absent in others is `number|null`; a number in some and a
 * string in others is `number|string`; nested dicts are typed dicts). Linear in the size of the data. Throws only
 * an OpError (`invalid_argument`) when `runs` is not an iterable of Run objects: plain JSON runs are refused, not
 * converted, since converting is loadRuns's work (done once, and its result bound as `runs` too).
 */
export function inferSchema(runs: Iterable<Run>): RunSchema {
  const schema = new SchemaBuilder();
  for (const r of runList(runs)) schema.add(r);
  return schema.result();
}

/** `runs` read once into an array of Runs, or the OpError saying what it is instead. */
function runList(runs: unknown): readonly Run[] {
  const given = "inferSchema takes a list of Run objects (convert plain JSON runs with loadRuns first)";
  if (typeof runs !== "object" || runs === null) throw new OpError("invalid_argument", `${given}, got ${runs === null ? "null" : typeof runs}`);
  let list: unknown[];
  try {
    if (typeof (runs as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function") throw new OpError("invalid_argument", `${given}, got an object that is not a list`);
    list = Array.from(runs as Iterable<unknown>);
  } catch (e) {
    if (e instanceof OpError) throw e;
    throw new OpError("invalid_argument", `${given}; the list could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const i = list.findIndex((r) => !(r instanceof Run));
  if (i >= 0) throw new OpError("invalid_argument", `${given}: item ${i} is ${list[i] === null ? "null" : Array.isArray(list[i]) ? "an array" : `a plain ${typeof list[i]}`}, not a Run`);
  return list as Run[];
}

/**
 * What `inferSchema(runs)` gives, each part (config, summary, history) inferred when first read: a checker that
 * meets only config keys never reads the summaries or histories. Not for sending to another thread (a class
 * instance; its parts are getters).
 */
export function inferSchemaLazily(runs: readonly Run[]): RunSchema {
  return new LazySchema(runs.slice());
}

/** See inferSchemaLazily. */
class LazySchema implements RunSchema {
  readonly #runs: readonly Run[];
  #config: ReadonlyMap<string, Type> | undefined;
  #summary: ReadonlyMap<string, Type> | undefined;
  #history: ReadonlyMap<string, Type> | undefined;

  constructor(runs: readonly Run[]) {
    this.#runs = runs;
  }

  get config(): ReadonlyMap<string, Type> {
    return (this.#config ??= this.#keys((k, r) => k.add(r.configSource)));
  }

  get summary(): ReadonlyMap<string, Type> {
    return (this.#summary ??= this.#keys((k, r) => k.add(r.summarySource)));
  }

  get history(): ReadonlyMap<string, Type> {
    return (this.#history ??= this.#keys((k, r) => k.addHistory(r.historyTable)));
  }

  #keys(add: (keys: KeyTypes, run: Run) => void): ReadonlyMap<string, Type> {
    const keys = new KeyTypes();
    for (const r of this.#runs) add(keys, r);
    return keys.result();
  }
}

/**
 * `inferSchema` one run at a time, for runs that are never all in memory at once (a streamed import): holds
 * only the keys and their types. `result()` after the last `add` gives what inferSchema gives for the same runs.
 */
export class SchemaBuilder {
  readonly #config = new KeyTypes();
  readonly #summary = new KeyTypes();
  readonly #history = new KeyTypes();
  readonly #parts: SchemaParts;

  /** `parts`: the parts to infer (default all); the others are left empty. */
  constructor(parts: SchemaParts = { config: true, summary: true, history: true }) {
    this.#parts = parts;
  }

  add(r: Run): void {
    if (this.#parts.config) this.#config.add(r.configSource);
    if (this.#parts.summary) this.#summary.add(r.summarySource);
    if (this.#parts.history) this.#history.addHistory(r.historyTable);
  }

  /** What has been added, as plain data that crosses threads (a file's parts read apart). */
  counts(): SchemaCounts {
    return { config: this.#config.counts(), summary: this.#summary.counts(), history: this.#history.counts() };
  }

  /** Adds the counts of another builder, made of runs that follow this one's: as if its runs were added here. */
  addCounts(c: SchemaCounts): void {
    this.#config.addCounts(c.config);
    this.#summary.addCounts(c.summary);
    this.#history.addCounts(c.history);
  }

  result(): RunSchema {
    return { config: this.#config.result(), summary: this.#summary.result(), history: this.#history.result() };
  }
}

/** Which parts of a schema a SchemaBuilder infers. */
export interface SchemaParts {
  readonly config: boolean;
  readonly summary: boolean;
  readonly history: boolean;
}
