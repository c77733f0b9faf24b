/**
 * Repeated keys in JSON text. JSON.parse keeps the last value of a repeated key without a word; loaders call
 * this on text that parsed, so the earlier values lost are reported rather than silently dropped.
 */

/** A key written twice in one object: its path (`runs[2].config.lr`) and the UTF-16 offset of the later one. */
export interface DuplicateKey {
  readonly path: string;
  readonly offset: number;
}

/** One open object or array while scanning. */
interface Open {
  readonly object: boolean;
  /** Keys so far: a list while short (cheaper than a Set for the usual small objects), then a Set. */
  keys: string[] | Set<string> | null;
  key: string;
  index: number;
  expectKey: boolean;
}

/**
 * The first `max` repeated keys in `text`, which must be valid JSON (NaN/Infinity tokens allowed); `base` prefixes
 * every path. One pass over the text; keys are compared as decoded strings, so `"a"` and `"\u0061"` are the same
 * key. Never throws.
 */
export function findDuplicateKeys(text: string, base = "", max = 5): DuplicateKey[] {
  return scanJsonText(text, base, max).duplicates;
}

/**
 * Characters between two structural characters (brackets, commas, strings) above which a number literal written
 * there may be out of range without a three-digit exponent: overflowing with an exponent below 100 takes 210 digits,
 * underflowing 224 zeros.
 */
export const LONG_LITERAL = 200;

/**
 * What one pass over valid JSON `text` finds: its first `max` repeated keys (see findDuplicateKeys), and whether
 * some number literal in it may be out of range (`numbers`: a literal with a three-digit exponent or of
 * LONG_LITERAL characters; findOutOfRangeNumbers, runs-json.ts, tells which). Never throws.
 */
export function scanJsonText(text: string, base = "", max = 5): { duplicates: DuplicateKey[]; numbers: boolean } {
  const out: DuplicateKey[] = [];
  const stack: Open[] = [];
  const n = text.length;
  let numbers = false;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69) {
      // outside strings an `e` is in `true`, `false` or an exponent: only the exponent's digits matter
      if (!numbers && isDigit(text.charCodeAt(i - 1))) numbers = exponentDigits(text, i + 1) >= 3;
      continue;
    }
    if (c !== 34 && c !== 123 && c !== 91 && c !== 125 && c !== 93 && c !== 44) {
      if (c === 10) last = i;
      continue;
    }
    if (i - last > LONG_LITERAL) numbers = true;
    last = i;
    if (c === 34) {
      const start = i;
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return { duplicates: out, numbers };
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 92) slashes++;
        if (slashes % 2 === 0) break;
      }
      last = i;
      const top = stack[stack.length - 1];
      if (top === undefined || !top.object || !top.expectKey || out.length >= max) continue;
      top.expectKey = false;
      let key = text.slice(start + 1, i);
      if (key.includes("\\")) {
        try {
          key = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          // Not reached for text that parsed; keep the raw spelling.
        }
      }
      const keys = (top.keys ??= []);
      if (Array.isArray(keys) ? keys.includes(key) : keys.has(key)) {
        out.push({ path: pathOf(stack, base, key), offset: start });
        if (out.length >= max && numbers) return { duplicates: out, numbers };
      } else if (!Array.isArray(keys)) keys.add(key);
      else if (keys.length < 16) keys.push(key);
      else top.keys = new Set([...keys, key]);
      top.key = key;
    } else if (c === 123) stack.push({ object: true, keys: null, key: "", index: 0, expectKey: true });
    else if (c === 91) stack.push({ object: false, keys: null, key: "", index: 0, expectKey: false });
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top === undefined) continue;
      if (top.object) top.expectKey = true;
      else top.index++;
    }
  }
  if (n - 1 - last > LONG_LITERAL) numbers = true;
  return { duplicates: out, numbers };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The digits of the exponent starting at `from` (after an optional sign). */
function exponentDigits(text: string, from: number): number {
  let i = from;
  const s = text.charCodeAt(i);
  if (s === 43 || s === 45) i++;
  const start = i;
  while (isDigit(text.charCodeAt(i))) i++;
  return i - start;
}

function pathOf(stack: readonly Open[], base: string, key: string): string {
  let path = base;
  for (let d = 0; d < stack.length - 1; d++) {
    const o = stack[d] as Open;
    path = o.object ? (path === "" ? o.key : `${path}.${o.key}`) : `${path}[${o.index}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}
