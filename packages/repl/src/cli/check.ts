/**
 * `qel check [--runs PATH] [--json] EXPR…`: each expression's static type against the project's schema, or its
 * diagnostics. Under `--json` a line `{"type": "…"}` per expression.
 */
import { check, printType } from "@qel/lang";
import { booleanFlag, COMMANDS, parseArgs, stringFlag } from "./args.js";
import { expressions, reportFailure, reportWarnings, useColor, writeLine, diagnosticsOf, type Io } from "./io.js";
import { commandEnvs, issueLines } from "./project.js";
import { openProjectWithProgress } from "./load-line.js";

const spec = COMMANDS["check"]!;

/** Runs `qel check`; resolves to the exit code. Throws UsageError for usage errors. */
export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  const json = booleanFlag(args, "json");
  const project = await openProjectWithProgress(stringFlag(args, "runs"), io);
  for (const line of issueLines(project)) writeLine(io.stderr, line);
  const envFor = commandEnvs(project);
  const color = useColor(io.stdout, io.env);
  let failed = false;
  for await (const source of expressions(args.positionals, io, spec.usage)) {
    try {
      const result = check(source, envFor(source));
      if (!result.ok) {
        failed = true;
        reportFailure(io, json, source, result.diagnostics);
        continue;
      }
      reportWarnings(io, json, source, result.value.warnings);
      const type = printType(result.value.type);
      writeLine(io.stdout, json ? JSON.stringify({ type }) : color ? `\x1b[36m${type}\x1b[0m` : type);
    } catch (e) {
      failed = true;
      reportFailure(io, json, source, diagnosticsOf(e, source));
    }
  }
  return failed ? 1 : 0;
}
