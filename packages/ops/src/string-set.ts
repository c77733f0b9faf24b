/**
 * A set of strings held as their UTF-16 code units in one typed array, with an open-addressing table of hashes
 * and offsets: a million run names cost a few megabytes and no object the garbage collector walks, where a Set of
 * strings keeps every string alive (and, read from a file, each one its own heap object).
 */

const EMPTY = 0;
/** Code units before an entry's text: its length, as two. */
const HEAD = 2;

/** FNV-1a over the code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

export class StringSet {
  #units = new Uint16Array(1 << 12);
  #end = 0;
  /**
   * Two per slot: the entry's hash, then EMPTY or 1 + its offset in #units. A probe compares hashes in the table
   * and reads an entry's text only when they are equal: one cache miss per name in a table of millions.
   */
  #slots = new Int32Array(1 << 9);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds `s`; false when it was there already. */
  add(s: string): boolean {
    const h = hashOf(s);
    const slots = this.#slots;
    const mask = (slots.length >> 1) - 1;
    let i = h & mask;
    for (let at = slots[2 * i + 1]!; at !== EMPTY; at = slots[2 * i + 1]!) {
      if (slots[2 * i] === h && this.#equals(at - 1, s)) return false;
      i = (i + 1) & mask;
    }
    slots[2 * i] = h;
    slots[2 * i + 1] = this.#store(s) + 1;
    if (++this.#size * 4 > slots.length) this.#grow();
    return true;
  }

  #equals(at: number, s: string): boolean {
    const u = this.#units;
    if (u[at]! + u[at + 1]! * 0x10000 !== s.length) return false;
    const start = at + HEAD;
    for (let k = 0; k < s.length; k++) if (u[start + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  #store(s: string): number {
    const length = s.length;
    const need = this.#end + HEAD + length;
    if (need > this.#units.length) {
      const bigger = new Uint16Array(Math.max(need, this.#units.length * 2));
      bigger.set(this.#units.subarray(0, this.#end));
      this.#units = bigger;
    }
    const u = this.#units;
    const at = this.#end;
    u[at] = length & 0xffff;
    u[at + 1] = Math.floor(length / 0x10000);
    for (let k = 0; k < length; k++) u[at + HEAD + k] = s.charCodeAt(k);
    this.#end = need;
    return at;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === EMPTY) continue;
      let i = old[j]! & mask;
      while (slots[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
      slots[2 * i] = old[j]!;
      slots[2 * i + 1] = old[j + 1]!;
    }
    this.#slots = slots;
  }
}
