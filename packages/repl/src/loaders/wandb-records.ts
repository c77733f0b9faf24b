/**
 * Decoding of the `wandb_internal.Record` protobuf messages in a `.wandb` log, limited to what a run loader needs.
 * Field numbers are those of W&B's protobuf records; every other field is skipped, so records of
 * newer clients still decode.
 */
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/** A config, summary or history item: a key path (one element for a flat key) and its value as JSON text. */
export interface LogItem {
  readonly path: readonly string[];
  readonly valueJson: string;
}

/** The RunRecord fields a loader uses; empty strings where the record has none (protobuf's default). */
export interface RunInfo {
  runId: string;
  entity: string;
  project: string;
  group: string;
  jobType: string;
  displayName: string;
  notes: string;
  tags: string[];
  sweepId: string;
  host: string;
  gitRemote: string;
  gitCommit: string;
  startMs: number | null;
  config: LogItem[];
  summary: LogItem[];
}

/** The EnvironmentRecord fields a loader uses (0.22+; the content of `wandb-metadata.json`). */
export interface EnvironmentInfo {
  startMs: number | null;
  username: string;
  email: string;
  host: string;
  program: string;
  os: string;
  python: string;
  executable: string;
  args: string[];
  gpu: string;
  gpuCount: number | null;
  cpuCount: number | null;
  gitRemote: string;
  gitCommit: string;
}

/** GitRepoRecord (RunRecord field 21, EnvironmentRecord field 9): 1 remote_url, 2 commit. */
function git(bytes: Uint8Array): { remote: string; commit: string } {
  const out = { remote: "", commit: "" };
  walk(bytes, (f, w, r) => {
    if (w !== LEN || (f !== 1 && f !== 2)) return false;
    out[f === 1 ? "remote" : "commit"] = r.string();
    return true;
  });
  return out;
}

/** The records a loader uses; anything else is `{ kind: "other" }`. */
export type LogRecord =
  | { readonly kind: "run"; readonly run: RunInfo }
  | { readonly kind: "history"; readonly items: LogItem[]; readonly step: number | null }
  | { readonly kind: "summary" | "config"; readonly update: LogItem[]; readonly remove: LogItem[] }
  | { readonly kind: "exit"; readonly exitCode: number; readonly runtime: number | null }
  | { readonly kind: "artifact"; readonly name: string; readonly type: string; readonly aliases: string[]; readonly digest: string }
  | { readonly kind: "useArtifact"; readonly name: string; readonly type: string }
  | { readonly kind: "environment"; readonly env: EnvironmentInfo }
  /** Stats and console output: only their time is used, as evidence of when the run was last alive. */
  | { readonly kind: "activity"; readonly ms: number | null }
  | { readonly kind: "other" };

type FieldHandler = (field: number, wire: WireType, r: BinaryReader) => boolean;

/** Walks the fields of one message; `on` returns false for a field it did not consume, which is then skipped. */
function walk(bytes: Uint8Array, on: FieldHandler): void {
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (!on(field, wire, r)) r.skip(wire, field);
  }
}

const LEN = WireType.LengthDelimited;
const VARINT = WireType.Varint;

function int64(r: BinaryReader): number {
  return Number(r.int64());
}

function timestampMs(bytes: Uint8Array): number | null {
  let seconds: number | null = null;
  let nanos = 0;
  walk(bytes, (f, w, r) => {
    if (f === 1 && w === VARINT) seconds = int64(r);
    else if (f === 2 && w === VARINT) nanos = r.int32();
    else return false;
    return true;
  });
  return seconds === null ? null : seconds * 1000 + Math.floor(nanos / 1e6);
}

function item(bytes: Uint8Array): LogItem {
  let key = "";
  const nested: string[] = [];
  let valueJson = "";
  walk(bytes, (f, w, r) => {
    if (w !== LEN) return false;
    if (f === 1) key = r.string();
    else if (f === 2) nested.push(r.string());
    else if (f === 16) valueJson = r.string();
    else return false;
    return true;
  });
  return { path: nested.length > 0 ? nested : [key], valueJson };
}

/** ConfigRecord and SummaryRecord share their layout: 1 update, 2 remove. */
function updates(bytes: Uint8Array): { update: LogItem[]; remove: LogItem[] } {
  const update: LogItem[] = [];
  const remove: LogItem[] = [];
  walk(bytes, (f, w, r) => {
    if (w !== LEN || (f !== 1 && f !== 2)) return false;
    (f === 1 ? update : remove).push(item(r.bytes()));
    return true;
  });
  return { update, remove };
}

function runRecord(bytes: Uint8Array): RunInfo {
  const run: RunInfo = {
    runId: "", entity: "", project: "", group: "", jobType: "", displayName: "", notes: "", tags: [], sweepId: "",
    host: "", gitRemote: "", gitCommit: "", startMs: null, config: [], summary: [],
  };
  const strings: Partial<Record<number, "runId" | "entity" | "project" | "group" | "jobType" | "displayName" | "notes" | "sweepId" | "host">> = {
    1: "runId", 2: "entity", 3: "project", 6: "group", 7: "jobType", 8: "displayName", 9: "notes", 12: "sweepId", 13: "host",
  };
  walk(bytes, (f, w, r) => {
    if (w !== LEN) return false;
    const name = strings[f];
    if (name !== undefined) run[name] = r.string();
    else if (f === 10) run.tags.push(r.string());
    else if (f === 4) run.config = updates(r.bytes()).update;
    else if (f === 5) run.summary = updates(r.bytes()).update;
    else if (f === 17) run.startMs = timestampMs(r.bytes());
    else if (f === 21) ({ remote: run.gitRemote, commit: run.gitCommit } = git(r.bytes()));
    else return false;
    return true;
  });
  return run;
}

function history(bytes: Uint8Array): LogRecord {
  const items: LogItem[] = [];
  let step: number | null = null;
  walk(bytes, (f, w, r) => {
    if (w !== LEN) return false;
    if (f === 1) items.push(item(r.bytes()));
    else if (f === 2) {
      walk(r.bytes(), (sf, sw, sr) => {
        if (sf !== 1 || sw !== VARINT) return false;
        step = int64(sr);
        return true;
      });
    } else return false;
    return true;
  });
  return { kind: "history", items, step };
}

function exit(bytes: Uint8Array): LogRecord {
  let exitCode = 0;
  let runtime: number | null = null;
  walk(bytes, (f, w, r) => {
    if (w !== VARINT) return false;
    if (f === 1) exitCode = r.int32();
    else if (f === 2) runtime = r.int32();
    else return false;
    return true;
  });
  return { kind: "exit", exitCode, runtime };
}

function artifact(bytes: Uint8Array): LogRecord {
  let name = "";
  let type = "";
  let digest = "";
  const aliases: string[] = [];
  walk(bytes, (f, w, r) => {
    if (w !== LEN) return false;
    if (f === 4) type = r.string();
    else if (f === 5) name = r.string();
    else if (f === 6) digest = r.string();
    else if (f === 11) aliases.push(r.string());
    else return false;
    return true;
  });
  return { kind: "artifact", name, type, aliases, digest };
}

function useArtifact(bytes: Uint8Array): LogRecord {
  let name = "";
  let type = "";
  walk(bytes, (f, w, r) => {
    if (w !== LEN) return false;
    if (f === 2) type = r.string();
    else if (f === 3) name = r.string();
    else return false;
    return true;
  });
  return { kind: "useArtifact", name, type };
}

function environment(bytes: Uint8Array): LogRecord {
  const env: EnvironmentInfo = {
    startMs: null, username: "", email: "", host: "", program: "", os: "", python: "", executable: "", args: [], gpu: "",
    gpuCount: null, cpuCount: null, gitRemote: "", gitCommit: "",
  };
  walk(bytes, (f, w, r) => {
    if (w === VARINT && (f === 16 || f === 19)) {
      env[f === 16 ? "cpuCount" : "gpuCount"] = r.uint32();
      return true;
    }
    if (w !== LEN) return false;
    if (f === 1) env.os = r.string();
    else if (f === 2) env.python = r.string();
    else if (f === 5) env.args.push(r.string());
    else if (f === 9) ({ remote: env.gitRemote, commit: env.gitCommit } = git(r.bytes()));
    else if (f === 14) env.executable = r.string();
    else if (f === 18) env.gpu = r.string();
    else if (f === 3) env.startMs = timestampMs(r.bytes());
    else if (f === 6) env.program = r.string();
    else if (f === 10) env.email = r.string();
    else if (f === 12) env.host = r.string();
    else if (f === 13) env.username = r.string();
    else return false;
    return true;
  });
  return { kind: "environment", env };
}

/** StatsRecord, OutputRecord and OutputRawRecord all keep their Timestamp in field 2. */
function activity(bytes: Uint8Array): LogRecord {
  let ms: number | null = null;
  walk(bytes, (f, w, r) => {
    if (f !== 2 || w !== LEN) return false;
    ms = timestampMs(r.bytes());
    return true;
  });
  return { kind: "activity", ms };
}

const DECODERS: Partial<Record<number, (bytes: Uint8Array) => LogRecord>> = {
  2: history,
  3: (b) => ({ kind: "summary", ...updates(b) }),
  4: activity,
  5: (b) => ({ kind: "config", ...updates(b) }),
  7: activity,
  8: artifact,
  17: (b) => ({ kind: "run", run: runRecord(b) }),
  18: exit,
  25: useArtifact,
  13: activity,
  26: environment,
};

/**
 * Decodes one `wandb_internal.Record` payload. Throws (an Error from BinaryReader) only on malformed protobuf;
 * the caller reports that and goes on with the next record.
 */
export function decodeRecord(payload: Uint8Array): LogRecord {
  let out: LogRecord = { kind: "other" };
  walk(payload, (f, w, r) => {
    const decode = DECODERS[f];
    if (decode === undefined || w !== LEN) return false;
    out = decode(r.bytes());
    return true;
  });
  return out;
}
