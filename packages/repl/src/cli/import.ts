/**
 * `qel import PATH --db FILE.duckdb`: loads the runs at PATH (anything `--runs` reads) and writes them into a new
 * DuckDB database, with a progress line on a terminal. An existing file is never overwritten.
 */
import { existsSync, rmSync } from "node:fs";
import { COMMANDS, parseArgs, stringFlag, UsageError } from "./args.js";
import { writeLine, type Io } from "./io.js";
import { issueLines, openProject } from "./project.js";

const spec = COMMANDS["import"]!;

export async function importCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  if (args.flags.has("help")) {
    writeLine(io.stdout, `usage: ${spec.usage}\n${spec.summary}`);
    return 0;
  }
  const db = stringFlag(args, "db");
  if (db === undefined) throw new UsageError("--db FILE.duckdb is required", spec.usage);
  if (args.positionals.length !== 1) throw new UsageError("give one path to import", spec.usage);
  if (existsSync(db)) throw new UsageError(`${db} exists already; remove it or name another file`, spec.usage);
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const started = Date.now();
  const project = await openProject(args.positionals[0]);
  for (const line of issueLines(project)) writeLine(io.stderr, line);
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const { importRuns } = await import("@qel/duckdb");
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    const done = await importRuns(conn, project.runs, {
      project: { name: project.name },
      onProgress: (p) => {
        if (tty && Date.now() - started > 1000) io.stderr.write(`\rimporting: ${p.runs} runs, ${p.historyValues} history values`);
      },
    });
    if (tty) io.stderr.write("\r\x1b[K");
    writeLine(io.stdout, `imported ${done.runs} runs and ${done.historyValues} history values into ${db} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    throw e;
  }
  conn.closeSync();
  instance.closeSync();
  return 0;
}
