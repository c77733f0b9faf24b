/**
 * A run's history kept by column: one array per metric (a Float64Array while every value logged under it is a
 * number) and, per row, which keys it has in which order (its shape). Ten million rows are a few typed arrays,
 * not ten million Maps. The language still sees a list of rows (`run.history`): they are built on first use and
 * held weakly, so memory can take them back; `column(key)` reads one metric without building any row.
 */
import type { Dict, Value } from "./values.js";

/** The standard WeakRef (browsers and Node); ops is compiled for ES2022 without the ES2021 WeakRef lib types. */
declare const WeakRef: new <T extends object>(target: T) => { deref(): T | undefined };

type Column = Float64Array | Value[];

export class History {
  /** Number of rows. */
  readonly length: number;
  /** Column index → key, in order of first appearance. */
  readonly #keys: readonly string[];
  readonly #columns: readonly Column[];
  /** Shape → the column indices of its keys, in the row's own key order. */
  readonly #shapes: readonly Int32Array[];
  /** Row → shape; null when every row has shape 0. */
  readonly #rowShape: Uint16Array | Uint32Array | null;
  /** Column → whether every row has it. */
  readonly #dense: readonly boolean[];
  /** Rows given by the host, or built from the columns and held weakly. */
  #rows: readonly Dict[] | { deref(): readonly Dict[] | undefined } | undefined;

  private constructor(length: number, keys: readonly string[], columns: readonly Column[], shapes: readonly Int32Array[], rowShape: Uint16Array | Uint32Array | null, rows?: readonly Dict[]) {
    this.length = length;
    this.#keys = keys;
    this.#columns = columns;
    this.#shapes = shapes;
    this.#rowShape = rowShape;
    const counts = new Array<number>(keys.length).fill(0);
    const perShape = new Array<number>(shapes.length).fill(0);
    if (rowShape === null) perShape[0] = length;
    else for (let i = 0; i < length; i++) perShape[rowShape[i]!]!++;
    shapes.forEach((s, k) => s.forEach((c) => (counts[c]! += perShape[k]!)));
    this.#dense = counts.map((n) => n === length);
    this.#rows = rows;
  }

  static readonly EMPTY: History = History.fromRows(Object.freeze([]));

  /** A history over rows already built (a host's data, a test's): kept as they are. */
  static fromRows(rows: readonly Dict[]): History {
    return new History(rows.length, [], [], [], null, rows);
  }

  /**
   * Builds the columns from JSON rows (plain objects, as parsed), in the order given. Values other than numbers
   * are converted with `fromJson`, told the row and key (see from-data.ts: nested objects become dicts); never throws.
   */
  static fromJsonRows(rows: readonly Record<string, unknown>[], fromJson: (x: unknown, row: number, key: string) => Value): History {
    const n = rows.length;
    const index = new Map<string, number>();
    const keys: string[] = [];
    const columns: Column[] = [];
    const shapes: Int32Array[] = [];
    const shapeIds = new Map<string, number>();
    const rowShape = new Uint32Array(n);
    let lastKeys: string[] = [];
    let lastShape = -1;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const rowKeys = Object.keys(row);
      let shape = lastShape;
      if (shape < 0 || !sameKeys(rowKeys, lastKeys)) {
        const id = JSON.stringify(rowKeys);
        shape = shapeIds.get(id) ?? -1;
        if (shape < 0) {
          shape = shapes.length;
          shapeIds.set(id, shape);
          shapes.push(Int32Array.from(rowKeys, (k) => {
            let c = index.get(k);
            if (c === undefined) {
              c = keys.length;
              index.set(k, c);
              keys.push(k);
              columns.push(new Float64Array(n));
            }
            return c;
          }));
        }
        lastKeys = rowKeys;
        lastShape = shape;
      }
      rowShape[i] = shape;
      const cols = shapes[shape]!;
      for (let j = 0; j < rowKeys.length; j++) {
        const c = cols[j]!;
        const v = row[rowKeys[j]!];
        let col = columns[c]!;
        if (typeof v === "number" && col instanceof Float64Array) col[i] = v;
        else {
          if (col instanceof Float64Array) columns[c] = col = Array.from(col) as Value[];
          col[i] = fromJson(v, i, rowKeys[j]!);
        }
      }
    }
    const small = shapes.length <= 1 ? null : shapes.length <= 0xffff ? Uint16Array.from(rowShape) : rowShape;
    return new History(n, keys, columns, shapes, small);
  }

  /** The rows, ordered as given; built on first use (and again after memory took them back). */
  rows(): readonly Dict[] {
    const held = this.#rows;
    if (held !== undefined) {
      const rows = Array.isArray(held) ? (held as readonly Dict[]) : (held as { deref(): readonly Dict[] | undefined }).deref();
      if (rows !== undefined) return rows;
    }
    const out = new Array<Dict>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.#row(i);
    const rows = Object.freeze(out);
    this.#rows = new WeakRef(rows);
    return rows;
  }

  #row(i: number): Dict {
    const m = new Map<string, Value>();
    const cols = this.#shapes[this.#rowShape === null ? 0 : this.#rowShape[i]!];
    if (cols === undefined) return m;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j]!;
      m.set(this.#keys[c]!, this.#columns[c]![i]!);
    }
    return m;
  }

  /**
   * Each key of the rows in order of first appearance, with how many rows have it and, unless every value is a
   * number (`numeric`), those values: what a schema needs, without building rows. Null for rows given as dicts.
   */
  keyStats(): { readonly key: string; readonly rows: number; readonly numeric: boolean; readonly values: () => Value[] }[] | null {
    if (this.#rows !== undefined && Array.isArray(this.#rows)) return null;
    const perShape = new Array<number>(this.#shapes.length).fill(0);
    if (this.#rowShape === null) perShape[0] = this.length;
    else for (let i = 0; i < this.length; i++) perShape[this.#rowShape[i]!]!++;
    return this.#keys.map((key, c) => {
      let rows = 0;
      this.#shapes.forEach((s, k) => {
        if (s.includes(c)) rows += perShape[k]!;
      });
      const col = this.#columns[c]!;
      const values = (): Value[] => {
        const has = this.#shapes.map((s) => s.includes(c));
        const out: Value[] = [];
        for (let i = 0; i < this.length; i++) if (has[this.#rowShape === null ? 0 : this.#rowShape[i]!] === true) out.push(col[i]!);
        return out;
      };
      return { key, rows, numeric: col instanceof Float64Array, values };
    });
  }

  /** `key`'s value in every row, null where a row lacks it: what `rows().map(row => row[key])` gives. */
  column(key: string): readonly Value[] {
    const n = this.length;
    const out = new Array<Value>(n);
    const c = this.#keys.indexOf(key);
    const held = this.#rows;
    if (c < 0 && held !== undefined && Array.isArray(held)) {
      const rows = held as readonly Dict[];
      for (let i = 0; i < n; i++) out[i] = rows[i]!.get(key) ?? null;
      return Object.freeze(out);
    }
    if (c < 0) return Object.freeze(out.fill(null));
    const col = this.#columns[c]!;
    if (this.#dense[c] === true) {
      for (let i = 0; i < n; i++) out[i] = col[i]!;
      return Object.freeze(out);
    }
    const has = this.#shapes.map((s) => s.includes(c));
    const rowShape = this.#rowShape;
    for (let i = 0; i < n; i++) out[i] = has[rowShape === null ? 0 : rowShape[i]!] === true ? col[i]! : null;
    return Object.freeze(out);
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
