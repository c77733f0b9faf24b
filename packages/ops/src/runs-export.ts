/**
 * Writing runs in the canonical format, `qel-runs/1` (docs/runs-format.md). Browser-safe.
 *
 * Non-finite numbers: JSON has no spelling for them, so `exportRuns` keeps them as JavaScript numbers and
 * `serializeRunsDocument` writes the bare tokens `NaN`, `Infinity` and `-Infinity` (W&B's own spelling, spec
 * "Values"), plus `-0` for negative zero. `loadRunsDocument` reads that text back to equal runs. Passing the
 * object of `exportRuns` to `JSON.stringify` instead would turn those numbers into `null`.
 */
import { isConfigWrapper } from "./runs-read.js";
import { formatIsoDate } from "./runs-dates.js";
import { stringifyJsonLenient } from "./runs-json.js";
import type { RunsProject } from "./runs-format.js";
import { DateValue, DurationValue, type ArtifactVersion, type Dict, type Run, type Value } from "./values.js";

/** A JSON value as `exportRuns` builds it: objects have no prototype, numbers may be non-finite. */
export type JsonOut = null | number | string | boolean | JsonOut[] | { [key: string]: JsonOut };

/** The `qel-runs/1` document as a plain value. */
export interface RunsDocument {
  format: "qel-runs/1";
  project?: { entity?: string; name?: string };
  runs: { [key: string]: JsonOut }[];
}

/**
 * Builds the `qel-runs/1` document for `runs`: dates as ISO-8601 UTC strings with milliseconds, dicts as objects
 * (prototype-free, so every key, `"__proto__"` included, is an own property), unknown fields from `extra` written
 * back beside the known ones. Null or empty optional fields are left out; `heartbeatAt`, `config` and `summary`
 * are always written. A config value that itself looks like W&B's `{value, desc}` wrapper is wrapped once more, so
 * loading undoes exactly one level. Values that are not JSON (possible only in runs built by hand) are written
 * as: date → ISO string, duration → milliseconds, anything else → null. Never throws.
 *
 * Law: for runs produced by loadRunsDocument, `loadRunsDocument(serializeRunsDocument(runs))` gives equal runs.
 */
export function exportRuns(runs: readonly Run[], project?: RunsProject | null): RunsDocument {
  const doc: RunsDocument = { format: "qel-runs/1", runs: runs.map(exportRun) };
  if (project !== undefined && project !== null) {
    const p: { entity?: string; name?: string } = {};
    if (project.entity !== undefined) p.entity = project.entity;
    if (project.name !== undefined) p.name = project.name;
    return { format: doc.format, project: p, runs: doc.runs };
  }
  return doc;
}

export interface SerializeOptions {
  /** "json" (default): one document, one run per line inside `runs`. "jsonl": one RUN per line, no project. */
  readonly format?: "json" | "jsonl";
}

/**
 * The text form of exportRuns: JSON with non-finite numbers as `NaN` / `Infinity` / `-Infinity` literals (see
 * the module comment). Ends with a newline. Never throws.
 */
export function serializeRunsDocument(runs: readonly Run[], project?: RunsProject | null, opts: SerializeOptions = {}): string {
  return [...serializeRunsPieces(runs, project, opts)].join("");
}

/**
 * serializeRunsDocument's text in pieces, one run at a time, so a writer can stream a project of any size: the
 * pieces joined are exactly serializeRunsDocument's text.
 */
export function* serializeRunsPieces(runs: readonly Run[], project?: RunsProject | null, opts: SerializeOptions = {}): Generator<string> {
  if (opts.format === "jsonl") {
    for (const run of runs) yield `${stringifyJsonLenient(exportRun(run))}\n`;
    return;
  }
  const p = exportRuns([], project).project;
  const head = `{"format":"qel-runs/1",${p === undefined ? "" : `"project":${JSON.stringify(p)},`}"runs":[`;
  if (runs.length === 0) {
    yield `${head}]}\n`;
    return;
  }
  yield `${head}\n`;
  for (let i = 0; i < runs.length; i++) yield `${i > 0 ? ",\n" : ""}${stringifyJsonLenient(exportRun(runs[i]!))}`;
  yield "\n]}\n";
}

function obj(): { [key: string]: JsonOut } {
  return Object.create(null) as { [key: string]: JsonOut };
}

function exportRun(run: Run): { [key: string]: JsonOut } {
  const o = obj();
  o.name = run.name;
  if (run.displayName !== null) o.displayName = run.displayName;
  if (run.jobType !== null) o.jobType = run.jobType;
  if (run.state !== null) o.state = run.state;
  o.createdAt = formatIsoDate(run.createdAt.ms);
  o.heartbeatAt = formatIsoDate(run.heartbeatAt.ms);
  if (run.user !== null) o.user = { username: run.user.username, name: run.user.name, email: run.user.email };
  const config = obj();
  for (const [k, v] of run.config) {
    const j = toJson(v);
    config[k] = isConfigWrapper(j) ? { value: j } : j;
  }
  o.config = config;
  o.summary = dictToJson(run.summary);
  if (run.historyTable.length > 0) o.history = run.history.map(dictToJson);
  if (run.loggedArtifacts.length > 0) o.loggedArtifacts = run.loggedArtifacts.map(exportArtifact);
  if (run.usedArtifacts.length > 0) o.usedArtifacts = run.usedArtifacts.map(exportArtifact);
  if (run.tags.length > 0) o.tags = [...run.tags];
  if (run.group !== null) o.group = run.group;
  if (run.sweep !== null) o.sweep = run.sweep;
  const d = run.details;
  if (d.id !== null) o.id = d.id;
  if (d.project !== null) o.project = d.project;
  if (d.entity !== null) o.entity = d.entity;
  if (d.notes !== null) o.notes = d.notes;
  if (d.metadata.size > 0) o.metadata = dictToJson(d.metadata);
  addExtra(o, run.extra);
  return o;
}

function exportArtifact(a: ArtifactVersion): { [key: string]: JsonOut } {
  const o = obj();
  o.name = a.name;
  o.version = a.version;
  o.aliases = [...a.aliases];
  if (a.type !== null) o.type = a.type;
  if (a.size !== null) o.size = a.size;
  if (a.createdAt !== null) o.createdAt = formatIsoDate(a.createdAt.ms);
  if (a.digest !== null) o.digest = a.digest;
  addExtra(o, a.extra);
  return o;
}

function addExtra(o: { [key: string]: JsonOut }, extra: Dict): void {
  for (const [k, v] of extra) if (!Object.hasOwn(o, k)) o[k] = toJson(v);
}

function dictToJson(d: Dict): { [key: string]: JsonOut } {
  const o = obj();
  for (const [k, v] of d) o[k] = toJson(v);
  return o;
}

/** A runtime value as JSON; see exportRuns for values JSON cannot hold. */
export function toJson(v: Value): JsonOut {
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((x: Value) => toJson(x));
  if (v instanceof Map) return dictToJson(v);
  if (v instanceof DateValue) return formatIsoDate(v.ms);
  if (v instanceof DurationValue) return v.ms;
  return null;
}
