import fc from "fast-check";
import { describe, expect, it, test } from "vitest";
import { BLOCK_SIZE, LOG_HEADER, chunkCrc, readWandbLog } from "./wandb-log.js";
import { writeWandbLog } from "./wandb-log-writer.js";

const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const payloads = (file: Uint8Array) => readWandbLog(file).payloads.map((p) => p.data);
/** Byte arrays as short comparable strings; deep equality over large arrays is slow. */
const sig = (list: readonly Uint8Array[]): string[] => list.map((b) => `${b.length}:${chunkCrc(0, b)}`);

describe("chunkCrc", () => {
  it("is zlib's crc32 over the type byte then the data", () => {
    // The CRC-32 check value: crc32("123456789") is 0xcbf43926.
    expect(chunkCrc(0x31, new TextEncoder().encode("23456789"))).toBe(0xcbf43926);
  });
});

describe("readWandbLog", () => {
  test.for([
    ["empty", new Uint8Array(0), "not a W&B transaction log (no :W&B header)"],
    ["too short", LOG_HEADER.slice(0, 5), "not a W&B transaction log (no :W&B header)"],
    ["another magic", Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbf, 0), "not a W&B transaction log (no :W&B header)"],
    ["version 1", Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 1), "unsupported log version 1 (only 0 is known)"],
  ] as const)("rejects a bad header: %s", ([, file, message]) => {
    expect(readWandbLog(file)).toEqual({ payloads: [], problems: [{ offset: expect.any(Number), message }], complete: false });
  });

  it("reads a header-only file as a complete empty log", () => {
    expect(readWandbLog(Uint8Array.from(LOG_HEADER))).toEqual({ payloads: [], problems: [], complete: true });
  });

  it("reads back what the writer frames, across blocks, padding and empty FIRST chunks", () => {
    const size = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: BLOCK_SIZE - 40, max: 3 * BLOCK_SIZE }));
    fc.assert(
      fc.property(fc.array(size, { maxLength: 8 }), (sizes) => {
        const recs = sizes.map((n, i) => bytes(n, i));
        const r = readWandbLog(writeWandbLog(recs));
        expect(r.problems).toEqual([]);
        expect(r.complete).toBe(true);
        expect(sig(r.payloads.map((p) => p.data))).toEqual(sig(recs));
      }),
      { numRuns: 60 },
    );
  });

  it("handles a FIRST chunk of length 0 when exactly 7 bytes are left in a block", () => {
    // header 7 + chunk header 7 + n leaves 7 bytes: n = BLOCK_SIZE - 21.
    const recs = [bytes(BLOCK_SIZE - 21), bytes(100, 2)];
    const file = writeWandbLog(recs);
    expect(file[BLOCK_SIZE - 1]).toBe(2); // the type byte of the empty FIRST chunk
    expect(sig(payloads(file))).toEqual(sig(recs));
  });

  it("keeps every record before a cut and reports the cut, at any offset", () => {
    const recs = [bytes(50), bytes(BLOCK_SIZE + 100, 2), bytes(10, 3), bytes(3000, 4)];
    const file = writeWandbLog(recs);
    fc.assert(
      fc.property(fc.integer({ min: LOG_HEADER.length, max: file.length - 1 }), (cut) => {
        const r = readWandbLog(file.subarray(0, cut));
        const got = r.payloads.map((p) => p.data);
        expect(sig(got)).toEqual(sig(recs.slice(0, got.length)));
        expect(r.complete || r.problems.length > 0).toBe(true);
        if (!r.complete) expect(r.problems.at(-1)?.message).toMatch(/^file ends inside a record at byte \d+/);
      }),
    );
  });

  it("skips a damaged block and resumes with the next record that starts later", () => {
    const recs = [bytes(100), bytes(200, 2), bytes(BLOCK_SIZE, 3), bytes(40, 4)];
    const file = writeWandbLog(recs);
    file[24] = (file[24] as number) ^ 0xff; // inside the first record's data
    const r = readWandbLog(file);
    expect(r.problems).toEqual([{ offset: 7, message: "checksum mismatch in chunk at byte 7; skipped to the next block" }]);
    // Records 1 and 2 began in block 0 and are lost; record 3 starts in block 1.
    expect(sig(r.payloads.map((p) => p.data))).toEqual(sig(recs.slice(3)));
  });

  test.for([
    ["type 9", (f: Uint8Array): void => f.set([9], 13), "bad chunk type 9 at byte 7; skipped to the next block"],
    ["length beyond the block", (f: Uint8Array): void => f.set([0xff, 0xff], 11), "chunk at byte 7 claims 65535 bytes, more than its block holds; skipped to the next block"],
  ] as const)("reports a corrupt chunk header: %s", ([, damage, message]) => {
    const file = writeWandbLog([bytes(10)]);
    damage(file);
    expect(readWandbLog(file).problems).toEqual([{ offset: 7, message }]);
  });

  it("skips zeroed regions silently", () => {
    const file = new Uint8Array(BLOCK_SIZE * 2);
    file.set(LOG_HEADER);
    file.set(writeWandbLog([bytes(20)]).subarray(7), BLOCK_SIZE);
    expect(readWandbLog(file)).toMatchObject({ problems: [], complete: true });
    expect(payloads(file)).toEqual([bytes(20)]);
  });

  it("never throws on arbitrary bytes after a valid header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (tail) => {
        const file = new Uint8Array(7 + tail.length);
        file.set(LOG_HEADER);
        file.set(tail, 7);
        const r = readWandbLog(file);
        expect(r.payloads.length + r.problems.length).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
