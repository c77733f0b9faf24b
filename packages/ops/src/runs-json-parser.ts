/**
 * The hand-written JSON parser behind parseJsonLenient: strict JSON plus `NaN`, `Infinity` and `-Infinity`. It
 * is several times slower than JSON.parse, so parseJsonLenient uses it only to explain a syntax error, or when
 * text holds an escaped NUL (see runs-json.ts).
 */

/** A syntax error at a UTF-16 offset. */
export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** 1-based line and column of a UTF-16 offset; `\n`, `\r\n` and `\r` each end a line. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Nesting deeper than this is reported as an error instead of exhausting the stack. */
const MAX_DEPTH = 1000;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_STRING = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * A number literal whose value is not the number written: beyond the largest double (read as ±Infinity), or not
 * zero but closer to zero than the smallest (read as 0 or -0). `path` as findDuplicateKeys gives it, `offset` the
 * literal's UTF-16 offset.
 */
export interface OutOfRangeNumber {
  readonly path: string;
  readonly literal: string;
  readonly value: number;
  readonly offset: number;
}

/** Parses one JSON value from `s`, starting at `i`; throws JsonSyntaxError. */
export class LenientParser {
  i = 0;
  /** The key or index at each open level, kept only while numbers are checked (see `outOfRange`). */
  readonly #at: (string | number)[] = [];

  /**
   * `outOfRange`: where to record the number literals out of range (see OutOfRangeNumber), paths prefixed with
   * `base`; null (the default) checks nothing.
   */
  constructor(readonly s: string, readonly outOfRange: OutOfRangeNumber[] | null = null, readonly base = "") {}

  fail(message: string, at = this.i): never {
    throw new JsonSyntaxError(message, at);
  }

  describe(): string {
    if (this.i >= this.s.length) return "end of input";
    return `character ${JSON.stringify(this.s[this.i])}`;
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.i++;
    }
  }

  word(w: string): boolean {
    if (!this.s.startsWith(w, this.i)) return false;
    this.i += w.length;
    return true;
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const c = this.s[this.i];
    switch (c) {
      case "{":
        return this.object(depth);
      case "[":
        return this.array(depth);
      case '"':
        return this.string();
      case "t":
        if (this.word("true")) return true;
        break;
      case "f":
        if (this.word("false")) return false;
        break;
      case "n":
        if (this.word("null")) return null;
        break;
      case "N":
        if (this.word("NaN")) return NaN;
        break;
      case "I":
        if (this.word("Infinity")) return Infinity;
        break;
      case "-":
        if (this.word("-Infinity")) return -Infinity;
        return this.number(depth);
      default:
        if (c !== undefined && c >= "0" && c <= "9") return this.number(depth);
    }
    return this.fail(`expected a JSON value, found ${this.describe()}`);
  }

  number(depth: number): number {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m === null) return this.fail(`malformed number`);
    const at = this.i;
    this.i += m[0].length;
    const v = Number(m[0]);
    // only ±Infinity and zero can be a literal out of range: every other value is checked by this comparison alone
    if (this.outOfRange !== null && (v === 0 || v === Infinity || v === -Infinity)) this.#checkRange(m[0], v, at, depth);
    return v;
  }

  #checkRange(literal: string, value: number, offset: number, depth: number): void {
    // a zero is out of range only when some digit of its mantissa is not 0 (`1e-400`, not `0.0e-400`)
    if (value === 0 && !/[1-9]/.test(literal.split(/[eE]/)[0]!)) return;
    let path = this.base;
    for (let d = 0; d < depth; d++) {
      const k = this.#at[d]!;
      path = typeof k === "number" ? `${path}[${k}]` : path === "" ? k : `${path}.${k}`;
    }
    this.outOfRange!.push({ path, literal, value, offset });
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    this.i++; // opening quote
    let out = "";
    for (;;) {
      PLAIN_STRING.lastIndex = this.i;
      const m = PLAIN_STRING.exec(s);
      if (m !== null) {
        out += m[0];
        this.i += m[0].length;
      }
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === undefined) return this.fail("unterminated string", start);
      if (c !== "\\") return this.fail("control character in string");
      const e = s[this.i + 1];
      if (e === "u") {
        const hex = s.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("malformed \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else {
        const r = e === undefined ? undefined : ESCAPES[e];
        if (r === undefined) this.fail("malformed escape in string");
        out += r;
        this.i += 2;
      }
    }
  }

  array(depth: number): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return out;
    }
    for (let k = 0; ; k++) {
      this.ws();
      if (this.outOfRange !== null) this.#at[depth] = k;
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c !== "," && c !== "]") this.fail(`expected "," or "]" in array, found ${this.describe()}`);
      this.i++;
      if (c === "]") return out;
    }
  }

  object(depth: number): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail(`expected a string key in object, found ${this.describe()}`);
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ":") this.fail(`expected ":" after object key, found ${this.describe()}`);
      this.i++;
      this.ws();
      if (this.outOfRange !== null) this.#at[depth] = key;
      const v = this.value(depth + 1);
      // defineProperty keeps "__proto__" an ordinary own key, as JSON.parse does.
      Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      this.ws();
      const c = this.s[this.i];
      if (c !== "," && c !== "}") this.fail(`expected "," or "}" in object, found ${this.describe()}`);
      this.i++;
      if (c === "}") return out;
    }
  }
}
