/**
 * `qel export [--runs PATH] [--jsonl]`: writes the loaded runs to stdout as a canonical runs file
 * (docs/runs-files.md): a `qel-runs/1` document, or JSON Lines with `--jsonl`. Non-finite numbers are the bare
 * tokens `NaN`, `Infinity` and `-Infinity`, as W&B writes them, so loading the output gives equal runs. Written a
 * run at a time, waiting for the pipe to drain, so exporting a big project never builds the file as one string.
 */
import { once } from "node:events";
import { serializeRunsPieces } from "@qel/ops";
import { booleanFlag, COMMANDS, parseArgs, stringFlag, UsageError } from "./args.js";
import { writeLine, type Io } from "./io.js";
import { openProjectWithProgress } from "./load-line.js";
import { issueLines } from "./project.js";

const spec = COMMANDS["export"]!;

/** Bytes gathered before a write. */
const BATCH = 1 << 20;

/** Runs `qel export`; resolves to the exit code (0). Throws UsageError for usage errors. */
export async function exportCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`, spec.usage);
  const project = await openProjectWithProgress(stringFlag(args, "runs"), io);
  for (const line of issueLines(project)) writeLine(io.stderr, line);
  const format = booleanFlag(args, "jsonl") ? "jsonl" : "json";
  let batch: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const text = batch.join("");
    batch = [];
    size = 0;
    if (!io.stdout.write(text)) await once(io.stdout, "drain");
  };
  for (const piece of serializeRunsPieces(project.runs, project.meta, { format })) {
    batch.push(piece);
    size += piece.length;
    if (size >= BATCH) await flush();
  }
  await flush();
  return 0;
}
