/**
 * JSON text with the non-finite number literals W&B writes (`NaN`, `Infinity`, `-Infinity`), read and written.
 * `JSON.parse` rejects those tokens, so every W&B file goes through here.
 */
import { JsonSyntaxError, LenientParser, lineColumn, type OutOfRangeNumber } from "./runs-json-parser.js";

export { lineColumn, type OutOfRangeNumber } from "./runs-json-parser.js";

/** The outcome of {@link parseJsonLenient}: a value, or the first syntax error with its 1-based line and column. */
export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly offset: number; readonly line: number; readonly column: number };

/**
 * Parses JSON that may also contain the bare tokens `NaN`, `Infinity` and `-Infinity` (as numbers). Everything
 * else is strict JSON (RFC 8259): no comments, no trailing commas, no single quotes. Objects are plain objects
 * whose keys are all own data properties (`"__proto__"` included), as with `JSON.parse`; a repeated key keeps
 * its last value. Never throws: a syntax error comes back with `line:column` (1-based, UTF-16 columns).
 */
export function parseJsonLenient(text: string): JsonParseResult {
  // Fast paths: the native parser is many times quicker than the one below, so it gets the text first, then the
  // text with the non-finite tokens rewritten; the hand-written parser runs only to explain a syntax error (or
  // for text holding an escaped NUL, see NAN_MARK).
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const value = parseRewritten(text);
    if (value !== FAILED) return { ok: true, value };
  }
  const p = new LenientParser(text);
  try {
    p.ws();
    const value = p.value(0);
    p.ws();
    if (p.i < text.length) p.fail(`unexpected ${p.describe()} after the JSON value`);
    return { ok: true, value };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, column } = lineColumn(text, e.offset);
    return { ok: false, message: `${line}:${column}: ${e.message}`, offset: e.offset, line, column };
  }
}

const FAILED: unique symbol = Symbol("failed");
/**
 * Stands for NaN in rewritten text. It begins with U+0000, which a JSON string can only hold as the escape
 * `\u0000`; text containing that escape takes the slow path, so no original string can be mistaken for it.
 */
const NAN_MARK = "\u0000qel-NaN\u0000";
const isDelimiter = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 58 || c === 91 || c === 93 || c === 123 || c === 125;

/**
 * Parses `text` with JSON.parse after rewriting `Infinity` as `1e999` (which JSON.parse reads as Infinity) and
 * `NaN` as a marker string put back afterwards. Only tokens outside strings and between delimiters are
 * rewritten, so invalid text stays invalid. FAILED when the rewritten text is still not JSON.
 */
function parseRewritten(text: string): unknown {
  if (/\\u0000/i.test(text)) return FAILED;
  const parts: string[] = [];
  let from = 0;
  let nan = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string: to the next quote not preceded by an odd run of backslashes.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      continue;
    }
    if (c !== 78 && c !== 73 && c !== 45) continue; // N, I, -
    const token = text.startsWith("NaN", i) ? "NaN" : text.startsWith("Infinity", i) ? "Infinity" : text.startsWith("-Infinity", i) ? "-Infinity" : "";
    if (token === "" || (i > 0 && !isDelimiter(text.charCodeAt(i - 1)))) continue;
    const end = i + token.length;
    if (end < n && !isDelimiter(text.charCodeAt(end))) continue;
    parts.push(text.slice(from, i), token === "NaN" ? JSON.stringify(NAN_MARK) : token === "Infinity" ? "1e999" : "-1e999");
    nan ||= token === "NaN";
    from = end;
    i = end - 1;
  }
  if (from === 0) return FAILED;
  parts.push(text.slice(from));
  let value: unknown;
  try {
    value = JSON.parse(parts.join("")) as unknown;
  } catch {
    return FAILED;
  }
  return nan ? restoreNaN(value) : value;
}

/** Replaces every NAN_MARK in a parsed value. Iterative, so nesting as deep as JSON.parse accepts is fine. */
function restoreNaN(root: unknown): unknown {
  if (root === NAN_MARK) return NaN;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    const o = v as Record<string, unknown>;
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(o)) {
      const x = o[k];
      if (x === NAN_MARK) o[k] = NaN;
      else if (typeof x === "object" && x !== null) stack.push(x);
    }
  }
  return root;
}

/**
 * Writes a JSON value as text, spelling non-finite numbers as the bare tokens `NaN`, `Infinity` and `-Infinity`
 * and negative zero as `-0`, so {@link parseJsonLenient} reads back exactly the same numbers. Otherwise the
 * output equals `JSON.stringify(value)` (compact). `undefined` and functions are written as `null`.
 */
export function stringifyJsonLenient(value: unknown, options: { readonly negativeZero?: "-0" | "-0.0" } = {}): string {
  // the common case, no NaN, ±Infinity, -0 or undefined anywhere, is what the native stringify writes
  if (isPlainJson(value)) return JSON.stringify(value);
  const parts: string[] = [];
  write(value, parts, options.negativeZero ?? "-0");
  return parts.join("");
}

/** Whether `JSON.stringify(v)` writes what `write` writes: finite numbers other than -0, and nothing undefined. */
function isPlainJson(v: unknown): boolean {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) && !Object.is(v, -0);
    case "string":
    case "boolean":
      return true;
    case "object": {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!isPlainJson(v[i])) return false;
        return true;
      }
      if (typeof (v as { toJSON?: unknown }).toJSON === "function") return false;
      for (const k of Object.keys(v)) if (!isPlainJson((v as Record<string, unknown>)[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

function write(v: unknown, out: string[], negativeZero: string): void {
  switch (typeof v) {
    case "number":
      out.push(Number.isFinite(v) ? (Object.is(v, -0) ? negativeZero : String(v)) : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
      return;
    case "string":
      out.push(JSON.stringify(v));
      return;
    case "boolean":
      out.push(v ? "true" : "false");
      return;
    case "object":
      if (v === null) break;
      if (Array.isArray(v)) {
        out.push("[");
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out.push(",");
          write(v[i] as unknown, out, negativeZero);
        }
        out.push("]");
        return;
      }
      out.push("{");
      let first = true;
      for (const k of Object.keys(v)) {
        if (!first) out.push(",");
        first = false;
        out.push(JSON.stringify(k), ":");
        write((v as Record<string, unknown>)[k], out, negativeZero);
      }
      out.push("}");
      return;
  }
  out.push("null");
}

/**
 * The number literals of valid JSON `text` (NaN/Infinity tokens allowed) whose value is not the number written
 * (see OutOfRangeNumber), at most `max`, in text order; paths prefixed with `base` as findDuplicateKeys prefixes
 * them. Parses the text with the hand-written parser, so callers first ask a cheap scan whether it may hold one
 * (scanJsonText, or a JsonShape's `numbers`). Never throws.
 */
export function findOutOfRangeNumbers(text: string, base = "", max = 5): OutOfRangeNumber[] {
  const found: OutOfRangeNumber[] = [];
  const p = new LenientParser(text, found, base);
  try {
    p.ws();
    p.value(0);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
  }
  return found.length > max ? found.slice(0, max) : found;
}

/** The warning's text for a number out of range: `1e400 is beyond the range of a number; kept as Infinity`. */
export function outOfRangeText(n: OutOfRangeNumber): string {
  const l = n.literal;
  const written = l.length > 40 ? `${l.slice(0, 24)}…${l.slice(-8)} (${l.length} characters)` : l;
  const kept = Object.is(n.value, -0) ? "-0" : String(n.value);
  return n.value === 0 ? `${written} is too close to zero for a number; kept as ${kept}` : `${written} is beyond the range of a number; kept as ${kept}`;
}
