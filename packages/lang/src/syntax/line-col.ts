/**
 * `lineColAt` as hosts call it (the package's export): the arguments checked first, so a wrong one is a QelError
 * rather than a JavaScript error. Apart from source.ts so that file stays free of diagnostics, which import it.
 */
import { error, QelError } from "./diagnostics.js";
import { lineColAt as lineColOf, type LineCol } from "./source.js";

/**
 * The line and column of `offset` in `text`; an offset outside the text is clamped to it. Throws only a QelError
 * (`invalid_argument`) when `text` is not a string or `offset` not a number (NaN included: it is no position).
 */
export function lineColAt(text: string, offset: number): LineCol {
  if (typeof text !== "string" || typeof offset !== "number" || Number.isNaN(offset)) throw badArguments(text, offset);
  return lineColOf(text, offset);
}

function badArguments(text: unknown, offset: unknown): QelError {
  const message = typeof text !== "string"
    ? `lineColAt's text must be a string, got ${text === null ? "null" : typeof text}`
    : `lineColAt's offset must be a number, got ${typeof offset === "number" ? "NaN" : offset === null ? "null" : typeof offset}`;
  return new QelError(error("invalid_argument", message, { start: 0, end: 0 }));
}
