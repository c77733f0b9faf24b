/**
 * A set of strings held as their UTF-16 code units in one typed array, with an open-addressing table of offsets:
 * a million run names cost a few megabytes and no object the garbage collector walks, where a Set of strings
 * keeps every string alive (and, read from a file, each one its own heap object).
 */

const EMPTY = 0;
/** Code units before an entry's text: its hash and its length, each as two. */
const HEAD = 4;

/** FNV-1a over the code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class StringSet {
  #units = new Uint16Array(1 << 12);
  #end = 0;
  /** Per slot: EMPTY, or 1 + the offset of an entry in #units. */
  #slots = new Int32Array(1 << 8);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds `s`; false when it was there already. */
  add(s: string): boolean {
    const h = hashOf(s);
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = h & mask;
    for (let at = slots[i]!; at !== EMPTY; at = slots[i]!) {
      if (this.#equals(at - 1, h, s)) return false;
      i = (i + 1) & mask;
    }
    slots[i] = this.#store(h, s) + 1;
    if (++this.#size * 2 > slots.length) this.#grow();
    return true;
  }

  #equals(at: number, h: number, s: string): boolean {
    const u = this.#units;
    if (u[at] !== (h & 0xffff) || u[at + 1] !== h >>> 16) return false;
    if (u[at + 2]! + u[at + 3]! * 0x10000 !== s.length) return false;
    const from = at + HEAD;
    for (let k = 0; k < s.length; k++) if (u[from + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  #store(h: number, s: string): number {
    const need = this.#end + HEAD + s.length;
    if (need > this.#units.length) {
      const bigger = new Uint16Array(Math.max(need, this.#units.length * 2));
      bigger.set(this.#units.subarray(0, this.#end));
      this.#units = bigger;
    }
    const u = this.#units;
    const at = this.#end;
    u[at] = h & 0xffff;
    u[at + 1] = h >>> 16;
    u[at + 2] = s.length & 0xffff;
    u[at + 3] = Math.floor(s.length / 0x10000);
    for (let k = 0; k < s.length; k++) u[at + HEAD + k] = s.charCodeAt(k);
    this.#end = need;
    return at;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    const u = this.#units;
    for (const at of old) {
      if (at === EMPTY) continue;
      let i = (u[at - 1]! | (u[at]! << 16)) & mask;
      while (slots[i] !== EMPTY) i = (i + 1) & mask;
      slots[i] = at;
    }
    this.#slots = slots;
  }
}
