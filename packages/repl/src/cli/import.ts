/**
 * `qel import PATH --db FILE.duckdb`: loads the runs at PATH (anything `--runs` reads) and writes them into a new
 * DuckDB database, with a progress line on a terminal. A runs file and run folders stream: memory holds a chunk of
 * the file or a few runs, whatever the project's size. An existing file is never overwritten.
 */
import { existsSync, rmSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { LoadedRuns, Run } from "@qel/ops";
import type { ImportProgress, ImportResult } from "@qel/duckdb";
import { COMMANDS, parseArgs, stringFlag, UsageError } from "./args.js";
import { writeLine, type Io } from "./io.js";
import { issueLines, openProject } from "./project.js";
import { wholeNumberFlag } from "./numbers.js";

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
  const workersFlag = stringFlag(args, "workers");
  const workers = workersFlag === undefined ? undefined : wholeNumberFlag("workers", workersFlag, { min: 0, max: 64 }, spec.usage);
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const started = Date.now();
  const path = args.positionals[0]!;
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const { importRunBatches } = await import("@qel/duckdb");
  let file = "";
  let last: ImportProgress = { runs: 0, historyValues: 0 };
  const show = (): void => {
    if (tty && Date.now() - started > 1000) io.stderr.write(`\rimporting: ${last.runs.toLocaleString("en")} runs, ${last.historyValues.toLocaleString("en")} history values${file}\x1b[K`);
  };
  const progress = (p: ImportProgress): void => {
    last = p;
    show();
  };
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    let done: ImportResult;
    let name: string;
    if (isJsonLines(path) && workers !== 0) {
      // JSON Lines are read on worker threads, a part of the file each, and written here in file order
      const { importJsonLinesFile } = await import("@qel/duckdb");
      const { describeProgress } = await import("../loaders/runs-file.js");
      const read = await importJsonLinesFile(conn, path, {
        ...(workers === undefined ? {} : { workers }),
        onProgress: progress,
        onRead: (bytes, totalBytes) => (file = ` (${describeProgress({ runs: last.runs, bytes, totalBytes, ms: Date.now() - started })})`),
      });
      done = read;
      for (const line of issueLines({ issues: read.issues })) writeLine(io.stderr, line);
      name = basename(resolve(path));
      await conn.run(`UPDATE qel_meta SET "value" = ${sqlJson({ name })} WHERE "key" = 'project'`);
    } else if (isRunsFile(path)) {
      // a runs file streams: each chunk's runs go into the database and are forgotten
      const { loadRunsFile, describeProgress } = await import("../loaders/runs-file.js");
      let loaded: LoadedRuns;
      ({ produced: loaded, done } = await streamInto(importRunBatches, conn, progress, (put) =>
        loadRunsFile(path, (p) => (file = ` (${describeProgress(p)})`), put)));
      const issues = loaded.issues.map((i) => ({ severity: i.severity, message: i.message }));
      for (const line of issueLines({ issues })) writeLine(io.stderr, line);
      const fatal = loaded.issues.find((i) => i.severity === "error" && i.message.endsWith("nothing loaded"));
      if (fatal !== undefined) throw new UsageError(`cannot read runs from ${path}: ${fatal.message}`);
      name = loaded.project?.name ?? basename(resolve(path));
      await conn.run(`UPDATE qel_meta SET "value" = ${sqlJson({ name, ...(loaded.project ?? {}) })} WHERE "key" = 'project'`);
    } else if (isRunFolders(path)) {
      // run folders stream too: a few runs at a time go into the database and are forgotten
      const { streamRunFolders } = await import("./import-folders.js");
      let streamed: Awaited<ReturnType<typeof streamRunFolders>>;
      ({ produced: streamed, done } = await streamInto(importRunBatches, conn, progress, (put) =>
        streamRunFolders(path, put, (p) => {
          file = ` (${p.done.toLocaleString("en")} of ${p.total.toLocaleString("en")} run folders read)`;
          show();
        })));
      const issues = streamed.issues.map((i) => ({ severity: i.severity, message: i.message }));
      if (streamed.runs === 0) throw new UsageError(`cannot read runs from ${path}:\n  ${issues.filter((i) => i.severity === "error").slice(0, 5).map((i) => i.message).join("\n  ")}`);
      for (const line of issueLines({ issues })) writeLine(io.stderr, line);
      name = streamed.project?.name ?? basename(resolve(path));
      await conn.run(`UPDATE qel_meta SET "value" = ${sqlJson({ name })} WHERE "key" = 'project'`);
    } else {
      const project = await openProject(path);
      for (const line of issueLines(project)) writeLine(io.stderr, line);
      done = await importRunBatches(conn, [project.runs], { project: { name: project.name }, onProgress: progress });
    }
    if (tty) io.stderr.write("\r\x1b[K");
    if (done.duplicateNames.length > 0) writeLine(io.stderr, `warning: several runs are named ${done.duplicateNames.map((n) => JSON.stringify(n)).join(", ")}`);
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

/** A folder (of W&B or MLflow runs, at any depth) or a W&B `.wandb` log, whose folder is read. */
const isRunFolders = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true || (path.endsWith(".wandb") && existsSync(path));

const isJsonLines = (path: string): boolean => /\.(jsonl|ndjson)$/i.test(path) && statSync(path, { throwIfNoEntry: false })?.isFile() === true;

const isRunsFile = (path: string): boolean => /\.(jsonl?|ndjson)$/i.test(path) && statSync(path, { throwIfNoEntry: false })?.isFile() === true;

const sqlJson = (v: unknown): string => `'${JSON.stringify(v).replaceAll("'", "''")}'`;

type ImportRunBatches = typeof import("@qel/duckdb").importRunBatches;
type Connection = Parameters<ImportRunBatches>[0];

/**
 * Runs `produce`, which hands its runs to `put` batch by batch, while the batches go into the database; the queue
 * is closed however `produce` ends, and a failure of either side ends both.
 */
async function streamInto<P>(
  importRunBatches: ImportRunBatches, conn: Connection, onProgress: (p: ImportProgress) => void,
  produce: (put: (runs: readonly Run[]) => Promise<void>) => Promise<P>,
): Promise<{ produced: P; done: ImportResult }> {
  const batches = new BatchQueue();
  const importing = importRunBatches(conn, batches, { onProgress });
  importing.catch((e: unknown) => batches.fail(e));
  let produced: P;
  try {
    produced = await produce((runs) => batches.put(runs));
  } catch (e) {
    batches.close();
    await importing.catch(() => undefined);
    throw e;
  }
  batches.close();
  return { produced, done: await importing };
}

/**
 * Batches of runs handed from the file reader to the importer: `put` waits while a batch is still unwritten, so
 * at most one batch is ever waiting (the reader never runs ahead of the database).
 */
class BatchQueue implements AsyncIterable<readonly Run[]> {
  #waiting: { runs: readonly Run[]; taken: () => void; failed: (e: unknown) => void } | null = null;
  #closed = false;
  #error: { e: unknown } | null = null;
  #wake: (() => void) | null = null;

  put(runs: readonly Run[]): Promise<void> {
    if (this.#error !== null) return Promise.reject(this.#error.e);
    return new Promise((taken, failed) => {
      this.#waiting = { runs, taken, failed };
      this.#wake?.();
    });
  }

  /** The importer stopped with `e`: the batch waiting, and every later one, is refused with it. */
  fail(e: unknown): void {
    this.#error = { e };
    this.#waiting?.failed(e);
    this.#waiting = null;
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<readonly Run[]> {
    for (;;) {
      if (this.#waiting === null) {
        if (this.#closed) return;
        await new Promise<void>((wake) => (this.#wake = wake));
        this.#wake = null;
        continue;
      }
      const { runs, taken } = this.#waiting;
      this.#waiting = null;
      yield runs;
      taken();
    }
  }
}
