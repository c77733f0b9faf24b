import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { lineParts } from "./line-parts.js";

const dir = mkdtempSync(join(tmpdir(), "qel-line-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The parts of `bytes` read through lineParts, each copied; `recycle` hands each part's buffer back once copied. */
async function parts(bytes: Uint8Array, partBytes: number, recycle: boolean): Promise<Uint8Array[]> {
  const file = join(dir, "f.jsonl");
  writeFileSync(file, bytes);
  const spare: ArrayBuffer[] = [];
  const out: Uint8Array[] = [];
  for await (const p of lineParts(file, partBytes, undefined, spare)) {
    out.push(p.slice());
    if (recycle) spare.push(p.buffer as ArrayBuffer);
  }
  return out;
}

describe("lineParts", () => {
  it("cuts the file at line ends alike whether or not the parts' buffers are read into again (property)", async () => {
    const line = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ minLength: 40, maxLength: 200 })).map((s) => s.replace(/\n/g, " "));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 16, max: 128 }), async (lines, lastBreak, partBytes) => {
        const text = lines.join("\n") + (lastBreak && lines.length > 0 ? "\n" : "");
        const bytes = new TextEncoder().encode(text);
        const fresh = await parts(bytes, partBytes, false);
        const recycled = await parts(bytes, partBytes, true);
        expect(recycled).toEqual(fresh);
        // the parts are the file, each but the last ending at a line break
        expect(Buffer.concat(recycled).equals(Buffer.from(bytes))).toBe(true);
        for (const p of recycled.slice(0, -1)) expect(p[p.length - 1]).toBe(10);
      }),
      { numRuns: 100 },
    );
  });
});
