/**
 * Turns the lines the REPL reads into entries to run. An entry continues on the next line while a bracket is open
 * or its text ends mid-expression (input.ts); a line starting with `.` continues the previous entry, so the
 * formatter's multi-line output (`runs` then `  .filter(…)` lines) and docs/language.md's examples can be typed
 * or pasted line by line; a bracketed paste of several lines becomes one entry.
 */
import { continuesPrevious, needsMoreInput, takesExpression } from "./input.js";

export type Step =
  /** The entry goes on: show the continuation prompt. */
  | { readonly kind: "more" }
  /**
   * A complete entry. `replaces` is the earlier entry it continues (a line starting with `.`), whose run it
   * supersedes; `lines` is how many history items it folds into one (its typed lines, and the earlier entry).
   */
  | { readonly kind: "entry"; readonly text: string; readonly replaces?: string; readonly lines: number }
  /** A line that cannot be used (a `.` line with nothing to continue). */
  | { readonly kind: "rejected"; readonly message: string };

export class EntryAssembler {
  #pending: string[] = [];
  /** Lines of `#pending` that were typed for this entry (the rest came from the entry it continues). */
  #typed = 0;
  #continued: string | undefined;
  #previous: string | undefined;
  #pasting = false;

  /** The lines read so far of an unfinished entry, joined (for completion). */
  get pending(): string {
    return this.#pending.join("\n");
  }

  /** Whether a bracketed paste is under way. */
  get pasting(): boolean {
    return this.#pasting;
  }

  /** One line read; during a paste, lines only gather until the paste ends. */
  line(line: string): Step {
    if (this.#pending.length === 0 && continuesPrevious(line)) {
      const previous = this.#previous;
      if (previous === undefined || !takesExpression(previous)) {
        return { kind: "rejected", message: "a line starting with `.` continues the previous expression, and there is none" };
      }
      this.#pending = [previous];
      this.#continued = previous;
    }
    this.#pending.push(line);
    this.#typed++;
    if (this.#pasting) return { kind: "more" };
    return this.#finish();
  }

  pasteStart(): void {
    this.#pasting = true;
  }

  /**
   * The end of a bracketed paste: its lines form one entry when they are complete and the paste ended with a
   * newline (else the last line waits for Enter, as typed text does).
   */
  pasteEnd(lineInProgress: string): Step | undefined {
    this.#pasting = false;
    if (this.#pending.length === 0 || lineInProgress !== "") return undefined;
    return this.#finish();
  }

  /** Forgets an unfinished entry (Ctrl-C). */
  clear(): void {
    this.#pending = [];
    this.#typed = 0;
    this.#continued = undefined;
  }

  #finish(): Step {
    const text = this.#pending.join("\n");
    if (needsMoreInput(text)) return { kind: "more" };
    const lines = this.#typed + (this.#continued !== undefined ? 1 : 0);
    const replaces = this.#continued;
    this.clear();
    if (text.trim() === "") return { kind: "entry", text, lines };
    this.#previous = text;
    return replaces !== undefined ? { kind: "entry", text, replaces, lines } : { kind: "entry", text, lines };
  }
}
