import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { loadRunsDocument, stringifyJsonLenient } from "@qel/ops";
import { exportCommand } from "./export.js";
import { loadRunsFromPath } from "../loaders/load-path.js";
import type { Io } from "./io.js";

const dir = mkdtempSync(join(tmpdir(), "qel-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `qel export ARGS` in this process; resolves to what it wrote on stdout. */
async function exported(args: readonly string[]): Promise<string> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (c: Buffer) => chunks.push(c));
  const io: Io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {} };
  expect(await exportCommand(args, io)).toBe(0);
  return Buffer.concat(chunks).toString("utf8");
}

describe("qel export", () => {
  const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0));
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.boolean(), num, fc.string(),
      fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.string(), tie("v"), { maxKeys: 3 })),
  })).v;
  const row = fc.record({ _step: fc.integer({ min: 0, max: 30 }), loss: num, acc: num, "val/loss": num, media: value }, { requiredKeys: ["_step"] });
  const run = fc.record({
    name: fc.string({ minLength: 1 }),
    createdAt: fc.constantFrom("2026-01-02T03:04:05Z", "2025-12-31T23:59:59.123+05:30"),
    config: fc.dictionary(fc.string(), value, { maxKeys: 4 }),
    summary: fc.dictionary(fc.string(), value, { maxKeys: 3 }),
    history: fc.array(row, { maxLength: 6 }),
    tags: fc.array(fc.string(), { maxLength: 2 }),
  }, { requiredKeys: ["name", "createdAt"] });

  it("writes runs that load equal to the ones it read, as a document and as JSON Lines", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(run, { maxLength: 4 }), fc.boolean(), async (runs, jsonl) => {
        const file = join(dir, `in-${n++}.json`);
        writeFileSync(file, stringifyJsonLenient({ format: "qel-runs/1", project: { entity: "e", name: "p" }, runs }));
        const first = loadRunsDocument(readFileSync(file, "utf8"), { fileName: file });
        const text = await exported(["--runs", file, ...(jsonl ? ["--jsonl"] : [])]);
        const out = join(dir, `out-${n}.${jsonl ? "jsonl" : "json"}`);
        writeFileSync(out, text);
        const again = await loadRunsFromPath(out);
        expect(again.issues.filter((i) => i.severity === "error")).toEqual([]);
        expect(again.runs).toEqual(first.runs);
        if (!jsonl) expect(again.project).toEqual(first.project);
      }),
      { numRuns: 40 },
    );
  });

  it("writes NaN and Infinity as bare tokens, as W&B does", async () => {
    const file = join(dir, "nan.json");
    writeFileSync(file, `[{"name":"a","createdAt":"2026-01-02T03:04:05Z","summary":{"loss":NaN,"best":-Infinity},"history":[{"_step":0,"x":Infinity}]}]`);
    const text = await exported(["--runs", file, "--jsonl"]);
    expect(text).toBe(`{"name":"a","createdAt":"2026-01-02T03:04:05.000Z","heartbeatAt":"2026-01-02T03:04:05.000Z","config":{},"summary":{"loss":NaN,"best":-Infinity},"history":[{"_step":0,"x":Infinity}]}\n`);
  });
});
