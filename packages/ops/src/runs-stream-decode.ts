/**
 * Turning the bytes of a streamed runs file's pieces into text for RunsStreamLoader (runs-stream.ts): JSON Lines
 * lines as slices of their chunk's text when it is ASCII only, and one warning at the first bytes that are not
 * UTF-8 (docs/language.md, on what loading keeps). Apart from the loader so its file holds the reading of runs
 * alone. Browser-safe.
 */
import { createLoadIssue, type LoadIssue } from "./runs-issues.js";

/** The standard TextDecoder (browsers and Node); ops is compiled without DOM or Node types. */
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };

/** Decodes the pieces of one runs file, in order; one per loader. */
export class PieceDecoder {
  /** Decodes bytes as UTF-8, turning bytes that are not UTF-8 into U+FFFD. */
  readonly decoder = new TextDecoder();
  /** The chunk being pushed, in JSON Lines, and its text when it is ASCII only (null: it is not; see sliceOfChunk). */
  chunk: Uint8Array | undefined;
  chunkText: string | null | undefined;
  readonly #strict = new TextDecoder("utf-8", { fatal: true });
  /** Whether bytes that are not UTF-8 were met (reported once, at the first). */
  #badBytes = false;

  /**
   * The text of a JSON Lines line lying in the chunk being pushed, when that chunk is ASCII only: the chunk is
   * decoded once and each line is a slice of it (a decoder call per line cost more). Undefined otherwise (a line
   * carried over from the last chunk, or a chunk with other bytes), and the line is decoded on its own.
   */
  sliceOfChunk(bytes: Uint8Array): string | undefined {
    const chunk = this.chunk;
    if (chunk === undefined || bytes.buffer !== chunk.buffer) return undefined;
    const from = bytes.byteOffset - chunk.byteOffset;
    if (from < 0 || from + bytes.length > chunk.length) return undefined;
    if (this.chunkText === undefined) {
      const text = this.decoder.decode(chunk);
      // as long as its bytes only when every byte is ASCII: any other character is shorter than its bytes, and a
      // byte that is not UTF-8 becomes U+FFFD
      this.chunkText = text.length === chunk.length && !text.includes("\uFFFD") ? text : null;
    }
    return this.chunkText === null ? undefined : this.chunkText.slice(from, from + bytes.length);
  }

  /**
   * A piece's text; bytes that are not UTF-8 become U+FFFD, with one warning, pushed onto `issues`, at the first
   * such piece (`line`: where it starts in `file`).
   */
  decode(bytes: Uint8Array, line: number, issues: LoadIssue[], file: string): string {
    const text = this.decoder.decode(bytes);
    // the strict decoder runs only when a U+FFFD may be a replacement rather than written in the file
    if (this.#badBytes || !text.includes("\uFFFD")) return text;
    try {
      this.#strict.decode(bytes);
    } catch {
      this.#badBytes = true;
      issues.push(createLoadIssue("warning", file, "", "bytes that are not UTF-8 were replaced with U+FFFD (the first on this line)", line));
    }
    return text;
  }
}
