/**
 * The keywords of the language (docs/language.md "Syntax"): words that are never names, though they may still
 * follow `.` and key a dict. The lexer, the printer, completion and the REPL all read this one table.
 */

/** Each keyword with what it is, as completion shows it. */
export const KEYWORDS: Readonly<Record<string, "boolean" | "null" | "operator">> = Object.freeze({
  true: "boolean", false: "boolean", null: "null", and: "operator", or: "operator", not: "operator", in: "operator",
});

const words: ReadonlySet<string> = new Set(Object.keys(KEYWORDS));

/** Whether `name` is a keyword (and so can never be a variable, parameter or bare dict key). */
export function isKeyword(name: string): boolean {
  return words.has(name);
}
