/**
 * `qel fmt [--json] [--check] EXPR…`: the canonical form of each expression. Under `--json` one JSON string per
 * expression, even when the form spans several lines. With `--check` the exit code is 1 when any input is not
 * already canonical; for people, only those inputs are reported (on stderr), with their canonical form.
 */
import { format } from "@qel/lang";
import { booleanFlag, COMMANDS, parseArgs } from "./args.js";
import { diagnosticsOf, expressions, reportFailure, useColor, writeLine, type Io } from "./io.js";

const spec = COMMANDS["fmt"]!;

/** Runs `qel fmt`; resolves to the exit code. Throws UsageError for usage errors. */
export async function fmtCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  const json = booleanFlag(args, "json");
  const checkOnly = booleanFlag(args, "check");
  const dim = useColor(io.stderr, io.env) ? (s: string): string => `\x1b[2m${s}\x1b[0m` : (s: string): string => s;
  let failed = false;
  for await (const source of expressions(args.positionals, io, spec.usage)) {
    try {
      const result = format(source);
      if (!result.ok) {
        failed = true;
        reportFailure(io, json, source, result.diagnostics);
        continue;
      }
      const canonical = result.value;
      if (json) writeLine(io.stdout, JSON.stringify(canonical));
      if (!checkOnly) {
        if (!json) writeLine(io.stdout, canonical);
      } else if (canonical !== source) {
        failed = true;
        if (!json) writeLine(io.stderr, `not canonical: ${source}\n${dim(`canonical:     ${canonical.replace(/\n/g, "\n               ")}`)}`);
      }
    } catch (e) {
      failed = true;
      reportFailure(io, json, source, diagnosticsOf(e, source));
    }
  }
  return failed ? 1 : 0;
}
