/**
 * `qel hover [--runs PATH] --at OFFSET [--json] EXPR…`: what is at OFFSET (UTF-16 code units, clamped to the
 * expression): the innermost node's range and type, and for an op its signature and one-line doc. Under `--json`
 * one line per expression, `{"from", "to", "type", "op"?, "doc"?}` or `null` when nothing is there.
 */
import { hover } from "@qel/lang";
import { booleanFlag, COMMANDS, parseArgs, stringFlag, UsageError } from "./args.js";
import { expressions, useColor, writeLine, type Io } from "./io.js";
import { commandEnvs, openProject } from "./project.js";
import { wholeNumberFlag } from "./numbers.js";
import { escapeControls } from "../render-format.js";

const spec = COMMANDS["hover"]!;

/** Runs `qel hover`; resolves to the exit code (0: hovering never fails). Throws UsageError for usage errors. */
export async function hoverCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  if (args.flags.has("help")) {
    writeLine(io.stdout, `usage: ${spec.usage}`);
    return 0;
  }
  const json = booleanFlag(args, "json");
  const at = stringFlag(args, "at");
  if (at === undefined) throw new UsageError("--at OFFSET is required", spec.usage);
  const offset = wholeNumberFlag("at", at, { min: 0, max: Number.MAX_SAFE_INTEGER }, spec.usage);
  const envFor = commandEnvs(await openProject(stringFlag(args, "runs")));
  const color = useColor(io.stdout, io.env);
  const cyan = (s: string): string => (color ? `\x1b[36m${s}\x1b[0m` : s);
  for await (const source of expressions(args.positionals, io, spec.usage)) {
    const h = hover(source, Math.min(offset, source.length), envFor(source));
    if (json) {
      writeLine(io.stdout, JSON.stringify(h));
    } else if (h === null) {
      writeLine(io.stdout, "(nothing here)");
    } else {
      // A type names the data's keys, which may hold control characters.
      writeLine(io.stdout, `${source.slice(h.from, h.to)}: ${cyan(escapeControls(h.type))}`);
      if (h.op !== undefined) writeLine(io.stdout, h.op);
      if (h.doc !== undefined) writeLine(io.stdout, h.doc);
    }
  }
  return 0;
}
