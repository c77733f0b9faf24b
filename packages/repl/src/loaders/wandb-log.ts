/**
 * The framing of W&B's `.wandb` transaction log: a 7-byte header, then a LevelDB-style log of 32 KiB blocks whose
 * chunks carry an unmasked CRC-32/IEEE over (type byte ‖ data).
 * Protobuf decoding of the payloads is in wandb-records.ts.
 */

/** Size of a log block; blocks are counted from file offset 0, so the header sits inside block 0. */
export const BLOCK_SIZE = 32768;
/** crc u32 LE, length u16 LE, type u8. */
export const CHUNK_HEADER_SIZE = 7;
/** `:W&B`, magic 0xBEE1 (LE), version 0. */
export const LOG_HEADER: Readonly<Uint8Array> = Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00);

/** Chunk types: a whole record, or the first, a middle or the last piece of one. */
export const ChunkType = { Full: 1, First: 2, Middle: 3, Last: 4 } as const;

/** One reassembled record payload and the file offset of its first chunk header. */
export interface LogPayload {
  readonly offset: number;
  readonly data: Uint8Array;
}

/** Something wrong in the framing, at a byte offset. */
export interface LogProblem {
  readonly offset: number;
  readonly message: string;
}

export interface LogReadResult {
  readonly payloads: LogPayload[];
  readonly problems: LogProblem[];
  /** False when the file ends inside a chunk or a multi-chunk record (copied while the run was writing). */
  readonly complete: boolean;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32/IEEE (zlib's crc32) of `type` followed by `data`, as the log stores it. */
export function chunkCrc(type: number, data: Uint8Array): number {
  let c = (CRC_TABLE[(0xffffffff ^ type) & 0xff] as number) ^ (0xffffffff >>> 8);
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Splits a `.wandb` file into record payloads. Never throws. A bad header gives no payloads and one problem.
 * A chunk with a wrong checksum or type, or a continuation chunk without a start, is reported and skipped:
 * reading resumes at the next block boundary with the next record that starts there (as the Go reader's
 * `Recover` does). An all-zero chunk header marks a zeroed region and skips to the next block silently. A file
 * that ends inside a chunk or record keeps every payload before it and is reported as incomplete.
 */
export function readWandbLog(bytes: Uint8Array): LogReadResult {
  const payloads: LogPayload[] = [];
  const problems: LogProblem[] = [];
  if (bytes.length < LOG_HEADER.length || [0, 1, 2, 3, 4, 5].some((i) => bytes[i] !== LOG_HEADER[i])) {
    problems.push({ offset: 0, message: "not a W&B transaction log (no :W&B header)" });
    return { payloads, problems, complete: false };
  }
  if (bytes[6] !== 0) {
    problems.push({ offset: 6, message: `unsupported log version ${String(bytes[6])} (only 0 is known)` });
    return { payloads, problems, complete: false };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = LOG_HEADER.length;
  let parts: Uint8Array[] | null = null; // chunks of a record begun by a FIRST chunk
  let partsOffset = 0;
  let resyncing = false; // after damage: skip continuation chunks until a FULL or FIRST
  const nextBlock = (at: number): number => at + (BLOCK_SIZE - (at % BLOCK_SIZE));
  const damaged = (offset: number, message: string): void => {
    problems.push({ offset, message: `${message}; skipped to the next block` });
    parts = null;
    resyncing = true;
    p = nextBlock(offset);
  };

  while (p < bytes.length) {
    const left = BLOCK_SIZE - (p % BLOCK_SIZE);
    if (left < CHUNK_HEADER_SIZE) {
      p += left; // trailer padding
      continue;
    }
    if (p + CHUNK_HEADER_SIZE > bytes.length) break;
    const crc = view.getUint32(p, true);
    const length = view.getUint16(p + 4, true);
    const type = bytes[p + 6] as number;
    if (crc === 0 && length === 0 && type === 0) {
      p = nextBlock(p);
      continue;
    }
    if (type < ChunkType.Full || type > ChunkType.Last) {
      damaged(p, `bad chunk type ${type} at byte ${p}`);
      continue;
    }
    if (length > left - CHUNK_HEADER_SIZE) {
      damaged(p, `chunk at byte ${p} claims ${length} bytes, more than its block holds`);
      continue;
    }
    const start = p + CHUNK_HEADER_SIZE;
    if (start + length > bytes.length) break;
    const data = bytes.subarray(start, start + length);
    if (chunkCrc(type, data) !== crc) {
      damaged(p, `checksum mismatch in chunk at byte ${p}`);
      continue;
    }
    const at = p;
    p = start + length;
    if (resyncing && (type === ChunkType.Middle || type === ChunkType.Last)) continue;
    resyncing = false;
    if (type === ChunkType.Full || type === ChunkType.First) {
      if (parts !== null) problems.push({ offset: partsOffset, message: `record at byte ${partsOffset} never finished; skipped` });
      if (type === ChunkType.Full) {
        parts = null;
        payloads.push({ offset: at, data });
      } else {
        parts = [data];
        partsOffset = at;
      }
    } else if (parts === null) {
      problems.push({ offset: at, message: `continuation chunk at byte ${at} without a start; skipped` });
    } else {
      parts.push(data);
      if (type === ChunkType.Last) {
        payloads.push({ offset: partsOffset, data: concat(parts) });
        parts = null;
      }
    }
  }
  const cutAt = p < bytes.length ? p : parts !== null ? partsOffset : -1;
  if (cutAt >= 0) {
    problems.push({ offset: cutAt, message: `file ends inside a record at byte ${cutAt} (copied while the run was writing?); the rest is missing` });
  }
  return { payloads, problems, complete: cutAt < 0 };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const x of parts) n += x.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}
