/**
 * `qel explain --runs FILE.duckdb EXPR…`: for each expression, the SQL each pushed part runs and the nodes that
 * stay local with why (docs/duckdb.md "explain").
 */
import { COMMANDS, booleanFlag, parseArgs, stringFlag, UsageError } from "./args.js";
import { openDatabase, isDatabasePath } from "./database.js";
import { diagnosticsOf, expressions, reportFailure, writeLine, type Io } from "./io.js";
import { escapeControls } from "../render-format.js";

const spec = COMMANDS["explain"]!;

export async function explainCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  if (args.flags.has("help")) {
    writeLine(io.stdout, `usage: ${spec.usage}\n${spec.summary}`);
    return 0;
  }
  const path = stringFlag(args, "runs");
  if (!isDatabasePath(path)) throw new UsageError("--runs FILE.duckdb is required: explain shows how an expression runs on a database", spec.usage);
  const json = booleanFlag(args, "json");
  const db = await openDatabase(path);
  let failed = false;
  try {
    for await (const source of expressions(args.positionals, io, spec.usage)) {
      try {
        const x = db.explain(source);
        if (json) {
          writeLine(io.stdout, JSON.stringify(x));
          continue;
        }
        writeLine(io.stdout, source);
        if (x.queries.length === 0) writeLine(io.stdout, "  nothing runs as SQL");
        // The SQL quotes the data's keys, which may hold control characters.
        for (const q of x.queries) writeLine(io.stdout, escapeControls(`  as SQL: ${q.expr}`) + "\n" + escapeControls(`    ${q.sql}`));
        for (const l of x.local) writeLine(io.stdout, escapeControls(`  local: ${l.expr}: ${l.reason}`));
      } catch (e) {
        failed = true;
        reportFailure(io, json, source, diagnosticsOf(e, source));
      }
    }
  } finally {
    db.close();
  }
  return failed ? 1 : 0;
}
