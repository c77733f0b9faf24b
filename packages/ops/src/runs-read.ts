/**
 * Validation of one RUN object of the canonical format (docs/runs-format.md, "RUN") into a Run.
 * Every loader ends here, so W&B-specific clean-up that applies to all of them (config wrappers, `_wandb`) is
 * done here too.
 */
import { EMPTY_LIST, readArtifact, readDate, readStringList, RunPlace } from "./runs-read-parts.js";
import { describeValue, isJsonObject, joinPath, own, report, type IssueContext } from "./runs-issues.js";
import { fromJson, MAX_DATA_DEPTH, type DataLoss } from "./from-data.js";
import { nestsDeeper } from "./parsed-json.js";
import { fromWandbExport, isWandbExport } from "./runs-wandb-export.js";
import { EMPTY_DICT, JsonDict, NO_DETAILS, Run, User, type ArtifactVersion, type Dict, type RunDetails, type Value } from "./values.js";
import { History } from "./history.js";
import type { JsonShape } from "./json-shape.js";

/** The fields the format defines for a RUN; any other field is kept in `Run.extra`. */
export const RUN_FIELDS: ReadonlySet<string> = new Set([
  "name", "displayName", "jobType", "state", "createdAt", "heartbeatAt", "user", "config", "summary", "history",
  "loggedArtifacts", "usedArtifacts", "tags", "group", "sweep", "id", "project", "entity", "notes", "metadata",
]);

/** States W&B reports; another string is kept but warned about. */
const KNOWN_STATES = new Set(["running", "finished", "crashed", "failed", "killed", "preempted", "preempting", "pending"]);

/**
 * Builds a Run from one RUN object, reporting every problem into `ctx` under `path` (`runs[3]`).
 * Returns null (after reporting an error) when the run cannot exist: not an object, `name` missing or not a
 * non-empty string, `createdAt` missing or not an ISO-8601 date. Any other invalid field is reported and left
 * out (an invalid history row or artifact is left out alone), and the run is kept. Never throws.
 *
 * Applied here for every loader: a top-level config entry shaped `{value}` or `{value, desc}` (W&B's
 * `config.yaml` wrapper) is unwrapped; `_wandb` (W&B internals) is dropped from config and summary; history rows
 * are sorted by `_step` (stable) unless some row has no numeric `_step`, in which case file order is kept and a
 * warning given; every artifact's aliases include `v<version>`; an absent `heartbeatAt` means `createdAt`; a run
 * naming no `project` or `entity` takes the document's (`project`). `owned`: `raw` was parsed by the loader and
 * is shared with no one, so config and summary may stay JSON until first read (see JsonDict) when they nest no
 * deeper than the data depth limit; `depth`, when the loader knows it, is how deeply the run's JSON nests, which
 * spares checking that (see JsonShape). Values nested deeper are cut and reported now. A run in the shape
 * of W&B's public API (`id`, `created_at`, …) is mapped to these fields first (runs-wandb-export.ts).
 */
export function readRun(
  input: unknown, path: string, ctx: IssueContext, project: RunsProjectDefaults = {}, owned = false, depth?: number,
  text?: RunText,
): Run | null {
  const raw = isJsonObject(input) && isWandbExport(input) ? fromWandbExport(input) : input;
  if (!isJsonObject(raw)) {
    report(ctx, "error", path, `expected a run object, found ${describeValue(raw)}; run skipped`);
    return null;
  }
  const name = own(raw, "name");
  if (typeof name !== "string" || name === "") {
    const found = name === undefined ? "missing" : `expected a non-empty string, found ${describeValue(name)}`;
    report(ctx, "error", joinPath(path, "name"), `${found}; run skipped`);
    return null;
  }
  // paths and the run's name in messages are written only for a problem (see RunPlace)
  const place = new RunPlace(ctx, path, name);
  const createdRaw = own(raw, "createdAt");
  if (createdRaw === undefined || createdRaw === null) {
    place.report("error", place.at("createdAt"), "missing", "; run skipped");
    return null;
  }
  const createdAt = readDate(createdRaw);
  if (typeof createdAt === "string") {
    place.report("error", place.at("createdAt"), createdAt, "; run skipped");
    return null;
  }

  const opt = (f: string): string | null => {
    const v = own(raw, f);
    if (v === undefined || v === null || typeof v === "string") return v ?? null;
    place.report("error", place.at(f), `expected a string or null, found ${describeValue(v)}`, "; field ignored");
    return null;
  };
  const state = opt("state");
  if (state !== null && !KNOWN_STATES.has(state)) {
    place.report("warning", place.at("state"), `unknown state ${describeValue(state)}`, "; kept as written");
  }
  const hbRaw = own(raw, "heartbeatAt");
  let heartbeatAt = createdAt;
  if (hbRaw !== undefined && hbRaw !== null) {
    const hb = readDate(hbRaw);
    if (typeof hb === "string") place.report("error", place.at("heartbeatAt"), hb, "; createdAt used instead");
    else heartbeatAt = hb;
    if (heartbeatAt.ms < createdAt.ms) place.report("warning", place.at("heartbeatAt"), "is before createdAt");
  }
  const artifacts = (f: string): readonly ArtifactVersion[] => {
    const v = own(raw, f);
    if (v === undefined || v === null) return EMPTY_LIST;
    if (!Array.isArray(v)) {
      place.report("error", place.at(f), `expected a list of artifact versions, found ${describeValue(v)}`, "; field ignored");
      return EMPTY_LIST;
    }
    if (v.length === 0) return EMPTY_LIST;
    // mapped, so the list is no longer than it needs to be (most runs have one or two)
    const out = v.map((a: unknown, i) => readArtifact(a, place, () => `${place.at(f)}[${i}]`, owned));
    return Object.freeze(out.includes(null) ? out.filter((a) => a !== null) : out as ArtifactVersion[]);
  };
  const losses = new LossLog(place);
  // a run no deeper than this holds no config or summary value to cut (the run and the dict are two levels)
  const lazy: Laziness = !owned ? "no" : depth !== undefined && depth <= MAX_DATA_DEPTH + 1 ? "yes" : "if shallow";
  let extra: Map<string, Value> | undefined;
  for (const k of Object.keys(raw)) if (!RUN_FIELDS.has(k)) (extra ??= new Map()).set(k, losses.convert(raw[k], place.at(k), 1));

  const run = new Run(
    name,
    opt("displayName"),
    opt("jobType"),
    state,
    createdAt,
    heartbeatAt,
    readUser(own(raw, "user"), place),
    readDict(own(raw, "config"), "config", losses, true, lazy, text, text?.shape.configStart, text?.shape.configEnd),
    readDict(own(raw, "summary"), "summary", losses, false, lazy, text, text?.shape.summaryStart, text?.shape.summaryEnd),
    readHistory(own(raw, "history"), losses),
    artifacts("loggedArtifacts"),
    artifacts("usedArtifacts"),
    readStringList(own(raw, "tags"), place, () => place.at("tags"), owned),
    opt("group"),
    opt("sweep"),
    extra ?? EMPTY_DICT,
    runDetails(opt("id"), opt("project") ?? project.name ?? null, opt("entity") ?? project.entity ?? null, opt("notes"),
      readDict(own(raw, "metadata"), "metadata", losses, false, "no") as Dict),
  );
  losses.finish();
  return run;
}

/** At most this many data losses are reported per run; the rest are counted in one more issue. */
const MAX_LOSSES = 5;

/** Converts a run's data values (see fromJson), reporting where they were cut or changed, a few per run. */
class LossLog {
  private count = 0;
  private worst: DataLoss["severity"] = "warning";

  constructor(readonly place: RunPlace) {}

  /** `x` as a value sitting `depth` levels of dicts down in the run (1 for a config entry), losses reported at `path`. */
  convert(x: unknown, path: string, depth: number): Value {
    if (x === null || typeof x === "number" || typeof x === "string" || typeof x === "boolean") return x;
    return fromJson(x, { depth, onLoss: (l) => this.add(path, l) });
  }

  private add(path: string, l: DataLoss): void {
    if (l.severity === "error") this.worst = "error";
    if (++this.count <= MAX_LOSSES) this.place.report(l.severity, path + l.path, l.text);
  }

  finish(): void {
    const more = this.count - MAX_LOSSES;
    if (more > 0) this.place.report(this.worst, "", `${more} more values cut or changed`);
  }
}

/**
 * Equal values read one run after another share one frozen object (a big project repeats a few users and one
 * project on every run). Bounded, and emptied when full, so nothing grows with the number of runs.
 */
class Interned<T> {
  readonly #values = new Map<string, T>();
  get(key: string, make: () => T): T {
    let v = this.#values.get(key);
    if (v === undefined) {
      if (this.#values.size >= 4096) this.#values.clear();
      v = make();
      this.#values.set(key, v);
    }
    return v;
  }
}

/**
 * One key for a few strings or nulls, equal exactly when they are: each part is its length and text, or `-` for
 * null (cheaper than JSON.stringify of an array, on every run).
 */
function internKey(...parts: (string | null)[]): string {
  let key = "";
  for (const p of parts) key += p === null ? "-" : `${p.length}:${p}`;
  return key;
}

const users = new Interned<User>();
const details = new Interned<RunDetails>();

function runDetails(id: string | null, project: string | null, entity: string | null, notes: string | null, metadata: Dict): RunDetails {
  if (id !== null || notes !== null || metadata.size > 0) return Object.freeze({ id, project, entity, notes, metadata });
  if (project === null && entity === null) return NO_DETAILS;
  return details.get(internKey(project, entity), () => Object.freeze({ id, project, entity, notes, metadata: EMPTY_DICT }));
}

/**
 * The text a run was parsed from, as bytes, and its shape (see JsonShape): its config and summary are then kept as
 * their bytes rather than as parsed objects (see JsonDict).
 */
export interface RunText {
  readonly bytes: Uint8Array;
  readonly shape: JsonShape;
}

/** The document-level project, applied to runs that name none. */
export interface RunsProjectDefaults {
  readonly entity?: string;
  readonly name?: string;
}

/** True for W&B's config entry wrapper: an object with `value` and at most `desc` besides. */
export function isConfigWrapper(x: unknown): x is { value: unknown } {
  if (!isJsonObject(x) || !Object.hasOwn(x, "value")) return false;
  const keys = Object.keys(x);
  return keys.length === 1 || (keys.length === 2 && Object.hasOwn(x, "desc"));
}

/**
 * A config (`unwrap`: each `{value, desc}` wrapper unwrapped) or summary or metadata: its entries without `_wandb`.
 * `owned` JSON (parsed by the loader, shared with no one) that nests no deeper than MAX_DATA_DEPTH stays JSON until
 * first read (see JsonDict), since converting it can then neither cut nor change anything; anything else is
 * converted now, reporting what is cut or changed.
 */
/** Whether readDict may keep JSON as it is: never, always (known shallow), or after checking its depth. */
type Laziness = "no" | "yes" | "if shallow";

function readDict(
  v: unknown, field: string, losses: LossLog, unwrap: boolean, lazy: Laziness, text?: RunText, start = -1, end = -1,
): Dict | JsonDict {
  const place = losses.place;
  if (v === undefined || v === null) return EMPTY_DICT;
  if (!isJsonObject(v)) {
    place.report("error", place.at(field), `expected an object, found ${describeValue(v)}`, "; field ignored");
    return EMPTY_DICT;
  }
  const entries = unwrap ? configEntries : summaryEntries;
  if (lazy === "yes" && text !== undefined && start >= 0 && end > start && !text.shape.repeatedKeys) {
    const { bytes } = text;
    // a big run (a long history) is not held for its config: its dicts' bytes are copied out
    if (bytes.length > 4096 && (end - start) * 8 < bytes.length) return new JsonDict(bytes.slice(start, end), entries, 0, end - start);
    // else the whole chunk the run was read from is held (one view of it for all its runs)
    return new JsonDict(wholeBuffer(bytes), entries, bytes.byteOffset + start, bytes.byteOffset + end);
  }
  if (lazy === "yes" || (lazy === "if shallow" && !nestsDeeper(v, MAX_DATA_DEPTH))) return new JsonDict(v, entries);
  const path = place.at(field);
  const m = new Map<string, Value>();
  for (const k of Object.keys(v)) {
    if (k === "_wandb") continue;
    const entry = v[k];
    m.set(k, losses.convert(unwrap && isConfigWrapper(entry) ? entry.value : entry, joinPath(path, k), 1));
  }
  return m;
}

let lastBuffer: ArrayBufferLike | undefined;
let lastView: Uint8Array | undefined;

/** A view of all of the buffer `bytes` views, the same for the runs of one chunk. */
function wholeBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer !== lastBuffer || lastView === undefined) {
    lastBuffer = bytes.buffer;
    lastView = new Uint8Array(bytes.buffer);
  }
  return lastView;
}

/** The entries of a config kept as JSON (see readDict): without `_wandb`, each `{value, desc}` unwrapped. */
function configEntries(v: Readonly<Record<string, unknown>>, each: (key: string, value: unknown) => void): void {
  for (const k of Object.keys(v)) {
    if (k === "_wandb") continue;
    const entry = v[k];
    each(k, isConfigWrapper(entry) ? entry.value : entry);
  }
}

/** The entries of a summary kept as JSON (see readDict): without `_wandb`. */
function summaryEntries(v: Readonly<Record<string, unknown>>, each: (key: string, value: unknown) => void): void {
  for (const k of Object.keys(v)) if (k !== "_wandb") each(k, v[k]);
}

function readUser(v: unknown, place: RunPlace): User | null {
  if (v === undefined || v === null) return null;
  const path = (): string => place.at("user");
  if (!isJsonObject(v)) {
    place.report("error", path(), `expected a user object, found ${describeValue(v)}`, "; field ignored");
    return null;
  }
  const username = own(v, "username");
  if (typeof username !== "string" || username === "") {
    const found = username === undefined ? "missing" : `expected a non-empty string, found ${describeValue(username)}`;
    place.report("error", joinPath(path(), "username"), found, "; user ignored");
    return null;
  }
  const field = (f: string): string | null => {
    const x = own(v, f);
    if (x === undefined || x === null || typeof x === "string") return x ?? null;
    place.report("error", joinPath(path(), f), `expected a string or null, found ${describeValue(x)}`, "; field ignored");
    return null;
  };
  for (const k of Object.keys(v)) {
    if (k !== "username" && k !== "name" && k !== "email") {
      place.report("warning", joinPath(path(), k), "unknown user field", "; not kept (a user has username, name, email)");
    }
  }
  const name = field("name"), email = field("email");
  return users.get(internKey(username, name, email), () => new User(username, name, email));
}

/** The rows of a history, kept by column (see History). */
function readHistory(v: unknown, losses: LossLog): History {
  if (v === undefined || v === null) return History.EMPTY;
  const place = losses.place;
  const path = place.at("history");
  // A cell of the i-th row given to History is a value one level inside row `index[i]` of the file.
  const cells = (index: readonly number[]) => (x: unknown, i: number, key: string): Value =>
    losses.convert(x, joinPath(`${path}[${index[i]}]`, key), 1);
  if (!Array.isArray(v)) {
    place.report("error", path, `expected a list of rows, found ${describeValue(v)}`, "; field ignored");
    return History.EMPTY;
  }
  const rows: Record<string, unknown>[] = [];
  const steps: number[] = [];
  let missingStep = -1;
  let sorted = true;
  for (let i = 0; i < v.length; i++) {
    const row: unknown = v[i];
    if (!isJsonObject(row)) {
      place.report("error", `${path}[${i}]`, `expected an object, found ${describeValue(row)}`, "; row ignored");
      continue;
    }
    const step = own(row, "_step");
    if (typeof step !== "number" || Number.isNaN(step)) {
      if (missingStep < 0) missingStep = i;
    } else if (steps.length > 0 && step < (steps[steps.length - 1] as number)) sorted = false;
    steps.push(typeof step === "number" ? step : NaN);
    rows.push(row);
  }
  if (missingStep >= 0) {
    place.report("warning", `${path}[${missingStep}]`, "row has no numeric _step", "; history kept in file order");
    return History.fromJsonRows(rows, cells(rows.map((_, i) => i)));
  }
  if (sorted) return History.fromJsonRows(rows, cells(rows.map((_, i) => i)));
  // Stable: equal steps keep their file order.
  const order = rows.map((_, i) => i).sort((a, b) => (steps[a] as number) - (steps[b] as number) || a - b);
  return History.fromJsonRows(order.map((i) => rows[i]!), cells(order));
}
