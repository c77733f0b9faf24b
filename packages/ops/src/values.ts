/**
 * Runtime values. Every value an expression can see is one of these; none of them exposes a JavaScript prototype
 * method or a host object to an expression (dicts are Maps, domain objects are reached only through ops).
 */

import { History } from "./history.js";
import { fromParsedJson } from "./parsed-json.js";
import { parseJsonLenient } from "./runs-json.js";

/** An instant in UTC with millisecond precision. */
export class DateValue {
  constructor(readonly ms: number) {
    Object.freeze(this);
  }
}

/** A signed span of time in milliseconds. */
export class DurationValue {
  constructor(readonly ms: number) {
    Object.freeze(this);
  }
}

/** A dict: string keys only, looked up with `get`, so no key ever reaches `Object.prototype`. */
export type Dict = ReadonlyMap<string, Value>;

/** A callable value: a lambda or an op used as a value. `call` may throw an OpError or a QelError. */
export class FunctionValue {
  constructor(
    /** For printing (`<fn runRuntime>`, `<lambda>`). */
    readonly name: string,
    /** Number of declared parameters. */
    readonly arity: number,
    readonly call: (...args: Value[]) => Value,
  ) {
    Object.freeze(this);
  }
}

export class User {
  constructor(
    readonly username: string,
    readonly name: string | null,
    readonly email: string | null,
  ) {
    Object.freeze(this);
  }
}

/** One version of an artifact, as logged or used by a run. */
export class ArtifactVersion {
  constructor(
    readonly name: string,
    readonly version: number,
    /** Aliases as recorded, always including `v<version>`. */
    readonly aliases: readonly string[],
    readonly type: string | null,
    readonly size: number | null,
    readonly createdAt: DateValue | null,
    readonly digest: string | null,
    /** The alias it was selected by (runLoggedArtifactVersion), else null. */
    readonly selectedAlias: string | null = null,
    /** Fields of the source document that the model has no place for, kept for export. */
    readonly extra: Dict = EMPTY_DICT,
  ) {
    Object.freeze(this);
  }
}

/** The standard TextDecoder (browsers and Node); ops is compiled without DOM or Node types. */
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };
/** Made on first use: a host without TextDecoder can still use every value that is not kept as bytes. */
let decoder: { decode(bytes: Uint8Array): string } | undefined;

/**
 * A dict kept as the JSON it was read from until first used: loading a big project then costs little more than
 * parsing it. The JSON is kept parsed, or as the bytes of its text (`bytes[start..end)`, an object the loader
 * parsed once already), which are parsed again at each use: memory then holds plain bytes rather than many small
 * objects. `entries` gives the dict's keys and the JSON of their values (leaving some keys out or unwrapping
 * values, as the loader defines); `build` makes the dict from them (the same every time: the JSON is the
 * loader's own, never shared, and nests no deeper than fromParsedJson takes).
 */
export class JsonDict {
  readonly #json: Readonly<Record<string, unknown>> | null;
  readonly #bytes: Uint8Array | null;
  readonly #start: number;
  readonly #end: number;

  constructor(
    json: Readonly<Record<string, unknown>> | Uint8Array,
    readonly entries: (json: Readonly<Record<string, unknown>>, each: (key: string, value: unknown) => void) => void,
    start = 0,
    end = 0,
  ) {
    const bytes = json instanceof Uint8Array;
    this.#json = bytes ? null : json;
    this.#bytes = bytes ? json : null;
    this.#start = start;
    this.#end = end;
  }

  /** The JSON object (parsed again from its bytes when kept as bytes). */
  get json(): Readonly<Record<string, unknown>> {
    if (this.#json !== null) return this.#json;
    const parsed = parseJsonLenient((decoder ??= new TextDecoder()).decode(this.#bytes!.subarray(this.#start, this.#end)));
    // the loader parsed these very bytes as an object before keeping them
    if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) throw new Error("JsonDict: kept bytes are not a JSON object");
    return parsed.value as Readonly<Record<string, unknown>>;
  }

  /** Calls `each` with every key of the dict and the JSON its value is built from. */
  forEachEntry(each: (key: string, value: unknown) => void): void {
    this.entries(this.json, each);
  }

  build(): Dict {
    const m = new Map<string, Value>();
    this.entries(this.json, (k, x) => m.set(k, fromParsedJson(x)));
    return m;
  }
}

/** A run, built from the canonical runs format (see docs/runs-format.md). */
export class Run {
  readonly #history: History;
  #config: Dict | JsonDict;
  #summary: Dict | JsonDict;

  /**
   * History rows ordered by `_step`, built from the columns on first use (see History). Like config and summary,
   * a getter on the prototype: own accessors, defined on each run, cost several times what building the rest of a
   * run costs. (Tests compare runs field by field, these three included: test/setup/run-equality.ts.)
   */
  get history(): readonly Dict[] {
    return this.#history.rows();
  }

  /** The configuration; when read from a file, built from its JSON on first use. */
  get config(): Dict {
    const c = this.#config;
    return c instanceof Map ? c : (this.#config = (c as JsonDict).build());
  }

  /** The summary; when read from a file, built from its JSON on first use. */
  get summary(): Dict {
    const s = this.#summary;
    return s instanceof Map ? s : (this.#summary = (s as JsonDict).build());
  }

  constructor(
    readonly name: string,
    readonly displayName: string | null,
    readonly jobType: string | null,
    readonly state: string | null,
    readonly createdAt: DateValue,
    /** Last heartbeat; equals createdAt when unknown. */
    readonly heartbeatAt: DateValue,
    readonly user: User | null,
    config: Dict | JsonDict,
    summary: Dict | JsonDict,
    /** Rows ordered by `_step`, or the same kept by column. */
    history: readonly Dict[] | History,
    readonly loggedArtifacts: readonly ArtifactVersion[],
    readonly usedArtifacts: readonly ArtifactVersion[],
    readonly tags: readonly string[],
    readonly group: string | null,
    readonly sweep: string | null,
    /** Unknown fields of the source document, kept for export. */
    readonly extra: Dict = EMPTY_DICT,
    /** Where the run lives and what its environment recorded; all null or empty when the source has none. */
    readonly details: RunDetails = NO_DETAILS,
  ) {
    this.#history = history instanceof History ? history : History.fromRows(history);
    this.#config = config;
    this.#summary = summary;
    Object.freeze(this);
  }

  /** The configuration as kept: a dict, or the JSON it is built from on first read (see JsonDict). */
  get configSource(): Dict | JsonDict {
    return this.#config;
  }

  /** The summary as kept: a dict, or the JSON it is built from on first read (see JsonDict). */
  get summarySource(): Dict | JsonDict {
    return this.#summary;
  }

  /** The history by column: `historyTable.column("loss")` reads one metric without building rows. */
  get historyTable(): History {
    return this.#history;
  }
}

/**
 * The descriptive fields of a run (docs/runs-format.md): `id` when the source tells it
 * apart from `name`, the project and entity it belongs to, free-text notes, and `metadata` (host, os, python, gpu,
 * git, program, args: the environment W&B records in `wandb-metadata.json`).
 */
export interface RunDetails {
  readonly id: string | null;
  readonly project: string | null;
  readonly entity: string | null;
  readonly notes: string | null;
  readonly metadata: Dict;
}

/** Every runtime value. Lists are frozen arrays; a group (from groupBy) is a list registered in `groupKeys`. */
export type Value =
  | null
  | number
  | string
  | boolean
  | DateValue
  | DurationValue
  | readonly Value[]
  | Dict
  | FunctionValue
  | Run
  | ArtifactVersion
  | User;

export const EMPTY_DICT: Dict = Object.freeze(new Map<string, Value>());

/** The details of a run whose source records none. */
export const NO_DETAILS: RunDetails = Object.freeze({ id: null, project: null, entity: null, notes: null, metadata: EMPTY_DICT });

/**
 * One frozen list of each element kind the engine distinguishes (small integers, doubles, anything; packed or
 * with holes), held for the life of the program. Every qel list is a frozen array, and the engine describes a
 * frozen array by a hidden class that lives only while some array has it: without these, a full garbage
 * collection that frees every list of a kind frees its hidden class too, and all optimized code that met such
 * lists is thrown away and has to be optimized again (measured: ten times slower calls for a while after each
 * collection). Never read: lang's evaluation context holds it, since a bundle drops or frees a module constant
 * that no code reads.
 */
export const FROZEN_LIST_KINDS: readonly (readonly unknown[])[] = Object.freeze(((): unknown[][] => {
  const holey = (x: unknown): unknown[] => {
    const a = new Array<unknown>(2);
    a[0] = x;
    return a;
  };
  return [[], [1], [1.5], ["a"], [null], [{}], holey(1), holey(1.5), holey("a"), new Array<unknown>(2)];
})().map((a) => Object.freeze(a)));

/** The key of each group list made by groupBy. A WeakMap keeps groups ordinary arrays for every other op. */
export const groupKeys = new WeakMap<readonly Value[], Value>();

const nested = new WeakSet<object>();

/**
 * Marks a list or dict that an op builds and returns inside its result (each `{key, value}` of `entries`, each
 * group of `groupBy`), so the evaluator's output limits count what it holds rather than one value, as for
 * containers the host gave.
 */
export function builtInside<C extends readonly Value[] | Dict>(x: C): C {
  nested.add(x);
  return x;
}

/** Whether an op built `x` inside its result (see `builtInside`). */
export function isBuiltInside(x: readonly Value[] | Dict): boolean {
  return nested.has(x);
}

export function isList(v: Value): v is readonly Value[] {
  return Array.isArray(v);
}

export function isDict(v: Value): v is Dict {
  return v instanceof Map;
}

/** The name of a value's runtime kind, for error messages: "number", "list", "Run", … */
export function kindOf(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "number":
    case "string":
    case "boolean":
      return typeof v;
  }
  if (Array.isArray(v)) return "list";
  if (v instanceof Map) return "dict";
  if (v instanceof DateValue) return "date";
  if (v instanceof DurationValue) return "duration";
  if (v instanceof FunctionValue) return "function";
  if (v instanceof Run) return "Run";
  if (v instanceof ArtifactVersion) return "ArtifactVersion";
  if (v instanceof User) return "User";
  return "unknown";
}
