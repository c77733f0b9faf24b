/**
 * `qel check [--runs PATH] [--json] EXPR…`: each expression's static type against the project's schema, and every
 * diagnostic it has (errors, warnings, their hints and notes). Under `--json` one line per expression:
 * `{"type": "…"}`, or `{"error": {…}}` naming the first error; either with `"diagnostics": […]` holding them all
 * when there are any. For people, with several inputs each diagnostic names its input (`input 2:1:5: …`).
 */
import { check, printType } from "@qel/lang";
import { booleanFlag, COMMANDS, parseArgs, stringFlag } from "./args.js";
import { expressions, jsonDiagnostic, primary, reportFailure, reportWarnings, useColor, writeLine, diagnosticsOf, type Io } from "./io.js";
import { commandEnvs, issueLines } from "./project.js";
import { openProjectWithProgress } from "./load-line.js";
import { escapeControls } from "../render-format.js";

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
  const several = args.positionals.length !== 1;
  let n = 0;
  for await (const source of expressions(args.positionals, io, spec.usage)) {
    const name = several ? `input ${++n}` : undefined;
    try {
      const result = check(source, envFor(source));
      if (!result.ok) {
        failed = true;
        if (json) writeLine(io.stdout, JSON.stringify({ error: jsonDiagnostic(primary(result.diagnostics)!), diagnostics: result.diagnostics.map(jsonDiagnostic) }));
        else reportFailure(io, false, source, result.diagnostics, name);
        continue;
      }
      const type = printType(result.value.type);
      const warnings = result.value.warnings;
      if (json) writeLine(io.stdout, JSON.stringify({ type, ...(warnings.length > 0 ? { diagnostics: warnings.map(jsonDiagnostic) } : {}) }));
      else {
        reportWarnings(io, false, source, warnings, name);
        // A type names the data's keys, which may hold control characters.
        const shown = escapeControls(type);
        writeLine(io.stdout, color ? `\x1b[36m${shown}\x1b[0m` : shown);
      }
    } catch (e) {
      failed = true;
      reportFailure(io, json, source, diagnosticsOf(e, source), name);
    }
  }
  return failed ? 1 : 0;
}
