/**
 * Writing `.wandb` transaction logs: the framing of wandb-log.ts and the Record fields of wandb-records.ts, in
 * reverse. Used to build test fixtures; produces what W&B's writer produces for the same records.
 */
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { BLOCK_SIZE, CHUNK_HEADER_SIZE, ChunkType, LOG_HEADER, chunkCrc } from "./wandb-log.js";

/**
 * Frames record payloads into a log: header, then each record as one FULL chunk when it fits the rest of the
 * block, else FIRST, MIDDLE…, LAST chunks (a FIRST chunk may be empty when exactly 7 bytes are left), with zero
 * padding at block ends.
 */
export function writeWandbLog(records: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.from(LOG_HEADER)];
  let size = LOG_HEADER.length;
  const push = (b: Uint8Array): void => {
    parts.push(b);
    size += b.length;
  };
  for (const rec of records) {
    let rest = rec;
    let first = true;
    for (;;) {
      let left = BLOCK_SIZE - (size % BLOCK_SIZE);
      if (left < CHUNK_HEADER_SIZE) {
        push(new Uint8Array(left));
        left = BLOCK_SIZE;
      }
      const room = left - CHUNK_HEADER_SIZE;
      const last = rest.length <= room;
      const type = first ? (last ? ChunkType.Full : ChunkType.First) : last ? ChunkType.Last : ChunkType.Middle;
      const data = rest.subarray(0, Math.min(room, rest.length));
      const header = new Uint8Array(CHUNK_HEADER_SIZE);
      const view = new DataView(header.buffer);
      view.setUint32(0, chunkCrc(type, data), true);
      view.setUint16(4, data.length, true);
      header[6] = type;
      push(header);
      push(data);
      if (last) break;
      rest = rest.subarray(room);
      first = false;
    }
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A config, summary or history item: a flat key, or a path (written as `nested_key`). */
export type ItemSpec = readonly [key: string | readonly string[], valueJson: string];

/** The RunRecord fields the writer can set; absent ones are not written. */
export interface RunSpec {
  runId: string;
  entity?: string;
  project?: string;
  group?: string;
  jobType?: string;
  displayName?: string;
  notes?: string;
  tags?: readonly string[];
  sweepId?: string;
  startSeconds?: number;
  config?: readonly ItemSpec[];
}


function items(w: BinaryWriter, field: number, list: readonly ItemSpec[]): void {
  for (const [key, json] of list) {
    w.tag(field, WireType.LengthDelimited).fork();
    if (typeof key === "string") w.tag(1, WireType.LengthDelimited).string(key);
    else for (const k of key) w.tag(2, WireType.LengthDelimited).string(k);
    w.tag(16, WireType.LengthDelimited).string(json);
    w.join();
  }
}

function str(w: BinaryWriter, field: number, s: string | undefined): void {
  if (s !== undefined) w.tag(field, WireType.LengthDelimited).string(s);
}

function timestamp(w: BinaryWriter, field: number, seconds: number | undefined): void {
  if (seconds === undefined) return;
  w.tag(field, WireType.LengthDelimited).fork();
  w.tag(1, WireType.Varint).int64(Math.floor(seconds));
  w.tag(2, WireType.Varint).int32(Math.round((seconds - Math.floor(seconds)) * 1e9));
  w.join();
}

/** Builders of Record payloads by kind; `Record.num` counts up from 1 for each builder set. */
export function createRecordWriter() {
  let num = 0;
  const record = (field: number, body: (w: BinaryWriter) => void): Uint8Array => {
    const w = new BinaryWriter();
    w.tag(1, WireType.Varint).int64(++num);
    w.tag(field, WireType.LengthDelimited).fork();
    body(w);
    w.join();
    return w.finish();
  };
  return {
    header: (): Uint8Array => record(21, () => undefined),
    run: (r: RunSpec): Uint8Array =>
      record(17, (w) => {
        str(w, 1, r.runId);
        str(w, 2, r.entity);
        str(w, 3, r.project);
        if (r.config !== undefined) {
          w.tag(4, WireType.LengthDelimited).fork();
          items(w, 1, r.config);
          w.join();
        }
        str(w, 6, r.group);
        str(w, 7, r.jobType);
        str(w, 8, r.displayName);
        str(w, 9, r.notes);
        for (const t of r.tags ?? []) str(w, 10, t);
        str(w, 12, r.sweepId);
        timestamp(w, 17, r.startSeconds);
      }),
    history: (list: readonly ItemSpec[], step?: number): Uint8Array =>
      record(2, (w) => {
        items(w, 1, list);
        if (step !== undefined) w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int64(step).join();
      }),
    summary: (update: readonly ItemSpec[], remove: readonly ItemSpec[] = []): Uint8Array =>
      record(3, (w) => {
        items(w, 1, update);
        items(w, 2, remove);
      }),
    config: (update: readonly ItemSpec[], remove: readonly ItemSpec[] = []): Uint8Array =>
      record(5, (w) => {
        items(w, 1, update);
        items(w, 2, remove);
      }),
    stats: (seconds: number): Uint8Array => record(7, (w) => timestamp(w, 2, seconds)),
    exit: (exitCode: number, runtime: number): Uint8Array =>
      record(18, (w) => {
        if (exitCode !== 0) w.tag(1, WireType.Varint).int32(exitCode);
        w.tag(2, WireType.Varint).int32(runtime);
      }),
    artifact: (name: string, type: string, aliases: readonly string[]): Uint8Array =>
      record(8, (w) => {
        str(w, 4, type);
        str(w, 5, name);
        for (const a of aliases) str(w, 11, a);
      }),
    useArtifact: (name: string, type: string): Uint8Array =>
      record(25, (w) => {
        str(w, 2, type);
        str(w, 3, name);
      }),
    environment: (env: { startSeconds?: number; username?: string; email?: string; host?: string }): Uint8Array =>
      record(26, (w) => {
        timestamp(w, 3, env.startSeconds);
        str(w, 10, env.email);
        str(w, 12, env.host);
        str(w, 13, env.username);
      }),
  };
}
