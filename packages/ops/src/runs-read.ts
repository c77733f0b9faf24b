/**
 * Validation of one RUN object of the canonical format (docs/runs-format.md, "RUN") into a Run.
 * Every loader ends here, so W&B-specific clean-up that applies to all of them (config wrappers, `_wandb`) is
 * done here too.
 */
import { readArtifact, readDate, readStringList } from "./runs-read-parts.js";
import { describeValue, isJsonObject, joinPath, own, report, type IssueContext } from "./runs-issues.js";
import { fromJson, MAX_DATA_DEPTH, type DataLoss } from "./from-data.js";
import { fromParsedJson, nestsDeeper } from "./parsed-json.js";
import { fromWandbExport, isWandbExport } from "./runs-wandb-export.js";
import { EMPTY_DICT, JsonDict, NO_DETAILS, Run, User, type ArtifactVersion, type Dict, type RunDetails, type Value } from "./values.js";
import { History } from "./history.js";

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
): Run | null {
  const raw = isJsonObject(input) && isWandbExport(input) ? fromWandbExport(input) : input;
  if (!isJsonObject(raw)) {
    report(ctx, "error", path, `expected a run object, found ${describeValue(raw)}; run skipped`);
    return null;
  }
  const name = own(raw, "name");
  const at = (f: string): string => joinPath(path, f);
  if (typeof name !== "string" || name === "") {
    const found = name === undefined ? "missing" : `expected a non-empty string, found ${describeValue(name)}`;
    report(ctx, "error", at("name"), `${found}; run skipped`);
    return null;
  }
  const tag = ` (run ${JSON.stringify(name)})`;
  const createdRaw = own(raw, "createdAt");
  if (createdRaw === undefined || createdRaw === null) {
    report(ctx, "error", at("createdAt"), `missing${tag}; run skipped`);
    return null;
  }
  const createdAt = readDate(createdRaw, at("createdAt"), ctx, `${tag}; run skipped`);
  if (createdAt === null) return null;

  const opt = (f: string): string | null => {
    const v = own(raw, f);
    if (v === undefined || v === null || typeof v === "string") return v ?? null;
    report(ctx, "error", at(f), `expected a string or null, found ${describeValue(v)}${tag}; field ignored`);
    return null;
  };
  const state = opt("state");
  if (state !== null && !KNOWN_STATES.has(state)) {
    report(ctx, "warning", at("state"), `unknown state ${describeValue(state)}${tag}; kept as written`);
  }
  const hbRaw = own(raw, "heartbeatAt");
  let heartbeatAt = createdAt;
  if (hbRaw !== undefined && hbRaw !== null) {
    heartbeatAt = readDate(hbRaw, at("heartbeatAt"), ctx, `${tag}; createdAt used instead`) ?? createdAt;
    if (heartbeatAt.ms < createdAt.ms) report(ctx, "warning", at("heartbeatAt"), `is before createdAt${tag}`);
  }
  const artifacts = (f: string): readonly ArtifactVersion[] => {
    const v = own(raw, f);
    if (v === undefined || v === null) return Object.freeze([]);
    if (!Array.isArray(v)) {
      report(ctx, "error", at(f), `expected a list of artifact versions, found ${describeValue(v)}${tag}; field ignored`);
      return Object.freeze([]);
    }
    const out: ArtifactVersion[] = [];
    v.forEach((a: unknown, i) => {
      const art = readArtifact(a, `${at(f)}[${i}]`, ctx, tag);
      if (art !== null) out.push(art);
    });
    return Object.freeze(out);
  };
  const losses = new LossLog(ctx, tag);
  // a run no deeper than this holds no config or summary value to cut (the run and the dict are two levels)
  const lazy: Laziness = !owned ? "no" : depth !== undefined && depth <= MAX_DATA_DEPTH + 1 ? "yes" : "if shallow";
  const extra = new Map<string, Value>();
  for (const k of Object.keys(raw)) if (!RUN_FIELDS.has(k)) extra.set(k, losses.convert(raw[k], at(k), 1));

  const run = new Run(
    name,
    opt("displayName"),
    opt("jobType"),
    state,
    createdAt,
    heartbeatAt,
    readUser(own(raw, "user"), at("user"), ctx, tag),
    readDict(own(raw, "config"), at("config"), losses, true, lazy),
    readDict(own(raw, "summary"), at("summary"), losses, false, lazy),
    readHistory(own(raw, "history"), at("history"), losses),
    artifacts("loggedArtifacts"),
    artifacts("usedArtifacts"),
    readStringList(own(raw, "tags"), at("tags"), ctx, tag),
    opt("group"),
    opt("sweep"),
    extra.size === 0 ? EMPTY_DICT : extra,
    runDetails(opt("id"), opt("project") ?? project.name ?? null, opt("entity") ?? project.entity ?? null, opt("notes"),
      readDict(own(raw, "metadata"), at("metadata"), losses, false, "no") as Dict),
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

  constructor(readonly ctx: IssueContext, readonly tag: string) {}

  /** `x` as a value sitting `depth` levels of dicts down in the run (1 for a config entry), losses reported at `path`. */
  convert(x: unknown, path: string, depth: number): Value {
    if (x === null || typeof x === "number" || typeof x === "string" || typeof x === "boolean") return x;
    return fromJson(x, { depth, onLoss: (l) => this.add(path, l) });
  }

  private add(path: string, l: DataLoss): void {
    if (l.severity === "error") this.worst = "error";
    if (++this.count <= MAX_LOSSES) report(this.ctx, l.severity, path + l.path, `${l.text}${this.tag}`);
  }

  finish(): void {
    const more = this.count - MAX_LOSSES;
    if (more > 0) report(this.ctx, this.worst, "", `${more} more values cut or changed${this.tag}`);
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

function readDict(v: unknown, path: string, losses: LossLog, unwrap: boolean, lazy: Laziness): Dict | JsonDict {
  const { ctx, tag } = losses;
  if (v === undefined || v === null) return EMPTY_DICT;
  if (!isJsonObject(v)) {
    report(ctx, "error", path, `expected an object, found ${describeValue(v)}${tag}; field ignored`);
    return EMPTY_DICT;
  }
  if (lazy === "yes" || (lazy === "if shallow" && !nestsDeeper(v, MAX_DATA_DEPTH))) {
    return new JsonDict(v, unwrap ? configFromJson : summaryFromJson);
  }
  const m = new Map<string, Value>();
  for (const k of Object.keys(v)) {
    if (k === "_wandb") continue;
    const entry = v[k];
    m.set(k, losses.convert(unwrap && isConfigWrapper(entry) ? entry.value : entry, joinPath(path, k), 1));
  }
  return m;
}

/** A config of parsed JSON known to nest no deeper than MAX_DATA_DEPTH (see readDict). */
function configFromJson(v: Readonly<Record<string, unknown>>): Dict {
  const m = new Map<string, Value>();
  for (const k of Object.keys(v)) {
    if (k === "_wandb") continue;
    const entry = v[k];
    m.set(k, fromParsedJson(isConfigWrapper(entry) ? entry.value : entry));
  }
  return m;
}

/** A summary of parsed JSON known to nest no deeper than MAX_DATA_DEPTH (see readDict). */
function summaryFromJson(v: Readonly<Record<string, unknown>>): Dict {
  const m = new Map<string, Value>();
  for (const k of Object.keys(v)) if (k !== "_wandb") m.set(k, fromParsedJson(v[k]));
  return m;
}

function readUser(v: unknown, path: string, ctx: IssueContext, tag: string): User | null {
  if (v === undefined || v === null) return null;
  if (!isJsonObject(v)) {
    report(ctx, "error", path, `expected a user object, found ${describeValue(v)}${tag}; field ignored`);
    return null;
  }
  const username = own(v, "username");
  if (typeof username !== "string" || username === "") {
    const found = username === undefined ? "missing" : `expected a non-empty string, found ${describeValue(username)}`;
    report(ctx, "error", joinPath(path, "username"), `${found}${tag}; user ignored`);
    return null;
  }
  const field = (f: string): string | null => {
    const x = own(v, f);
    if (x === undefined || x === null || typeof x === "string") return x ?? null;
    report(ctx, "error", joinPath(path, f), `expected a string or null, found ${describeValue(x)}${tag}; field ignored`);
    return null;
  };
  for (const k of Object.keys(v)) {
    if (k !== "username" && k !== "name" && k !== "email") {
      report(ctx, "warning", joinPath(path, k), `unknown user field${tag}; not kept (a user has username, name, email)`);
    }
  }
  const name = field("name"), email = field("email");
  return users.get(internKey(username, name, email), () => new User(username, name, email));
}

/** The rows of a history, kept by column (see History). */
function readHistory(v: unknown, path: string, losses: LossLog): History {
  const { ctx, tag } = losses;
  // A cell of the i-th row given to History is a value one level inside row `index[i]` of the file.
  const cells = (index: readonly number[]) => (x: unknown, i: number, key: string): Value =>
    losses.convert(x, joinPath(`${path}[${index[i]}]`, key), 1);
  if (v === undefined || v === null) return History.EMPTY;
  if (!Array.isArray(v)) {
    report(ctx, "error", path, `expected a list of rows, found ${describeValue(v)}${tag}; field ignored`);
    return History.EMPTY;
  }
  const rows: Record<string, unknown>[] = [];
  const steps: number[] = [];
  let missingStep = -1;
  let sorted = true;
  for (let i = 0; i < v.length; i++) {
    const row: unknown = v[i];
    if (!isJsonObject(row)) {
      report(ctx, "error", `${path}[${i}]`, `expected an object, found ${describeValue(row)}${tag}; row ignored`);
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
    report(ctx, "warning", `${path}[${missingStep}]`, `row has no numeric _step${tag}; history kept in file order`);
    return History.fromJsonRows(rows, cells(rows.map((_, i) => i)));
  }
  if (sorted) return History.fromJsonRows(rows, cells(rows.map((_, i) => i)));
  // Stable: equal steps keep their file order.
  const order = rows.map((_, i) => i).sort((a, b) => (steps[a] as number) - (steps[b] as number) || a - b);
  return History.fromJsonRows(order.map((i) => rows[i]!), cells(order));
}
