/**
 * The JSON form of runtime values, as `qel eval --json` and hosts write them, counted against a value budget.
 * Split from printing so the runs-file export it leans on stays out of the modules that only print.
 * Semantics: docs/host.md (`toJson`), docs/runs-format.md.
 */
import { OpError } from "./errors.js";
import { exportRuns } from "./runs-export.js";
import { isoString, printScalar, stackFailure } from "./value-print.js";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, groupKeys, isDict, type Dict, type Value } from "./values.js";

/** How many values `toJsonValue` writes at most unless told otherwise (a JSON line of roughly a gigabyte). */
export const MAX_JSON_VALUES = 10_000_000;

/** Characters of a string that count as one value written. */
const JSON_CHARS_PER_VALUE = 100;

/**
 * The JSON form of a value, as `qel eval --json` prints it (`JSON.stringify` of the result is the output):
 * - numbers as numbers, except the non-finite ones, which JSON lacks: the strings `"NaN"`, `"Infinity"`,
 *   `"-Infinity"`;
 * - dates as ISO-8601 strings in UTC (`"2026-03-02T09:00:00.000Z"`);
 * - durations as `{"duration_ms": n}` (signed milliseconds), so they stay apart from plain numbers; a non-finite
 *   `n` as the string `"NaN"`, `"Infinity"` or `"-Infinity"`, as for numbers;
 * - dicts as objects (key order kept), lists as arrays, a group from `groupBy` as `{"key": k, "items": [...]}`;
 * - runs exactly as `exportRuns` writes them to a runs file (docs/runs-format.md), users and artifact versions
 *   as their objects in that format; null fields left out, unknown source fields kept;
 * - functions as the string `"<fn name>"`.
 * A value shared many times is written in full each time, so the whole is counted: more than `maxValues` values
 * (a string counting one per 100 characters, a run all its fields and history) throws an OpError with the code
 * `output_limit_exceeded` rather than building it, and an OpError `invalid_argument` for a value that is not a
 * well-formed qel value (a forged Run, a list that contains itself). Throws nothing else.
 */
export function toJsonValue(v: Value, maxValues = MAX_JSON_VALUES): unknown {
  try {
    return new JsonWriter(maxValues).value(v);
  } catch (e) {
    if (e instanceof OpError) throw e;
    const deep = stackFailure(e, v);
    if (deep instanceof OpError) throw deep;
    // Only a value no loader or op made gets here: a Run or Map forged by a host, say.
    throw new OpError("invalid_argument", `the value cannot be written as JSON: it is not a well-formed qel value (${e instanceof Error ? e.message : String(e)})`);
  }
}

class JsonWriter {
  #left: number;
  /** Each run's JSON and the values it holds, made once however often the run is written. */
  readonly #runs = new Map<Run, { readonly json: unknown; readonly weight: number }>();

  constructor(readonly max: number) {
    this.#left = max;
  }

  value(v: Value): unknown {
    if (v === null || typeof v === "boolean") return this.#spent(1, v);
    if (typeof v === "string") return this.#spent(stringWeight(v), v);
    if (typeof v === "number") return this.#spent(1, jsonNumber(v));
    if (Array.isArray(v)) {
      this.#spend(1);
      const items = v.map((x: Value) => this.value(x));
      return groupKeys.has(v) ? { key: this.value(groupKeys.get(v)!), items } : items;
    }
    if (isDict(v)) return this.#spent(1, this.#dict(v));
    if (v instanceof DateValue) return this.#spent(1, isoString(v));
    if (v instanceof DurationValue) return this.#spent(2, { duration_ms: jsonNumber(v.ms) });
    if (v instanceof Run) return this.#run(v);
    // the object, its seven known fields and each alias
    if (v instanceof ArtifactVersion) return this.#spent(8 + v.aliases.length, this.#artifact(v));
    if (v instanceof User) return this.#spent(4, { username: v.username, name: v.name, email: v.email });
    if (v instanceof FunctionValue) return this.#spent(1, printScalar(v));
    // a host's own object handed in place of a result: no JSON is made up for it
    throw new OpError("invalid_argument", `${describeForeign(v)} is not a qel value: toJson takes what evaluate and run return`);
  }

  #dict(d: Dict): Record<string, unknown> {
    // fromEntries defines own properties, so a "__proto__" key stays an ordinary key
    return Object.fromEntries([...d].map(([k, x]) => {
      if (typeof k !== "string") throw new OpError("invalid_argument", `a dict key ${describeForeign(k as Value)} is not text: toJson takes what evaluate and run return`);
      return [k, this.value(x)];
    }));
  }

  /** The run as `exportRuns` writes it to a runs file, with non-finite numbers as strings. */
  #run(r: Run): unknown {
    let made = this.#runs.get(r);
    if (made === undefined) {
      const count = { n: 0 };
      made = { json: finiteJson(exportRuns([r]).runs[0], count), weight: count.n };
      this.#runs.set(r, made);
    }
    return this.#spent(made.weight, made.json);
  }

  #artifact(a: ArtifactVersion): Record<string, unknown> {
    return this.#withExtra({
      name: a.name, version: a.version, aliases: [...a.aliases], type: a.type, size: a.size,
      createdAt: a.createdAt === null ? null : isoString(a.createdAt), digest: a.digest,
    }, a.extra);
  }

  /** Known fields in the format's order, nulls left out, then unknown fields that do not shadow a known one. */
  #withExtra(known: Record<string, unknown>, extra: Dict): Record<string, unknown> {
    const out = Object.fromEntries(Object.entries(known).filter(([, x]) => x !== null && x !== undefined));
    for (const [k, x] of extra) if (!Object.hasOwn(known, k)) out[k] = this.value(x);
    return out;
  }

  #spend(n: number): void {
    this.#left -= n;
    if (this.#left < 0) {
      throw new OpError("output_limit_exceeded", `the result is too large to write as JSON: more than ${this.max} values`,
        "narrow it with filter, map or limit");
    }
  }

  #spent<T>(n: number, json: T): T {
    this.#spend(n);
    return json;
  }
}

function stringWeight(s: string): number {
  return s.length <= JSON_CHARS_PER_VALUE ? 1 : Math.ceil(s.length / JSON_CHARS_PER_VALUE);
}

function finiteJson(x: unknown, count: { n: number }): unknown {
  count.n += typeof x === "string" ? stringWeight(x) : 1;
  if (typeof x === "number") return jsonNumber(x);
  if (Array.isArray(x)) return x.map((y) => finiteJson(y, count));
  if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, finiteJson(v, count)]));
  return x;
}

/**
 * A number as JSON holds it: a finite one as itself (`-0` as `0`), a non-finite one, which JSON lacks, as the
 * string `"NaN"`, `"Infinity"` or `"-Infinity"` (docs/host.md, `toJson`), so the three stay apart.
 */
function jsonNumber(n: number): number | string {
  return Number.isFinite(n) ? (n === 0 ? 0 : n) : String(n);
}

/** What a value that is no qel value is, for messages: "undefined", "a JavaScript Date", "an Object". */
function describeForeign(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v !== "object" || v === null) return `a ${typeof v}`;
  if (v instanceof Date) return "a JavaScript Date";
  const tag = Object.prototype.toString.call(v).slice(8, -1);
  return `${/^[AEIOU]/.test(tag) ? "an" : "a"} ${tag}`;
}
