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
  // One pass over the object's own keys picks out the fields (no lookup per field, which would also have to be
  // kept from the prototype); the others go to `extra`. The cases are RUN_FIELDS.
  let name: unknown, displayName: unknown, jobType: unknown, state: unknown, createdRaw: unknown, hbRaw: unknown;
  let user: unknown, config: unknown, summary: unknown, history: unknown, logged: unknown, used: unknown;
  let tags: unknown, group: unknown, sweep: unknown, id: unknown, projectName: unknown, entity: unknown;
  let notes: unknown, metadata: unknown;
  let others: string[] | undefined;
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = raw[k];
    switch (k) {
      case "name": name = v; break;
      case "displayName": displayName = v; break;
      case "jobType": jobType = v; break;
      case "state": state = v; break;
      case "createdAt": createdRaw = v; break;
      case "heartbeatAt": hbRaw = v; break;
      case "user": user = v; break;
      case "config": config = v; break;
      case "summary": summary = v; break;
      case "history": history = v; break;
      case "loggedArtifacts": logged = v; break;
      case "usedArtifacts": used = v; break;
      case "tags": tags = v; break;
      case "group": group = v; break;
      case "sweep": sweep = v; break;
      case "id": id = v; break;
      case "project": projectName = v; break;
      case "entity": entity = v; break;
      case "notes": notes = v; break;
      case "metadata": metadata = v; break;
      default: (others ??= []).push(k);
    }
  }
  if (typeof name !== "string" || name === "") {
    const found = name === undefined ? "missing" : `expected a non-empty string, found ${describeValue(name)}`;
    report(ctx, "error", joinPath(path, "name"), `${found}; run skipped`);
    return null;
  }
  // paths and the run's name in messages are written only for a problem (see RunPlace)
  const place = new RunPlace(ctx, path, name);
  if (createdRaw === undefined || createdRaw === null) {
    place.report("error", place.at("createdAt"), "missing", "; run skipped");
    return null;
  }
  const createdAt = readDate(createdRaw);
  if (typeof createdAt === "string") {
    place.report("error", place.at("createdAt"), createdAt, "; run skipped");
    return null;
  }

  const runState = optString(state, "state", place);
  if (runState !== null && !KNOWN_STATES.has(runState)) {
    place.report("warning", place.at("state"), `unknown state ${describeValue(runState)}`, "; kept as written");
  }
  let heartbeatAt = createdAt;
  if (hbRaw !== undefined && hbRaw !== null) {
    const hb = readDate(hbRaw);
    if (typeof hb === "string") place.report("error", place.at("heartbeatAt"), hb, "; createdAt used instead");
    else heartbeatAt = hb;
    if (heartbeatAt.ms < createdAt.ms) place.report("warning", place.at("heartbeatAt"), "is before createdAt");
  }
  const losses = new LossLog(place);
  // a run no deeper than this holds no config or summary value to cut (the run and the dict are two levels)
  const lazy: Laziness = !owned ? "no" : depth !== undefined && depth <= MAX_DATA_DEPTH + 1 ? "yes" : "if shallow";
  let extra: Map<string, Value> | undefined;
  if (others !== undefined) for (const k of others) (extra ??= new Map()).set(k, losses.convert(raw[k], place.at(k), 1));

  const run = new Run(
    name,
    optString(displayName, "displayName", place),
    optString(jobType, "jobType", place),
    runState,
    createdAt,
    heartbeatAt,
    readUser(user, place),
    readDict(config, "config", losses, true, lazy, text, text?.shape.configStart, text?.shape.configEnd),
    readDict(summary, "summary", losses, false, lazy, text, text?.shape.summaryStart, text?.shape.summaryEnd),
    readHistory(history, losses),
    readArtifacts(logged, "loggedArtifacts", place, owned),
    readArtifacts(used, "usedArtifacts", place, owned),
    tags === undefined || tags === null ? EMPTY_LIST : readStringList(tags, place, () => place.at("tags"), owned),
    optString(group, "group", place),
    optString(sweep, "sweep", place),
    extra ?? EMPTY_DICT,
    runDetails(optString(id, "id", place), optString(projectName, "project", place) ?? project.name ?? null,
      optString(entity, "entity", place) ?? project.entity ?? null, optString(notes, "notes", place),
      readDict(metadata, "metadata", losses, false, "no") as Dict),
  );
  losses.finish();
  return run;
}

/** A field that is a string or null (`v` undefined: absent); anything else is reported and read as null. */
function optString(v: unknown, field: string, place: RunPlace): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  place.report("error", place.at(field), `expected a string or null, found ${describeValue(v)}`, "; field ignored");
  return null;
}

/** The list of artifact versions in `field`; invalid ones are reported and left out. */
function readArtifacts(v: unknown, field: string, place: RunPlace, owned: boolean): readonly ArtifactVersion[] {
  if (v === undefined || v === null) return EMPTY_LIST;
  if (!Array.isArray(v)) {
    place.report("error", place.at(field), `expected a list of artifact versions, found ${describeValue(v)}`, "; field ignored");
    return EMPTY_LIST;
  }
  if (v.length === 0) return EMPTY_LIST;
  // mapped, so the list is no longer than it needs to be (most runs have one or two; a list grown by push holds
  // room for 17)
  const out = v.map((a: unknown, i) => readArtifact(a, place, field, i, owned));
  return Object.freeze(out.includes(null) ? out.filter((a) => a !== null) : out as ArtifactVersion[]);
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
 * Equal users read one run after another share one frozen object (a big project repeats a few users on every
 * run): the last user of each username is kept. Bounded, and emptied when full, so nothing grows with the number
 * of runs.
 */
class Users {
  readonly #byName = new Map<string, User>();
  get(username: string, name: string | null, email: string | null): User {
    const known = this.#byName.get(username);
    if (known !== undefined && known.name === name && known.email === email) return known;
    if (this.#byName.size >= 4096) this.#byName.clear();
    const user = new User(username, name, email);
    this.#byName.set(username, user);
    return user;
  }
}

const users = new Users();

/**
 * Details naming only a project and entity, shared by the runs naming the same (every run of a document shares
 * the last one made). Bounded, and emptied when full.
 */
const details = new Map<string, RunDetails>();
let lastDetails: RunDetails = NO_DETAILS;

function runDetails(id: string | null, project: string | null, entity: string | null, notes: string | null, metadata: Dict): RunDetails {
  if (id !== null || notes !== null || metadata.size > 0) return Object.freeze({ id, project, entity, notes, metadata });
  if (project === null && entity === null) return NO_DETAILS;
  if (lastDetails.project === project && lastDetails.entity === entity) return lastDetails;
  // each part as its length and text, or `-` for null: equal exactly when the parts are
  const key = `${project === null ? "-" : `${project.length}:${project}`}${entity === null ? "-" : `${entity.length}:${entity}`}`;
  let d = details.get(key);
  if (d === undefined) {
    if (details.size >= 4096) details.clear();
    d = Object.freeze({ id, project, entity, notes, metadata: EMPTY_DICT });
    details.set(key, d);
  }
  return (lastDetails = d);
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
    // copied out of the chunk (see keepBytes)
    const at = keepBytes(text.bytes, start, end);
    return new JsonDict(block!, entries, at, at + end - start);
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

/**
 * Where the bytes of kept dicts are copied, one block after another (see keepBytes): a run holds its config's and
 * summary's bytes, not the chunk it was read from, so the loader keeps nothing of a chunk (its reader may fill the
 * same buffer again) and memory holds only the dicts' text.
 */
let block: Uint8Array | undefined;
let blockUsed = 0;
/** Bytes of a block; a dict's text longer than that gets a block of its own. */
const BLOCK = 1 << 20;

/** Copies `b[start..end)` into the current block (a new one when it is full) and gives its offset there. */
function keepBytes(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (block === undefined || blockUsed + n > block.length) {
    block = new Uint8Array(Math.max(BLOCK, n));
    blockUsed = 0;
  }
  block.set(b.subarray(start, end), blockUsed);
  blockUsed += n;
  return blockUsed - n;
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
  let username: unknown, name: unknown, email: unknown;
  let others: string[] | undefined;
  for (const k of Object.keys(v)) {
    switch (k) {
      case "username": username = v[k]; break;
      case "name": name = v[k]; break;
      case "email": email = v[k]; break;
      default: (others ??= []).push(k);
    }
  }
  if (typeof username !== "string" || username === "") {
    const found = username === undefined ? "missing" : `expected a non-empty string, found ${describeValue(username)}`;
    place.report("error", joinPath(path(), "username"), found, "; user ignored");
    return null;
  }
  const field = (f: string, x: unknown): string | null => {
    if (x === undefined || x === null || typeof x === "string") return x ?? null;
    place.report("error", joinPath(path(), f), `expected a string or null, found ${describeValue(x)}`, "; field ignored");
    return null;
  };
  if (others !== undefined) {
    for (const k of others) place.report("warning", joinPath(path(), k), "unknown user field", "; not kept (a user has username, name, email)");
  }
  return users.get(username, field("name", name), field("email", email));
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
