/**
 * The bytes the JSON byte scanners act on: JSON's structural characters and whitespace (shared by the shape scan,
 * json-shape-tracker.ts, and the runs-file splitter, runs-stream-split.ts), and for the shape scan the top-level
 * keys it looks for and the table that lets its hot loop skip every other byte with one lookup. Kept apart so
 * the scanners' files hold their scanning logic alone.
 */

/** The bytes of `"config"` and `"summary"` between their quotes. */
export const CONFIG = new Uint8Array([99, 111, 110, 102, 105, 103]);
export const SUMMARY = new Uint8Array([115, 117, 109, 109, 97, 114, 121]);

/** Whether the bytes from `from` are `key`'s. */
export function isKey(b: Uint8Array, from: number, key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (b[from + i] !== key[i]) return false;
  return true;
}

/** Byte values of JSON's structural characters. */
export const QUOTE = 34, BACKSLASH = 92, COMMA = 44, NEWLINE = 10;
export const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;
/** Whether `c` is a byte of JSON whitespace. */
export const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
const LOWER_E = 101, UPPER_E = 69;
/**
 * The bytes a scan acts on outside strings: 1, and 2 for `e`/`E` (outside strings only in `true`, `false` and
 * exponents); the rest 0 (digits, other letters, spaces, colons).
 */
export const SIGNIFICANT = new Uint8Array(256);
for (const c of [QUOTE, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA, NEWLINE]) SIGNIFICANT[c] = 1;
SIGNIFICANT[LOWER_E] = SIGNIFICANT[UPPER_E] = 2;
/** Whether `c` is the byte of an ASCII digit (undefined, past the end, is not). */
export const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
