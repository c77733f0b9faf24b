import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadRunsChunks, loadRunsDocument, RunsStreamLoader, serializeRunsDocument } from "@qel/ops";
import { filePieces, type FilePiece } from "./runs-file.js";

const dir = mkdtempSync(join(tmpdir(), "qel-runs-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const write = (bytes: Uint8Array | string, ext = "bin"): string => {
  const path = join(dir, `f${files++}.${ext}`);
  writeFileSync(path, bytes);
  return path;
};

async function collect(path: string, piece: number, chunk: number, reuse = false): Promise<FilePiece[]> {
  const out: FilePiece[] = [];
  // with `reuse`, each piece is copied in its turn of the loop, as a caller that keeps none reads it
  for await (const p of filePieces(path, piece, { chunk, reuse })) out.push(reuse ? { ...p, bytes: Buffer.from(p.bytes) } : p);
  return out;
}

describe("reading a file in pieces, the next read under way while a piece is handled", () => {
  it("gives the file's bytes in order, each read's last piece marked, pieces kept intact after later reads", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 800 }), async (bytes, chunk, piece) => {
        const pieces = await collect(write(bytes), piece, chunk, false);
        // the pieces are compared only after the whole file was read: a buffer reused by a later read would show
        expect(Buffer.concat(pieces.map((p) => p.bytes))).toEqual(Buffer.from(bytes));
        expect(pieces.every((p) => p.bytes.length > 0 && p.bytes.length <= Math.min(piece, chunk) && p.totalBytes === bytes.length)).toBe(true);
        expect(pieces.filter((p) => p.endOfRead).length).toBe(Math.ceil(bytes.length / chunk));
        expect(pieces.length === 0 || pieces[pieces.length - 1]!.endOfRead).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("gives the same pieces from two buffers taken in turn, each piece as it comes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 800 }), async (bytes, chunk, piece) => {
        const path = write(bytes);
        expect(await collect(path, piece, chunk, true)).toEqual(await collect(path, piece, chunk, false));
      }),
      { numRuns: 40 },
    );
  });

  it("reads into two buffers in turn with reuse, so a piece kept past its turn is overwritten", async () => {
    // reads bigger than Node's pool of small buffers, so each buffer is its own
    const path = write(Buffer.concat([Buffer.alloc(5000, 1), Buffer.alloc(5000, 2), Buffer.alloc(5000, 3)]));
    const kept: Uint8Array[] = [];
    for await (const p of filePieces(path, 5000, { chunk: 5000, reuse: true })) kept.push(p.bytes);
    expect(kept[2]!.buffer).toBe(kept[0]!.buffer);
    expect(kept[1]!.buffer).not.toBe(kept[0]!.buffer);
    expect([kept[0]![0], kept[1]![0], kept[2]![0]]).toEqual([3, 2, 3]);
  });

  it("loads runs whose config and summary are read after the buffers they came from were filled again", async () => {
    // runs of ~130 bytes, each inside one 4 KiB read: their dicts are built only after every read
    const items = Array.from({ length: 300 }, (_, i) => JSON.stringify({ name: `r${i}`, createdAt: "2026-01-02T03:04:05Z", config: { lr: i }, summary: { loss: i + 0.5 } }));
    for (const [text, ext] of [[items.join("\n"), "jsonl"], [`{"format":"qel-runs/1","runs":[\n${items.join(",\n")}\n]}`, "json"]] as const) {
      const fileName = write(text, ext);
      const loader = new RunsStreamLoader({ fileName });
      for await (const p of filePieces(fileName, 4096, { chunk: 4096, reuse: true })) loader.push(p.bytes);
      const runs = loader.end().runs;
      expect(runs.map((r) => [r.config.get("lr"), r.summary.get("loss")])).toEqual(items.map((_, i) => [i, i + 0.5]));
    }
  });

  it("closes the file when the loop is left with a read under way, and reads it again whole", async () => {
    const path = write(Buffer.alloc(10_000, 7));
    for await (const p of filePieces(path, 100, { chunk: 1000 })) {
      expect(p.bytes[0]).toBe(7);
      break;
    }
    expect((await collect(path, 1 << 20, 1 << 20)).map((p) => p.bytes.length)).toEqual([10_000]);
  });

  it("rejects a file that cannot be opened", async () => {
    await expect(collect(join(dir, "missing.json"), 10, 10)).rejects.toThrow(/ENOENT/);
  });

  it("loads the same runs and issues from pieces read ahead (into new buffers or two in turn) as from the whole text, cut anywhere", async () => {
    const text = fc.string({ unit: fc.constantFrom("a", "]", "[", "{", "}", ",", "\"", "\\", "\n", "é", "😀", " "), maxLength: 12 });
    const run = fc.record({ name: text, loss: fc.oneof(fc.double(), fc.constant(Number.NaN)), tag: text });
    await fc.assert(
      fc.asyncProperty(fc.array(run, { maxLength: 6 }), fc.boolean(), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.boolean(),
        async (runs, lines, chunk, piece, broken) => {
          const items = runs.map((r, i) => JSON.stringify({ name: `${r.name}${i}`, createdAt: "2026-01-02T03:04:05Z", config: { tag: r.tag }, summary: { loss: r.loss } }).replace("null}}", "NaN}}"));
          let source = lines ? items.join("\n") : `{"format":"qel-runs/1","project":{"name":"p"},"runs":[\n${items.join(",\n")}\n]}`;
          if (broken) source = source.slice(0, Math.floor(source.length / 2));
          const fileName = write(source, lines ? "jsonl" : "json");
          const loader = new RunsStreamLoader({ fileName });
          for await (const p of filePieces(fileName, piece, { chunk })) loader.push(p.bytes);
          const streamed = loader.end();
          // fed from two buffers taken in turn, a loader keeping config and summary as bytes or as parsed JSON
          for (const bytes of [true, false]) {
            const again = new RunsStreamLoader({ fileName }, { bytes });
            for await (const p of filePieces(fileName, piece, { chunk, reuse: true })) again.push(p.bytes);
            const reused = again.end();
            // the dicts are built from their kept bytes only now, after every read
            expect(serializeRunsDocument(reused.runs, reused.project)).toBe(serializeRunsDocument(streamed.runs, streamed.project));
            expect(reused.issues).toEqual(streamed.issues);
          }
          // the whole file as one chunk; a file that is not cut short also as the text loadRunsDocument reads
          const wholes = [loadRunsChunks([new TextEncoder().encode(source)], { fileName }), ...(broken ? [] : [loadRunsDocument(source, { fileName })])];
          for (const whole of wholes) {
            expect(serializeRunsDocument(streamed.runs, streamed.project)).toBe(serializeRunsDocument(whole.runs, whole.project));
            expect(streamed.issues).toEqual(whole.issues);
          }
          if (!broken) expect(streamed.runs.length).toBe(runs.length);
        }),
      { numRuns: 60 },
    );
  });
});
