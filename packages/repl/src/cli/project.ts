/**
 * Opens the runs a command works on: the bundled sample project, or `--runs PATH` (a runs file, a W&B run folder,
 * an MLflow `mlruns` folder, or a folder tree). Loaders are imported only when needed, and the schema is inferred
 * only when an expression can use it, so one-shot commands start fast.
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { inferSchema, standardRegistry, T, type Run, type RunSchema, type RunsProject, type Type } from "@qel/ops";
import { UsageError } from "./args.js";
import { escapeControlsInLines } from "../render-format.js";

/** A problem with one run or file that did not stop the load. */
export interface ProjectIssue {
  readonly severity: "error" | "warning";
  readonly message: string;
}

export interface Project {
  /** The project's name. */
  readonly name: string;
  readonly runs: readonly Run[];
  /** The runs' config, summary and history keys; inferred on first use (it reads every history row). */
  readonly schema: RunSchema;
  readonly issues: readonly ProjectIssue[];
  /** Where the runs came from; null for the sample project. */
  readonly path: string | null;
  /** The project as its source names it (a runs document's `project`), null when it names none. */
  readonly meta: RunsProject | null;
}

/** Progress of a load: items done and, when known, the total; or, reading a runs file, a line such as `1,200 runs, 40 of 868 MB, 95 MB/s`. */
export type LoadProgress = (done: number, total?: number, detail?: string) => void;

function project(name: string, runs: readonly Run[], issues: readonly ProjectIssue[], path: string | null, meta: RunsProject | null): Project {
  let schema: RunSchema | undefined;
  return {
    name, runs, issues, path, meta,
    get schema(): RunSchema {
      schema ??= inferSchema(runs);
      return schema;
    },
  };
}

/**
 * Loads the runs at `path`, or the sample project when `path` is undefined. Throws UsageError when the path does
 * not exist or cannot be read as runs at all; problems with single runs come back as `issues`.
 */
export async function openProject(path: string | undefined, onProgress?: LoadProgress): Promise<Project> {
  if (path === undefined) {
    const sample = await import("../sample/sample-project.js");
    return project(sample.SAMPLE_PROJECT.name ?? "sample", sample.sampleRuns(), [], null, sample.SAMPLE_PROJECT);
  }
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
  const { loadRunsFromPath } = await import("../loaders/load-path.js");
  const loaded = await loadRunsFromPath(path, onProgress !== undefined ? { onProgress: (p) => onProgress(p.done, p.detail === undefined ? p.total : undefined, p.detail) } : {});
  const issues = loaded.issues.map((i): ProjectIssue => ({ severity: i.severity, message: i.message }));
  // Nothing readable at all is a usage error (a wrong path, or a file that holds no runs).
  if (loaded.runs.length === 0 && issues.some((i) => i.severity === "error")) {
    throw new UsageError(`cannot read runs from ${path}:\n  ${issues.filter((i) => i.severity === "error").slice(0, 5).map((i) => i.message).join("\n  ")}`);
  }
  return project(loaded.project?.name ?? basename(resolve(path)), loaded.runs, issues, path, loaded.project);
}

/** The type of the host's `runs` variable. */
export const RUNS_TYPE: Type = T.List(T.Run);

/**
 * The checking environment for a project: `runs` plus any extra variables, and the project's schema, which is
 * exact: inferred from the very runs its expressions are evaluated over.
 */
export function projectEnv(
  p: Pick<Project, "schema">, variables: Readonly<Record<string, Type>> = {},
): { variables: Record<string, Type>; schema: RunSchema; exactSchema: true } {
  return { variables: { runs: RUNS_TYPE, ...variables }, schema: p.schema, exactSchema: true };
}

let schemaNames: RegExp | undefined;

/**
 * Whether the schema can matter to `source`: it types only what runConfig, runSummary and runHistory return, so an
 * expression that names none of them (nor their aliases) checks and runs the same without it.
 */
export function mayUseSchema(source: string): boolean {
  if (schemaNames === undefined) {
    const names = ["runConfig", "runSummary", "runHistory"].flatMap((n) => {
      const op = standardRegistry.lookup(n);
      return op === undefined ? [n] : [op.name, ...(op.alias !== undefined ? [op.alias] : []), ...(op.aliases ?? []), ...(op.deprecated ?? [])];
    });
    schemaNames = new RegExp(`(?<![A-Za-z0-9_])(?:${names.join("|")})(?![A-Za-z0-9_])`);
  }
  return schemaNames.test(source);
}

/**
 * The environments of a one-shot command, one object each (the compile cache is kept per environment): with the
 * schema for expressions that may use it, without for the rest.
 */
export function commandEnvs(p: Project): (source: string) => { variables: Record<string, Type>; schema?: RunSchema } {
  const bare = { variables: { runs: RUNS_TYPE } };
  let full: ReturnType<typeof projectEnv> | undefined;
  return (source) => {
    if (!mayUseSchema(source)) return bare;
    full ??= projectEnv(p);
    return full;
  };
}

/** Load issues for stderr: the first few, then how many more. */
export function issueLines(p: Pick<Project, "issues">, max = 5): string[] {
  if (p.issues.length === 0) return [];
  // A message may quote the data (a run's name, a bad value): its control characters are shown escaped.
  const lines = p.issues.slice(0, max).map((i) => escapeControlsInLines(`${i.severity}: ${i.message}`));
  if (p.issues.length > max) lines.push(`… and ${p.issues.length - max} more problems (qel problems --runs PATH lists them all)`);
  return lines;
}
