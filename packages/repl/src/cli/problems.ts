/**
 * `qel problems [--runs PATH] [--json]`: every problem found while loading PATH, one per line: the file, the place
 * in it, and what is wrong. The REPL prints the first five at load and lists all with `:problems`.
 */
import { existsSync } from "node:fs";
import { booleanFlag, COMMANDS, parseArgs, stringFlag, UsageError } from "./args.js";
import { writeLine, type Io } from "./io.js";
import { escapeControlsInLines } from "../render-format.js";

const spec = COMMANDS["problems"]!;

/**
 * Runs `qel problems`; resolves to 0 when nothing was wrong or only warnings were found, 1 when some problem is an
 * error (something was not loaded). Under `--json`, one object `{severity, file, path, line?, message}` per line.
 * The sample project (no `--runs`) has none. Throws UsageError for usage errors and a missing path.
 */
export async function problemsCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`, spec.usage);
  const path = stringFlag(args, "runs");
  if (path === undefined) return 0;
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`, spec.usage);
  const { loadRunsFromPath } = await import("../loaders/load-path.js");
  const { issues } = await loadRunsFromPath(path);
  const json = booleanFlag(args, "json");
  for (const i of issues) {
    if (!json) writeLine(io.stdout, escapeControlsInLines(`${i.severity}: ${i.message}`));
    else {
      const line = i.line === undefined ? {} : { line: i.line };
      writeLine(io.stdout, JSON.stringify({ severity: i.severity, file: i.file, path: i.path, ...line, message: i.message }));
    }
  }
  return issues.some((i) => i.severity === "error") ? 1 : 0;
}
