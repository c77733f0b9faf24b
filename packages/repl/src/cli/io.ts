/**
 * Input and output of the one-shot commands: expressions from the arguments or from stdin (one per line, read as
 * they arrive), output lines for people or for scripts, colors only on a terminal without NO_COLOR, and the
 * `{"error": …}` line that stands in for a failed expression under `--json`.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { QelError, renderDiagnostic, type Diagnostic } from "@qel/lang";
import { OpError } from "@qel/ops";
import { UsageError } from "./args.js";
import { forPeople, withFixedLimitHint } from "./diagnostic-text.js";

/** Where a command reads and writes; tests may pass their own streams. */
export interface Io {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** The process's own streams and environment. */
export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Colors on a stream: only a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const noColor = env["NO_COLOR"];
  if (noColor !== undefined && noColor !== "") return false;
  return stream.isTTY === true;
}

/** The width to render for: the terminal's, else $COLUMNS, else 100. */
export function outputWidth(io: Io): number {
  if (io.stdout.isTTY === true && io.stdout.columns !== undefined && io.stdout.columns > 0) return io.stdout.columns;
  const cols = Number(io.env["COLUMNS"]);
  return Number.isInteger(cols) && cols > 0 ? cols : 100;
}

/** Writes one line (a newline is added). */
export function writeLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}

/**
 * The expressions to run: the positional arguments when there are any, else stdin's non-blank lines as they arrive.
 * Throws UsageError when there are none to read (no arguments and stdin is a terminal).
 */
export async function* expressions(positionals: readonly string[], io: Io, usage: string): AsyncGenerator<string> {
  if (positionals.length > 0) {
    yield* positionals;
    return;
  }
  if (io.stdin.isTTY === true) throw new UsageError("no expression given (pass it as an argument, or pipe one per line on stdin)", usage);
  const rl = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  let first = true;
  for await (const read of rl) {
    // A UTF-8 byte-order mark, as some editors write at the start of a file, is not part of the expression.
    const line = first && read.startsWith("\uFEFF") ? read.slice(1) : read;
    first = false;
    if (line.trim() !== "") yield line;
  }
}

/** The first error among diagnostics (else the first diagnostic). */
export function primary(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
}

/** Turns anything thrown while handling an expression into diagnostics (a non-qel exception is an internal error). */
export function diagnosticsOf(e: unknown, source: string): readonly Diagnostic[] {
  if (e instanceof QelError) return e.diagnostics.length > 0 ? e.diagnostics : [e.diagnostic];
  // writing the result failed (toJsonValue): the whole expression is to blame
  if (e instanceof OpError) {
    return [{ code: e.code, severity: "error", message: e.message, span: { start: 0, end: source.length }, ...(e.hint !== undefined ? { hint: e.hint } : {}) }];
  }
  const message = e instanceof Error ? e.message : String(e);
  return [{ code: "internal_error", severity: "error", message: `internal error: ${message}`, span: { start: 0, end: source.length } }];
}

/** The `--json` line for a failed expression: `{"error": {"code", "message", "span": {"start", "end"}}}`. */
export function jsonErrorLine(d: Diagnostic): string {
  return JSON.stringify({ error: { code: d.code, message: d.message, span: { start: d.span.start, end: d.span.end } } });
}

/** A diagnostic as JSON: code, severity, message, span, and its hint and notes when it has them. */
export function jsonDiagnostic(given: Diagnostic): object {
  const d = withFixedLimitHint(given);
  return {
    code: d.code, severity: d.severity, message: d.message, span: { start: d.span.start, end: d.span.end },
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    ...(d.notes !== undefined && d.notes.length > 0 ? { notes: d.notes.map((n) => ({ message: n.message, ...(n.span !== undefined ? { span: { start: n.span.start, end: n.span.end } } : {}) })) } : {}),
  };
}

/**
 * Reports a failed expression: under `--json`, the error line on stdout; for people, every diagnostic rendered
 * with its caret on stderr (as forPeople shows it), prefixed with `sourceName` (which input it is) when given.
 */
export function reportFailure(io: Io, json: boolean, source: string, diagnostics: readonly Diagnostic[], sourceName?: string): void {
  if (json) {
    const d = primary(diagnostics);
    if (d !== undefined) writeLine(io.stdout, jsonErrorLine(d));
    return;
  }
  const color = useColor(io.stderr, io.env);
  for (const d of diagnostics) writeLine(io.stderr, renderDiagnostic(source, forPeople(d), { color, ...(sourceName !== undefined ? { sourceName } : {}) }));
}

/** Prints warnings for people on stderr (never under `--json`, whose stdout holds exactly one value per input). */
export function reportWarnings(io: Io, json: boolean, source: string, warnings: readonly Diagnostic[], sourceName?: string): void {
  if (json) return;
  const color = useColor(io.stderr, io.env);
  for (const d of warnings) writeLine(io.stderr, renderDiagnostic(source, forPeople(d), { color, ...(sourceName !== undefined ? { sourceName } : {}) }));
}
