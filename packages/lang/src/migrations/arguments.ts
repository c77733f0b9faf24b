/**
 * Checking what a host passes to load, save and the rewrites. These functions are documented never to throw
 * (docs/panels.md), so a bad argument becomes one `invalid_argument` diagnostic whose message names the value,
 * described without JSON.stringify (which throws on a bigint or a cycle).
 */
import { error, type Diagnostic } from "../syntax/diagnostics.js";
import { Identifier, keywords } from "../syntax/tokens.js";
import { describeGiven as describeValue } from "@qel/ops";

export { describeValue };

/** Where an argument's diagnostic points: arguments are not text, so the start of the expression. */
const atStart = { start: 0, end: 0 };

/** An `invalid_argument` error about an argument (not about the expression's text). */
export function invalidArgument(message: string): Diagnostic {
  return error("invalid_argument", message, atStart);
}

/** A JSON replacer for messages: what JSON cannot write (a bigint, NaN) is shown, not thrown on or made null. */
function shown(_key: string, v: unknown): unknown {
  if (typeof v === "bigint") return `${String(v)}n`;
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v;
}

/**
 * An object or list as JSON (a rename, a migration entry), to name it in a message; any other value, or one JSON
 * cannot write (a cycle, a throwing getter), by its description. Never throws.
 */
export function quoteValue(x: unknown): string {
  if (typeof x !== "object" || x === null) return describeValue(x);
  try {
    const text = JSON.stringify(x, shown);
    if (typeof text !== "string") return describeValue(x);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return describeValue(x);
  }
}

/** True for a plain object: not null, not a list. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The own property `key` of `record`, so a field inherited from a prototype never counts as written. */
export function ownField(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The lexer's identifier, anchored: one token that can be a name in an expression. */
const NAME = new RegExp(`^(?:${(Identifier.PATTERN as RegExp).source})$`);

/** Whether `x` can be written as a name in an expression: an identifier that is not a keyword (syntax/tokens.ts). */
export function isPlainName(x: unknown): x is string {
  return typeof x === "string" && NAME.test(x) && !keywords.has(x);
}

/** The fields of `record` other than `known`, to report a misspelt option instead of ignoring it. */
export function unknownFields(record: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(record).filter((k) => !known.includes(k));
}
