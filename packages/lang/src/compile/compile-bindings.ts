/**
 * Host bindings → qel values. Plain data is copied into Maps and frozen arrays reading only own data properties:
 * no getter runs, no prototype is read, no host object or function stays reachable. Runs may be Run instances
 * (kept as they are) or plain canonical run objects (docs/runs-format.md).
 */
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, loadRunsDocument, Run, User, type Value } from "@qel/ops";
import { error, QelError } from "../syntax/diagnostics.js";

/**
 * Variables bound by the host: `runs` and any other names the expression's environment declares. An array of Run
 * instances is checked once per identity and length: replace the array, rather than its elements, to change it.
 */
export interface Bindings {
  readonly runs?: readonly unknown[] | { readonly runs: readonly unknown[] };
  readonly [name: string]: unknown;
}

const MAX_NESTING = 1000;

function bad(message: string): QelError {
  return new QelError(error("invalid_argument", message, { start: 0, end: 0 }));
}

/** Converts the binding `name`; throws a QelError (`invalid_argument`) for cycles or runs that cannot be read. */
export function bindingValue(name: string, x: unknown): Value {
  if (name === "runs") return runsValue(x);
  // a scalar or a qel value (a run, for a predicate called per run) is taken as it is, with nothing allocated
  if (x === null || x === undefined) return null;
  if (typeof x !== "object") return typeof x === "number" || typeof x === "string" || typeof x === "boolean" ? x : null;
  if (x instanceof Run || x instanceof DateValue || x instanceof User || x instanceof ArtifactVersion) return x;
  return toValue(x, name, new Set(), 0);
}

/** Arrays of Run instances already checked, with the length they had (re-checked when it changes). */
const checkedRuns = new WeakMap<readonly unknown[], number>();

/** Records a list known to hold only Run instances (from `loadRuns`), so binding it checks nothing. */
export function acceptRuns(runs: readonly Run[]): void {
  checkedRuns.set(runs, runs.length);
}

function runsValue(x: unknown): Value {
  if (Array.isArray(x)) {
    if (checkedRuns.get(x) === x.length) return x as readonly Run[];
    let plain = false;
    for (const r of x as readonly unknown[]) {
      if (!(r instanceof Run)) {
        plain = true;
        break;
      }
    }
    if (!plain) {
      checkedRuns.set(x, x.length);
      return x as readonly Run[];
    }
    const runs: Value[] = [];
    const pending: unknown[] = [];
    const flush = (): void => {
      if (pending.length > 0) runs.push(...loadPlain(pending.splice(0)));
    };
    for (const r of x as readonly unknown[]) {
      if (r instanceof Run) {
        flush();
        runs.push(r);
      } else {
        pending.push(r);
      }
    }
    flush();
    return Object.freeze(runs);
  }
  if (typeof x === "object" && x !== null) return Object.freeze(loadPlain(x));
  throw bad("the binding `runs` must be a list of runs or a qel-runs/1 document");
}

/** Reads plain runs (loadRunsDocument); throws a QelError (`invalid_argument`) listing every error. */
export function loadPlain(input: unknown, onWarning?: (message: string) => void, what = "the binding `runs`"): Run[] {
  let loaded: ReturnType<typeof loadRunsDocument>;
  try {
    loaded = loadRunsDocument(input, { fileName: "runs" });
  } catch (e) {
    // reading plain data recurses: only a cycle, or nesting deeper than any JSON file, exhausts the stack
    if (e instanceof RangeError) throw bad(`${what} contains a cycle or is nested too deeply to read`);
    throw e;
  }
  const errors = loaded.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) throw bad(`${what} could not be read: ${errors.map((i) => i.message).join("; ")}`);
  if (onWarning !== undefined) for (const i of loaded.issues) onWarning(i.message);
  return loaded.runs;
}

/** Own enumerable data properties of a plain object or array; accessors are skipped, never called. */
function ownData(o: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of Object.keys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (d !== undefined && "value" in d) out.push([k, d.value]);
  }
  return out;
}

function toValue(x: unknown, path: string, seen: Set<object>, depth: number): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case "number":
    case "string":
    case "boolean":
      return x;
    case "object":
      break;
    default:
      return null;
  }
  const o = x as object;
  if (o instanceof DateValue || o instanceof DurationValue || o instanceof FunctionValue || o instanceof Run ||
    o instanceof ArtifactVersion || o instanceof User) return o;
  if (o instanceof Date) return new DateValue(Date.prototype.getTime.call(o));
  if (depth > MAX_NESTING) throw bad(`the binding \`${path}\` is nested more than ${MAX_NESTING} levels deep`);
  if (seen.has(o)) throw bad(`the binding \`${path}\` contains a cycle`);
  seen.add(o);
  let out: Value;
  if (Array.isArray(o)) {
    const items: Value[] = [];
    const len = (o as readonly unknown[]).length;
    for (let i = 0; i < len; i++) {
      const d = Object.getOwnPropertyDescriptor(o, i);
      items.push(d !== undefined && "value" in d ? toValue(d.value, `${path}[${i}]`, seen, depth + 1) : null);
    }
    out = Object.freeze(items);
  } else if (o instanceof Map) {
    const m = new Map<string, Value>();
    for (const [k, v] of Map.prototype.entries.call(o) as IterableIterator<[unknown, unknown]>) {
      if (typeof k === "string") m.set(k, toValue(v, `${path}.${k}`, seen, depth + 1));
    }
    out = m;
  } else {
    const m = new Map<string, Value>();
    for (const [k, v] of ownData(o)) m.set(k, toValue(v, `${path}.${k}`, seen, depth + 1));
    out = m;
  }
  seen.delete(o);
  return out;
}
