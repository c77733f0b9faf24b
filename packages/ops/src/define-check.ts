/**
 * The shape check of an op declaration (defineOp's spec, an op given to createRegistry): a host writes these in
 * plain JavaScript too, and a missing name or a parameter that is not a type would otherwise fail later, deep in
 * the checker, as a TypeError. Read once per declaration, never on an evaluation's path.
 */
import { OpError } from "./errors.js";

/** The categories ops are documented under (docs/ops.md), in the order of the reference. */
export const OP_CATEGORIES = [
  "run", "artifact", "user", "list", "aggregate", "dict", "number", "string", "boolean", "null", "kind", "date", "duration", "operator",
] as const;

export type OpCategory = (typeof OP_CATEGORIES)[number];

const categories: ReadonlySet<string> = new Set<string>(OP_CATEGORIES);

const typeKinds: ReadonlySet<string> = new Set([
  "number", "string", "boolean", "null", "date", "duration", "any", "never", "run", "artifactVersion", "user",
  "list", "dict", "union", "function", "var",
]);

/**
 * How messages about a host's arguments name a JavaScript value they did not expect (an op declaration, an
 * environment, a document field, a node of a hand-built tree), one wording for all: `"lr"` (cut at 40
 * characters), `1.5`, `NaN`, `undefined`, `2n (a bigint)`, `a symbol`, `a function`, `null`, `an array`,
 * `an object`. Never throws, reads no property.
 */
export function describeGiven(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  switch (typeof x) {
    case "string":
      return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
    case "number":
    case "boolean":
    case "undefined":
      return String(x);
    case "bigint":
      return `${String(x)}n (a bigint)`;
    case "object":
      return "an object";
    default:
      return `a ${typeof x}`;
  }
}

/**
 * Throws an OpError (`invalid_argument`) naming the first bad field of the declaration `spec` (`overloads[0].params`),
 * as `fn` received it; returns when it has the shape of OpSpec. Reading fields that throw (a Proxy) is reported too.
 */
export function checkOpSpec(spec: unknown, fn: string): void {
  let problem: string | undefined;
  try {
    problem = specProblem(spec);
  } catch (e) {
    problem = `could not be read (${e instanceof Error ? e.message : String(e)})`;
  }
  if (problem !== undefined) throw new OpError("invalid_argument", `${fn}: the op declaration ${problem}`);
}

const must = (field: string, what: string, got: unknown): string => `\`${field}\` must be ${what}, got ${describeGiven(got)}`;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function specProblem(spec: unknown): string | undefined {
  if (!isRecord(spec)) return `must be an object {name, category, overloads, doc}, got ${describeGiven(spec)}`;
  const { name, category, alias, aliases, deprecated, operator, handlesNull, hostData, column, overloads, doc } = spec;
  if (typeof name !== "string" || name === "") return must("name", "a non-empty string", name);
  const of = `of op "${name}"`;
  if (typeof category !== "string" || !categories.has(category)) return `${must("category", `one of ${[...categories].join(", ")}`, category)} (${of})`;
  for (const [field, value] of [["alias", alias], ["operator", operator]] as const) {
    if (value !== undefined && typeof value !== "string") return `${must(field, "a string", value)} (${of})`;
  }
  for (const [field, value] of [["aliases", aliases], ["deprecated", deprecated]] as const) {
    if (value !== undefined && !(Array.isArray(value) && value.every((n) => typeof n === "string"))) return `${must(field, "an array of strings", value)} (${of})`;
  }
  for (const [field, value] of [["handlesNull", handlesNull], ["hostData", hostData]] as const) {
    if (value !== undefined && typeof value !== "boolean") return `${must(field, "true or false", value)} (${of})`;
  }
  if (column !== undefined && typeof column !== "function") return `${must("column", "a function", column)} (${of})`;
  return overloadsProblem(overloads, of) ?? docProblem(doc, of);
}

function overloadsProblem(overloads: unknown, of: string): string | undefined {
  const made = "made with overload(), contextual() or lazyOverload()";
  if (!Array.isArray(overloads) || overloads.length === 0) return `${must("overloads", `a non-empty array of overloads ${made}`, overloads)} (${of})`;
  for (let i = 0; i < overloads.length; i++) {
    const o: unknown = overloads[i];
    const at = `overloads[${i}]`;
    if (!isRecord(o)) return `${must(at, `an overload ${made}`, o)} (${of})`;
    const { params, optional, result, impl, lazy, context } = o;
    if (!Array.isArray(params)) return `${must(`${at}.params`, "an array of types (such as [T.Number])", params)} (${of})`;
    const p = params.findIndex((t) => !isType(t, new Set()));
    if (p >= 0) return `${must(`${at}.params[${p}]`, "a type (such as T.Number or T.List(T.Run))", params[p])} (${of})`;
    if (!Number.isInteger(optional) || (optional as number) < 0 || (optional as number) > params.length) {
      return `${must(`${at}.optional`, `a whole number from 0 to ${params.length}`, optional)} (${of})`;
    }
    if (typeof result !== "function" && !isType(result, new Set())) return `${must(`${at}.result`, "a type or a function of the argument types", result)} (${of})`;
    if (typeof impl !== "function") return `${must(`${at}.impl`, "a function", impl)} (${of})`;
    if (typeof lazy !== "boolean" || typeof context !== "boolean") return `${must(at, `an overload ${made}`, o)} (${of})`;
  }
  return undefined;
}

function docProblem(doc: unknown, of: string): string | undefined {
  if (!isRecord(doc)) return `${must("doc", "an object {summary, examples}", doc)} (${of})`;
  const { summary, examples } = doc;
  if (typeof summary !== "string") return `${must("doc.summary", "a string", summary)} (${of})`;
  if (!Array.isArray(examples) || examples.length === 0) return `${must("doc.examples", "a non-empty array of {expr}", examples)} (${of})`;
  const e = examples.findIndex((x) => !isRecord(x) || typeof x["expr"] !== "string");
  if (e >= 0) return `${must(`doc.examples[${e}]`, "an object {expr: string}", examples[e])} (${of})`;
  return undefined;
}

/** Whether `t` is a Type as the `T` constructors build them, all the way down; a type inside itself is not. */
export function isType(t: unknown, path: Set<object>): boolean {
  if (!isRecord(t) || path.has(t) || typeof t["kind"] !== "string" || !typeKinds.has(t["kind"])) return false;
  path.add(t);
  const ok = partsAreTypes(t, path);
  path.delete(t);
  return ok;
}

function partsAreTypes(t: Record<string, unknown>, path: Set<object>): boolean {
  const all = (xs: unknown): boolean => Array.isArray(xs) && xs.every((x) => isType(x, path));
  switch (t["kind"]) {
    case "list":
      return isType(t["element"], path) && (t["groupKey"] === undefined || isType(t["groupKey"], path));
    case "dict":
      return isType(t["value"], path) && (t["fields"] === undefined || (t["fields"] instanceof Map && all([...t["fields"].values()])));
    case "union":
      return all(t["members"]);
    case "function":
      return all(t["params"]) && isType(t["result"], path);
    case "var":
      return typeof t["name"] === "string";
    default:
      return true;
  }
}
