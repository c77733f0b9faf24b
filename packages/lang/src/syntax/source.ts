/** A half-open range of UTF-16 code-unit offsets into the source text: `start` inclusive, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A one-based line and column; the column counts UTF-16 code units, as editors' offsets do. */
export interface LineCol {
  readonly line: number;
  readonly column: number;
}

/** Creates a span; never validates (callers pass offsets they read from tokens or nodes). */
export function span(start: number, end: number): Span {
  return { start, end };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Computes the line and column of `offset` in `text` on demand (positions are never stored per node). */
export function lineColAt(text: string, offset: number): LineCol {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}
