/**
 * Entry point of the `qel` command (and, in a worker thread, of the REPL's evaluation engine). Dispatches to the
 * commands; exit code 0 when every expression succeeded, 1 when any failed or the output could not be written
 * (cli/write-errors.ts), 2 for a usage error.
 */
import { isMainThread, workerData } from "node:worker_threads";
import { asksHelp, commandHelp, COMMANDS, helpText, UsageError } from "./cli/args.js";
import { processIo, writeLine, type Io } from "./cli/io.js";
import { escapeControlsInLines } from "./render-format.js";
import { isWriteError, stopOnWriteErrors, writeErrorCode, writeErrorLine } from "./cli/write-errors.js";

/** This module's URL: the bundle or src/main.ts. The REPL starts its engine worker from it. */
const ENTRY = import.meta.url;

/** Runs `qel` with `argv` (the arguments after the program name); resolves to the exit code. Never rejects. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === "--help" || first === "-h" || first === "help") {
      writeLine(io.stdout, helpText());
      return 0;
    }
    if (first === "--version") {
      writeLine(io.stdout, "qel 0.1.0");
      return 0;
    }
    if (first === undefined || first.startsWith("--")) return await repl(argv, io);
    const spec = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (spec !== undefined && first !== "repl" && asksHelp(rest)) {
      writeLine(io.stdout, commandHelp(spec));
      return 0;
    }
    switch (first) {
      case "repl":
        return await repl(rest, io);
      case "eval":
        return await (await import("./cli/eval.js")).evalCommand(rest, io);
      case "check":
        return await (await import("./cli/check.js")).checkCommand(rest, io);
      case "fmt":
        return await (await import("./cli/fmt.js")).fmtCommand(rest, io);
      case "export":
        return await (await import("./cli/export.js")).exportCommand(rest, io);
      case "import":
        return await (await import("./cli/import.js")).importCommand(rest, io);
      case "explain":
        return await (await import("./cli/explain.js")).explainCommand(rest, io);
      case "complete":
        return await (await import("./cli/complete.js")).completeCommand(rest, io);
      case "problems":
        return await (await import("./cli/problems.js")).problemsCommand(rest, io);
      case "hover":
        return await (await import("./cli/hover.js")).hoverCommand(rest, io);
      case "migrate":
        return await (await import("./cli/migrate.js")).migrateCommand(rest, io);
      case "serve":
        return await (await import("./cli/serve.js")).serveCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${first}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      // The message may quote an argument, as typed or from a script: its control characters are shown escaped.
      writeLine(io.stderr, `qel: ${escapeControlsInLines(e.message)}`);
      writeLine(io.stderr, e.usage !== undefined ? `usage: ${e.usage}` : "run `qel --help` for usage");
      return 2;
    }
    // A write that failed is reported here when the stream's 'error' event did not end the process first.
    if (isWriteError(e)) {
      if (writeErrorCode(e) !== 0) writeLine(io.stderr, writeErrorLine(e));
      return writeErrorCode(e);
    }
    writeLine(io.stderr, `qel: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

async function repl(argv: readonly string[], io: Io): Promise<number> {
  const { parseArgs, stringFlag } = await import("./cli/args.js");
  const args = parseArgs(argv, COMMANDS["repl"]!);
  if (args.flags.has("help")) {
    writeLine(io.stdout, `usage: ${COMMANDS["repl"]!.usage}`);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`, COMMANDS["repl"]!.usage);
  const { startRepl } = await import("./repl/loop.js");
  return startRepl({ runsPath: stringFlag(args, "runs"), entry: ENTRY, io });
}

if (!isMainThread && (workerData as { qelEngine?: unknown } | null)?.qelEngine === true) {
  void import("./repl/worker.js").then((m) => m.serveEngine());
} else if (isMainThread) {
  // `qel eval … | head -1` closes the pipe early: stop quietly; `> /dev/full`: one line and exit code 1.
  stopOnWriteErrors();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
