/**
 * `qel complete [--runs PATH] [--at OFFSET] [--json] EXPR…`: the completions at OFFSET (UTF-16 code units; the end
 * of each expression by default) as `{label, kind, detail, doc, insert, from, to}`, each with the range it
 * replaces. Under `--json` one JSON array per expression; for people one completion per line. An OFFSET past the
 * end of an expression is a usage error.
 */
import { complete } from "@qel/lang";
import { booleanFlag, COMMANDS, parseArgs, stringFlag, UsageError } from "./args.js";
import { diagnosticsOf, expressions, reportFailure, useColor, writeLine, type Io } from "./io.js";
import { projectEnv } from "./project.js";
import { wholeNumberFlag } from "./numbers.js";
import { openProjectWithProgress } from "./load-line.js";
import { escapeControls } from "../render-format.js";

const spec = COMMANDS["complete"]!;

/** Runs `qel complete`; resolves to the exit code. Throws UsageError for usage errors (a missing or bad --at). */
export async function completeCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  const json = booleanFlag(args, "json");
  const at = stringFlag(args, "at");
  const offset = at !== undefined ? wholeNumberFlag("at", at, { min: 0, max: Number.MAX_SAFE_INTEGER }, spec.usage) : undefined;
  const project = await openProjectWithProgress(stringFlag(args, "runs"), io);
  const env = projectEnv(project);
  const dim = useColor(io.stdout, io.env) ? (s: string): string => `\x1b[2m${s}\x1b[0m` : (s: string): string => s;
  let failed = false;
  for await (const source of expressions(args.positionals, io, spec.usage)) {
    if (offset !== undefined && offset > source.length) {
      throw new UsageError(`--at ${offset} is past the end of the expression (${source.length} characters)`, spec.usage);
    }
    try {
      const { items } = complete(source, offset ?? source.length, env);
      if (json) {
        const shown = items.map((c) => ({ label: c.label, kind: c.kind, detail: c.detail, doc: c.doc, insert: c.insert, from: c.from, to: c.to }));
        writeLine(io.stdout, JSON.stringify(shown));
        continue;
      }
      // Labels and details name the data's keys, which may hold control characters.
      const shown = items.map((c) => ({ label: escapeControls(c.label), kind: c.kind, detail: escapeControls(c.detail) }));
      const width = Math.min(32, Math.max(0, ...shown.map((c) => c.label.length)));
      for (const c of shown) writeLine(io.stdout, `${c.label.padEnd(width)}  ${c.kind.padEnd(8)}  ${dim(c.detail)}`.trimEnd());
    } catch (e) {
      failed = true;
      reportFailure(io, json, source, diagnosticsOf(e, source));
    }
  }
  return failed ? 1 : 0;
}
