/**
 * The run names of a file read in parts (stream-parallel.ts), checked for repeats: each name's 32-bit hash goes
 * into a table of hashes alone as its part comes in, and a hash met twice is noted. Once every part is in, only
 * the names with a noted hash are compared as text, in file order. This gives the warnings DuplicateNames gives
 * run by run (once per name, at its second run, in file order), where a table holding a million names' text had
 * missed the cache at each probe (a sixth of the merging thread's own work).
 */
import { DuplicateNames, type LoadIssue } from "@qel/ops";

/** FNV-1a over the code units of `text[from..to)`, never 0 (an empty slot). */
function hashOf(text: string, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h === 0 ? 1 : h;
}

export class PartNames {
  /** Open addressing, at most half full: each name's hash once. */
  #table = new Int32Array(1 << 12);
  #distinct = 0;
  /** Hashes met more than once: a repeated name, or two names with one hash. */
  readonly #repeated = new Set<number>();
  /** Each part's names one after another, and their lengths and hashes. */
  readonly #parts: { readonly names: string; readonly lengths: Uint32Array; readonly hashes: Int32Array }[] = [];

  /** A part's names: `lengths[i]` code units each, one after another in `names`. */
  add(names: string, lengths: Uint32Array): void {
    const hashes = new Int32Array(lengths.length);
    for (let i = 0, at = 0; i < lengths.length; i++) {
      const h = hashOf(names, at, (at += lengths[i]!));
      hashes[i] = h;
      this.#insert(h);
    }
    this.#parts.push({ names, lengths, hashes });
  }

  #insert(h: number): void {
    const table = this.#table;
    const mask = table.length - 1;
    let i = h & mask;
    for (let x = table[i]!; x !== 0; x = table[i]!) {
      if (x === h) {
        this.#repeated.add(h);
        return;
      }
      i = (i + 1) & mask;
    }
    table[i] = h;
    if (++this.#distinct * 2 > table.length) this.#grow();
  }

  #grow(): void {
    const old = this.#table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length - 1;
    for (let j = 0; j < old.length; j++) {
      const h = old[j]!;
      if (h === 0) continue;
      let i = h & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = h;
    }
    this.#table = table;
  }

  /** Reports each name that appears more than once, at its second run, in file order. */
  report(ctx: { readonly file: string; readonly issues: LoadIssue[] }): void {
    const repeated = this.#repeated;
    if (repeated.size === 0) return;
    // only names whose hash was met twice can repeat: DuplicateNames, fed those in file order, warns as it does
    // fed every name
    const names = new DuplicateNames();
    for (const part of this.#parts) {
      for (let i = 0, at = 0; i < part.lengths.length; i++) {
        const from = at;
        at += part.lengths[i]!;
        if (repeated.has(part.hashes[i]!)) names.add(part.names.slice(from, at), ctx);
      }
    }
  }
}
