import { error, type Diagnostic } from "./diagnostics.js";

// String literals (docs/language.md): `"…"` or `'…'` with JSON escapes plus `\'`. The lexer
// accepts bad escapes and a missing closing quote so the parser can go on; `checkString` reports them.

const simpleEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const escapeHint = "the escapes are \\n \\t \\r \\b \\f \\/ \\\\ \\\" \\' and \\uXXXX (four hex digits)";

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** The length of the `\u` escape at `i` when it has four hex digits, else 0. */
function unicodeEscapeLength(image: string, i: number): number {
  for (let k = i + 2; k < i + 6; k++) if (k >= image.length || !isHex(image.charCodeAt(k))) return 0;
  return 6;
}

/**
 * Appends an `invalid_escape` diagnostic for every bad escape and an `unterminated_string` diagnostic when the
 * closing quote is missing, for the string token `image` found at `offset`. Never throws.
 */
export function checkString(image: string, offset: number, out: Diagnostic[]): void {
  const quote = image[0] ?? '"';
  let i = 1;
  while (i < image.length) {
    const c = image[i];
    if (c === quote) return;
    if (c !== "\\") {
      i++;
      continue;
    }
    const next = image[i + 1];
    if (next !== undefined && simpleEscapes[next] !== undefined) {
      i += 2;
    } else if (next === "u" && unicodeEscapeLength(image, i) === 6) {
      i += 6;
    } else {
      let end = i + 2;
      if (next === "u") while (end < i + 6 && end < image.length && isHex(image.charCodeAt(end))) end++;
      const shown = image.slice(i, Math.min(end, image.length));
      const span = { start: offset + i, end: offset + i + Math.max(1, shown.length) };
      const message = next === undefined ? "a string ends with a lone `\\`" : `invalid escape \`${shown}\` in a string`;
      out.push(error("invalid_escape", message, span, { hint: escapeHint }));
      i += next === undefined ? 1 : 2;
    }
  }
  out.push(
    error("unterminated_string", `unterminated string: expected a closing \`${quote}\` before the end of the line`, {
      start: offset,
      end: offset + image.length,
    }),
  );
}

/** True when the token needs `checkString`: it has an escape or may lack its closing quote. */
export function needsStringCheck(image: string): boolean {
  return image.length < 2 || image[image.length - 1] !== image[0] || image.includes("\\");
}

/** The value of a string token that `checkString` accepted; escapes resolved. */
export function decodeString(image: string): string {
  const body = image.slice(1, -1);
  if (!body.includes("\\")) return body;
  let out = "";
  let i = 0;
  while (i < body.length) {
    const slash = body.indexOf("\\", i);
    if (slash === -1) {
      out += body.slice(i);
      break;
    }
    out += body.slice(i, slash);
    const next = body[slash + 1] ?? "";
    if (next === "u") {
      out += String.fromCharCode(Number.parseInt(body.slice(slash + 2, slash + 6), 16));
      i = slash + 6;
    } else {
      out += simpleEscapes[next] ?? next;
      i = slash + 2;
    }
  }
  return out;
}

/**
 * The canonical double-quoted form of `value`: escapes only `"`, `\`, control characters and lone surrogates, so
 * every other character, non-ASCII included, is kept as is.
 */
export function quoteString(value: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let esc: string | undefined;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = "\\\\";
    else if (c < 32) esc = controlEscape(c);
    else if (c >= 0xd800 && c <= 0xdfff) {
      const paired = c <= 0xdbff ? isLow(value.charCodeAt(i + 1)) : false;
      if (paired) {
        i++;
        continue;
      }
      esc = `\\u${c.toString(16).toUpperCase()}`;
    }
    if (esc !== undefined) {
      out += value.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out}${value.slice(start)}"`;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function controlEscape(c: number): string {
  switch (c) {
    case 8:
      return "\\b";
    case 9:
      return "\\t";
    case 10:
      return "\\n";
    case 12:
      return "\\f";
    case 13:
      return "\\r";
    default:
      return `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
  }
}
