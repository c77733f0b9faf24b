/**
 * Data → values: the one conversion of loaded or host data (parsed JSON or YAML, plain objects) into qel values,
 * under the data limits of docs/language.md "Limits". It runs without recursion, so no nesting reaches the
 * JavaScript stack, and converts each distinct object once per depth, so sub-objects shared many times (YAML
 * aliases, a host's `o = [o, o]`) cost what they hold, not what they expand to.
 */
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, type Value } from "./values.js";

/** How deeply lists and dicts may nest in data: `{"a": [1]}` is two levels. Deeper ones are cut. */
export const MAX_DATA_DEPTH = 100;

/** What stands in place of a list or dict nested deeper than MAX_DATA_DEPTH. */
export const CUT_TOO_DEEP = `<cut: nested deeper than ${MAX_DATA_DEPTH} levels>`;

/** What stands in place of a list or dict found again inside itself. */
export const CUT_CYCLE = "<cut: contains itself>";

/**
 * A place where data could not be kept exactly as it was. `path` is relative to the converted value (`""`, `.a`,
 * `.a[2]`); `severity` is "error" when something was left out, "warning" when it was kept in another form.
 */
export interface DataLoss {
  /**
   * `too_deep` and `cycle` cut a list or dict; `changed` kept a value in another form that holds the same (a Date
   * as a date, a set as a list); `inexact` kept a value that is not quite the same (an integer too large for a
   * number as the nearest number); `not_data` kept null for what is no data (a function, a symbol); `invalid`
   * kept null for a value that holds nothing valid (an invalid date), or left out an entry of a map whose key reads
   * as another's.
   */
  readonly kind: "too_deep" | "cycle" | "changed" | "inexact" | "not_data" | "invalid";
  readonly severity: "error" | "warning";
  readonly path: string;
  readonly text: string;
}

export interface FromDataOptions {
  /** Levels of lists and dicts already above the value (a config entry is one level inside its config). */
  readonly depth?: number;
  /** Called for every place where the data was cut or changed (see DataLoss). */
  readonly onLoss?: (loss: DataLoss) => void;
  /** Read only own data properties, never running a getter: for objects a host hands over. */
  readonly ownDataOnly?: boolean;
  /** Called after every 4096 values converted with the count so far; it may throw to stop the conversion. */
  readonly onProgress?: (converted: number) => void;
}

/**
 * Copies a host's data (own data properties only, no getter run) under the same limits as fromJson, as plain
 * data rather than values: prototype-free objects and arrays that loadRunsDocument reads like parsed JSON. Qel
 * values inside are kept as they are.
 */
export function copyHostData(x: unknown, options: Omit<FromDataOptions, "ownDataOnly"> = {}): unknown {
  return new Converter({ ...options, ownDataOnly: true }, true).run(x);
}

type Out = Value[] | Map<string, Value> | Record<string, Value>;

/** One list or dict being converted: its source, the value being filled, and where it sits. */
class Frame {
  i = 0;
  /** Still being filled: meeting its source again means a cycle. */
  open = true;
  /** Conversions of the same source at other depths (see Converter.seen). */
  more: Map<number, Value> | undefined = undefined;
  constructor(
    readonly src: object,
    readonly out: Out,
    /** Keys of an object source; null for arrays (indices) and for Map and Set sources (entries). */
    public keys: readonly string[] | null,
    /** Entries of a Map or Set source, read once. */
    public entries: readonly (readonly [unknown, unknown])[] | null,
    readonly length: number,
    readonly depth: number,
    readonly parent: Frame | null,
    readonly key: string | number | null,
  ) {}
}

/**
 * Converts `x` into a Value. Objects become dicts of their own enumerable string keys (a Map's string entries),
 * arrays frozen lists; a Set becomes a list of its members, bytes (a Uint8Array) their base64 text and a Date a
 * date, each reported as a warning; a list or dict nested deeper than MAX_DATA_DEPTH becomes CUT_TOO_DEEP and one
 * found inside itself CUT_CYCLE, each reported as an error; a function or symbol becomes null (an error);
 * `undefined` is null. qel values (dates, runs, …) are kept. Never reads a prototype; never throws unless
 * `onProgress` or a host's Proxy does.
 */
export function fromJson(x: unknown, options: FromDataOptions = {}): Value {
  if (x === null || typeof x === "number" || typeof x === "string" || typeof x === "boolean") return x;
  return new Converter(options).run(x);
}

class Converter {
  private readonly maxDepth: number;
  /** Every list or dict source met, so shared ones are converted once (per depth) and cycles are found. */
  private readonly seen = new Map<object, Frame>();
  private readonly stack: Frame[] = [];
  private count = 0;

  constructor(
    private readonly opts: FromDataOptions,
    /** Build prototype-free objects instead of Maps (see copyHostData). */
    private readonly plain = false,
  ) {
    this.maxDepth = MAX_DATA_DEPTH - (opts.depth ?? 0);
  }

  run(x: unknown): Value {
    const root = this.place(x, 0, null, null);
    const stack = this.stack;
    while (stack.length > 0) {
      const f = stack[stack.length - 1] as Frame;
      if (f.i >= f.length) {
        stack.pop();
        this.close(f);
        continue;
      }
      const i = f.i++;
      if (++this.count % 4096 === 0) this.opts.onProgress?.(this.count);
      if (f.keys !== null) {
        const k = f.keys[i] as string;
        set(f.out, k, this.place(this.read(f.src, k), f.depth + 1, f, k));
      } else if (f.entries === null) {
        (f.out as Value[]).push(this.place(this.read(f.src, i), f.depth + 1, f, i));
      } else if (Array.isArray(f.out)) {
        f.out.push(this.place((f.entries[i] as readonly [unknown, unknown])[0], f.depth + 1, f, i));
      } else {
        const [k, v] = f.entries[i] as readonly [unknown, unknown];
        const key = typeof k === "string" ? k : this.keyText(k, f);
        if (has(f.out, key)) this.loss("invalid", f, key, "two keys of a map read as this text (one of them not text); the later one left out");
        else set(f.out, key, this.place(v, f.depth + 1, f, key));
      }
    }
    return root;
  }

  /** The value for `v` at `depth`: itself, a marker, a conversion made before, or a new list or dict to fill. */
  private place(v: unknown, depth: number, parent: Frame | null, key: string | number | null): Value {
    switch (typeof v) {
      case "number":
      case "string":
      case "boolean":
        return v;
    }
    const simple = this.simple(v, parent, key);
    if (simple !== undefined) return simple;
    const o = v as object;
    const seen = this.seen.get(o);
    if (seen !== undefined) {
      if (seen.open) {
        this.loss("cycle", parent, key, "refers to a list or dict that contains it; cut");
        return CUT_CYCLE;
      }
      const known = seen.depth === depth ? (seen.out as Value) : seen.more?.get(depth);
      if (known !== undefined) return known;
    }
    if (depth >= this.maxDepth) {
      this.loss("too_deep", parent, key, `nested deeper than ${MAX_DATA_DEPTH} levels; cut`);
      return CUT_TOO_DEEP;
    }
    const frame = this.open(o, depth, parent, key);
    // In plain mode (copyHostData) containers are objects rather than Maps: values only in the loose sense.
    const value = frame.out as Value;
    if (seen === undefined) this.seen.set(o, frame);
    else {
      seen.open = true;
      frame.open = false;
      (seen.more ??= new Map()).set(depth, value);
    }
    this.stack.push(frame);
    return value;
  }

  /** A value that needs no frame, or undefined for a list or dict to convert. */
  private simple(v: unknown, parent: Frame | null, key: string | number | null): Value | undefined {
    switch (typeof v) {
      case "number":
      case "string":
      case "boolean":
        return v;
      case "undefined":
        return null;
      case "bigint": {
        const n = Number(v);
        if (BigInt(n) !== v) this.loss("inexact", parent, key, "an integer too large for a number; kept as the nearest one");
        return n;
      }
      case "object":
        break;
      default:
        this.loss("not_data", parent, key, `a ${typeof v} is not data; null kept`);
        return null;
    }
    if (v === null) return null;
    if (v instanceof DateValue || v instanceof DurationValue || v instanceof FunctionValue || v instanceof Run ||
      v instanceof ArtifactVersion || v instanceof User) return v;
    if (v instanceof Date) {
      const ms = Date.prototype.getTime.call(v);
      if (Number.isNaN(ms)) {
        this.loss("invalid", parent, key, "an invalid date; null kept");
        return null;
      }
      return new DateValue(ms);
    }
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      this.loss("changed", parent, key, `binary data (${bytes.length} bytes); kept as its base64 text`);
      return base64(bytes);
    }
    return undefined;
  }

  private open(o: object, depth: number, parent: Frame | null, key: string | number | null): Frame {
    if (Array.isArray(o)) return new Frame(o, [], null, null, o.length, depth, parent, key);
    if (o instanceof Set) {
      this.loss("changed", parent, key, "a set; kept as the list of its members");
      const entries = Array.from(Set.prototype.values.call(o) as IterableIterator<unknown>, (m) => [m, m] as const);
      return new Frame(o, [], null, entries, entries.length, depth, parent, key);
    }
    if (o instanceof Map) {
      const entries = Array.from(Map.prototype.entries.call(o) as IterableIterator<[unknown, unknown]>);
      return new Frame(o, this.dict(), null, entries, entries.length, depth, parent, key);
    }
    const keys = Object.keys(o);
    return new Frame(o, this.dict(), keys, null, keys.length, depth, parent, key);
  }

  private dict(): Out {
    return this.plain ? (Object.create(null) as Record<string, Value>) : new Map<string, Value>();
  }

  private close(f: Frame): void {
    (this.seen.get(f.src) as Frame).open = false;
    // Done with: the frame stays in `seen` for its value, but need not keep the source's keys alive.
    f.keys = f.entries = null;
    if (Array.isArray(f.out) && !this.plain) Object.freeze(f.out);
  }

  private read(o: object, k: string | number): unknown {
    if (!this.opts.ownDataOnly) return (o as Record<string | number, unknown>)[k];
    const d = Object.getOwnPropertyDescriptor(o, k);
    return d !== undefined && "value" in d ? (d.value as unknown) : undefined;
  }

  private keyText(k: unknown, f: Frame): string {
    const text = typeof k === "number" || typeof k === "boolean" || k === null ? String(k) : `<${typeof k}>`;
    this.loss("changed", f, text, "a key that is not text; kept as text");
    return text;
  }

  private loss(kind: DataLoss["kind"], parent: Frame | null, key: string | number | null, text: string): void {
    if (this.opts.onLoss === undefined) return;
    const parts: string[] = [];
    let f = parent, k = key;
    while (k !== null) {
      parts.push(typeof k === "number" ? `[${k}]` : `.${k}`);
      if (f === null) break;
      k = f.key;
      f = f.parent;
    }
    parts.reverse();
    // A cut 100 levels down would otherwise name every level on the way.
    const path = parts.length <= 8 ? parts.join("") : `${parts.slice(0, 4).join("")}…${parts.length - 7} levels…${parts.slice(-3).join("").replace(/^\./, "")}`;
    this.opts.onLoss({ kind, severity: kind === "changed" || kind === "inexact" ? "warning" : "error", path, text });
  }
}

/**
 * Why a host's data (a binding, a host op's result) is refused for `l` rather than converted, as a phrase of what
 * the value `is`/`does`: it would be cut (a cycle, nesting too deep) or not kept as it is (an inexact bigint, an
 * invalid date, map keys that collide). Undefined where the conversion is faithful (a Date, a set, bytes, a number
 * key; a function or symbol as null, as JSON leaves them out). See docs/host.md "The data API".
 */
export function refusalOf(l: DataLoss): string | undefined {
  switch (l.kind) {
    case "cycle":
      return "contains a cycle";
    case "too_deep":
      return `is nested more than ${MAX_DATA_DEPTH} levels deep`;
    case "inexact":
    case "invalid":
      // the loaders' wording says what they keep in its place; refused data keeps nothing
      return `cannot be read: ${l.text.replace(/; [^;]*$/, "")}`;
    default:
      return undefined;
  }
}

function has(out: Out, key: string): boolean {
  return out instanceof Map ? out.has(key) : Object.hasOwn(out, key);
}

function set(out: Out, key: string, v: Value): void {
  if (out instanceof Map) out.set(key, v);
  else (out as Record<string, Value>)[key] = v;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** RFC 4648 base64 with padding (lang and ops use no platform encoders, to bundle for any platform). */
function base64(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number, b = bytes[i + 1], c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out.push(B64[n >> 18] as string, B64[(n >> 12) & 63] as string, b === undefined ? "=" : (B64[(n >> 6) & 63] as string), c === undefined ? "=" : (B64[n & 63] as string));
  }
  return out.join("");
}
