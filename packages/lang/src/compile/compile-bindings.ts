/**
 * Host bindings → qel values. Plain data is copied into Maps and frozen arrays reading only own data properties:
 * no getter runs, no prototype is read, no host object or function stays reachable. Runs may be Run instances
 * (kept as they are) or plain canonical run objects (docs/runs-format.md).
 */
import { ArtifactVersion, copyHostData, DateValue, fromJson, kindOf as kindOfValue, loadRunsDocument, misfit, refusalOf, printType, Run, User, withArticle, type DataLoss, type FromDataOptions, type Type, type Value } from "@qel/ops";
import { error, QelError } from "../syntax/diagnostics.js";
import type { Span } from "../syntax/source.js";

/**
 * Variables bound by the host: `runs` and any other names the expression's environment declares. An array of Run
 * instances is checked once per identity and length: replace the array, rather than its elements, to change it.
 */
export interface Bindings {
  readonly runs?: readonly unknown[] | { readonly runs: readonly unknown[] };
  readonly [name: string]: unknown;
}

function bad(message: string): QelError {
  return new QelError(error("invalid_argument", message, { start: 0, end: 0 }));
}

/**
 * Reads and converts the binding `name` of `bindings`. A scalar or a qel value (a run, for a predicate called per
 * run) is taken as it is, with nothing allocated. Other data is copied once per distinct object, however often
 * it is shared, with `cx.tick(span)` called every few thousand values (the evaluation's time limit and abort
 * signal). Throws a QelError only: `unknown_name` when nothing is bound, `invalid_argument` for data that
 * cannot be read (a cycle, nesting past the data depth limit, runs that are not runs, a throwing getter or
 * Proxy), or what `tick` throws.
 */
export function readBinding(bindings: Bindings, name: string, cx: Ticker, span: Span, declared?: Type): Value {
  try {
    if (!Object.hasOwn(bindings, name)) throw new QelError(error("unknown_name", `no value is bound to \`${name}\``, span));
    const x = bindings[name];
    if (name === "runs") return readRuns(x, { progress: () => cx.tick(span) });
    const v = valueOf(x, name, cx, span);
    if (declared !== undefined) checkDeclared(v, name, declared, span);
    return v;
  } catch (e) {
    if (e instanceof QelError) throw e;
    throw bad(`the binding \`${name}\` could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function valueOf(x: unknown, name: string, cx: Ticker, span: Span): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === "number" || typeof x === "string" || typeof x === "boolean") return x;
  if (x instanceof Run || x instanceof DateValue || x instanceof User || x instanceof ArtifactVersion) return x;
  return fromJson(x, { ownDataOnly: true, onLoss: refuse(name), onProgress: () => cx.tick(span) });
}

/**
 * A variable the host declared is not run data: the checker trusted its type, so a value of another kind is a
 * `type_mismatch` (docs/language.md "Types from data"), found before any code relies on it. Null fits, as it
 * does every declared type (docs/language.md "Nulls").
 */
function checkDeclared(v: Value, name: string, declared: Type, span: Span): void {
  const m = misfit(v, declared);
  if (m === undefined) return;
  const what = m.path === "" ? withArticle(m.kind) : `${withArticle(kindOfValue(v))} whose \`${m.path}\` is ${withArticle(m.kind)}`;
  const hint = declared.kind === "run" && m.path === "" ? { hint: "convert plain runs once with loadRuns and bind the Run objects it gives" } : {};
  throw new QelError(error("type_mismatch", `the binding \`${name}\` is ${what}, where \`${name}\` is declared ${printType(declared)}`, span, hint));
}

/** What reading a binding reports its progress to (the evaluation's context). */
export interface Ticker {
  tick(span: Span): void;
}

/** Converts data a host function returned (`name` for messages), by the rules readBinding applies to bindings. */
export function hostValue(name: string, x: unknown): Value {
  try {
    return fromJson(x, { ownDataOnly: true, onLoss: refuse(name) });
  } catch (e) {
    if (e instanceof QelError) throw e;
    throw bad(`the value \`${name}\` could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The bindings' names, for choosing an environment; throws an `invalid_argument` QelError when they cannot be read. */
export function bindingNames(bindings: unknown): string[] {
  checkBindings(bindings);
  try {
    return Object.keys(bindings as object);
  } catch (e) {
    throw bad(`the bindings could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Throws an `invalid_argument` QelError unless `bindings` is an object of named values. */
export function checkBindings(bindings: unknown): void {
  if (typeof bindings !== "object" || bindings === null || Array.isArray(bindings)) {
    throw bad("bindings must be an object of named values, such as `{ runs }`");
  }
}

/**
 * A loss handler refusing data that would be cut or changed: a host's data is an API argument, so it is rejected
 * rather than altered. What converts faithfully (a Date to a date, a set to a list, bytes to base64 text, a
 * numeric map key to text) passes, and so do functions and symbols, which read as null, as JSON leaves them out
 * (docs/host.md "The data API").
 */
function refuse(name: string, what = (path: string): string => `the binding \`${name}${path}\``): (l: DataLoss) => void {
  return (l) => {
    const why = refusalOf(l);
    if (why !== undefined) throw bad(`${what(l.path)} ${why}`);
  };
}

/** Arrays of Run instances already checked, with the length they had (re-checked when it changes). */
const checkedRuns = new WeakMap<readonly unknown[], number>();

/** Records a list known to hold only Run instances (from `loadRuns`), so binding it checks nothing. */
export function acceptRuns(runs: readonly Run[]): void {
  checkedRuns.set(runs, runs.length);
}

/** How runs are read: for the binding `runs`, or for `loadRuns` (which names them "the runs" and passes warnings on). */
export interface RunsReading {
  readonly progress?: () => void;
  readonly onWarning?: (message: string) => void;
  /** How messages name the runs: "the binding `runs`" unless given. */
  readonly what?: string;
}

/**
 * Runs given as a list (Run instances, kept as they are, and plain canonical runs) or as a `qel-runs/1` document,
 * as a frozen list of Run instances. Plain data is copied once as bindings are (own data properties only, no
 * getter run, Maps read as objects), then loaded. Throws an `invalid_argument` QelError.
 */
export function readRuns(x: unknown, how: RunsReading = {}): readonly Run[] {
  const what = how.what ?? "the binding `runs`";
  try {
    return readRunsOf(x, how, what);
  } catch (e) {
    // a host's Proxy or throwing getter met while copying
    if (e instanceof QelError) throw e;
    throw bad(`${what} could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function readRunsOf(x: unknown, how: RunsReading, what: string): readonly Run[] {
  const loss = how.what === undefined ? refuse("runs") : refuse("runs", (path) => (path === "" ? what : `${what} at \`${path}\``));
  const copy: FromDataOptions = { onLoss: loss, ...(how.progress !== undefined ? { onProgress: how.progress } : {}) };
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
    // One copy of the plain data (own data properties only, no getter run), then Run instances kept as they are.
    const items = copyHostData(x, copy) as readonly unknown[];
    const runs: Run[] = [];
    let pending: unknown[] = [];
    const flush = (): void => {
      // A loop, not push(...runs): a spread passes every run as an argument, which overflows the stack.
      if (pending.length > 0) for (const r of loadPlain(pending, how.onWarning, what)) runs.push(r);
      pending = [];
    };
    for (const r of items) {
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
  if (typeof x === "object" && x !== null) return Object.freeze(loadPlain(copyHostData(x, copy), how.onWarning, what));
  throw bad(`${what} must be a list of runs or a qel-runs/1 document`);
}

/**
 * Reads plain runs (loadRunsDocument); throws a QelError (`invalid_argument`) naming the first errors, also when
 * the input cannot be read (a throwing getter or Proxy). Warnings go to `onWarning`.
 */
export function loadPlain(input: unknown, onWarning?: (message: string) => void, what = "the binding `runs`"): Run[] {
  let loaded: ReturnType<typeof loadRunsDocument>;
  try {
    loaded = loadRunsDocument(input, { fileName: "runs" });
  } catch (e) {
    throw bad(`${what} could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const errors = loaded.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) {
    const more = errors.length > 3 ? `; and ${errors.length - 3} more` : "";
    throw bad(`${what} could not be read: ${errors.slice(0, 3).map((i) => i.message).join("; ")}${more}`);
  }
  if (onWarning !== undefined) for (const i of loaded.issues) onWarning(i.message);
  return loaded.runs;
}
