/**
 * The command line over a DuckDB database (docs/duckdb.md): `qel import PATH --db FILE.duckdb` writes a project's
 * runs into one, `--runs FILE.duckdb` evaluates against it, `qel explain` shows what runs as SQL. @qel/duckdb is
 * loaded only when a database is named, so other commands start as fast as before.
 */
import { existsSync } from "node:fs";
import { UsageError } from "./args.js";

export const isDatabasePath = (path: string | undefined): path is string => path !== undefined && /\.(duckdb|db)$/i.test(path);

/** Opens a database written by `qel import`; a missing file is a usage error. */
export async function openDatabase(path: string) {
  if (!existsSync(path)) throw new UsageError(`no such database: ${path} (write one with \`qel import PATH --db ${path}\`)`);
  const { DuckDbProject } = await import("@qel/duckdb");
  return DuckDbProject.open(path);
}
