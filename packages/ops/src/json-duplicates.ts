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
  const out: DuplicateKey[] = [];
  const stack: Open[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const start = i;
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return out;
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 92) slashes++;
        if (slashes % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top === undefined || !top.object || !top.expectKey) continue;
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
        if (out.length >= max) return out;
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
  return out;
}

function pathOf(stack: readonly Open[], base: string, key: string): string {
  let path = base;
  for (let d = 0; d < stack.length - 1; d++) {
    const o = stack[d] as Open;
    path = o.object ? (path === "" ? o.key : `${path}.${o.key}`) : `${path}[${o.index}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}
