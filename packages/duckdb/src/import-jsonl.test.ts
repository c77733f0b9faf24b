/**
 * A JSON Lines file imported on worker threads gives the database and the issues that reading it on one thread
 * gives (RunsStreamLoader fed as the runs-file loader feeds it, then importRunBatches): every table row for row in
 * the order it was written, the schema, the users, and the issues in order with their lines and run paths.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { RunsStreamLoader, type LoadIssue } from "@qel/ops";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { importJsonLinesFile, importRunBatches } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "qel-import-jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BOM = [0xef, 0xbb, 0xbf];
const run = (name: string, more: Record<string, unknown> = {}): string => JSON.stringify({ name, createdAt: "2026-01-02T03:04:05Z", ...more });

/** Lines of every kind the loader treats apart; each an array of bytes without its line break. */
const KINDS: Record<string, () => number[]> = {
  plain: () => [...utf8(run("plain", { jobType: "train", config: { lr: 0.1 }, summary: { acc: 0.5 } }))],
  unicode: () => [...utf8(run("é日本😀", { user: { username: "ünï", name: "Zoë", email: "z@e.x" }, config: { "κλειδί": "значение 😀", "a/b.c": [1, "ß"] }, summary: { "🎯": 1 } }))],
  history: () => [...utf8(run("hist", { history: [{ _step: 0, loss: 1, note: "ñ" }, { _step: 1, loss: 0.5 }, { loss: 0.25 }], loggedArtifacts: [{ name: "m", version: 1, aliases: [], type: "model" }], tags: ["t"] }))],
  wrapped: () => [...utf8(run("wrapped", { config: { w: { value: { value: 3, desc: "d" } }, plain: { value: 1, desc: "x" } } }))],
  nonFinite: () => [...utf8(`{"name":"nan","createdAt":"2026-01-01T00:00:00Z","summary":{"x":NaN,"y":-Infinity,"z":-0}}`)],
  same: () => [...utf8(run("twice"))],
  long: () => [...utf8(run("long", { config: { pad: "ü".repeat(700) + "x".repeat(900) } }))],
  badJson: () => [...utf8(`{"name": "broken", `)],
  badDate: () => [...utf8(run("late", { createdAt: "yesterday" }))],
  notObject: () => [...utf8("[1, 2]")],
  duplicateKey: () => [...utf8(`{"name":"dup","createdAt":"2026-01-01T00:00:00Z","config":{"k":1,"k":2}}`)],
  blank: () => [],
  spaces: () => [...utf8("  \t ")],
  crlf: () => [...utf8(run("crlf")), 0x0d],
  loneCr: () => [...utf8(run("cr-a")), 0x0d, ...utf8(run("cr-b"))],
  notUtf8: () => [...utf8(`{"name":"bad bytes `), 0xff, 0xfe, ...utf8(`","createdAt":"2026-01-01T00:00:00Z"}`)],
  bomInside: () => [...BOM, ...utf8(run("bom"))],
  surrogate: () => [...utf8(`{"name":"lone \\ud800","createdAt":"2026-01-01T00:00:00Z","config":{"s":"\\udc00"}}`)],
  mixed: () => [...utf8(run("mixed", { config: { lr: "fast", nested: { a: 1, l: [1, "x"] } }, summary: { acc: "n/a" }, history: [{ _step: 0, loss: "x", nested: 1 }] }))],
  mixedAgain: () => [...utf8(run("mixed-again", { config: { lr: null, nested: { b: [true], l: [] } }, summary: { acc: [0.1] }, history: [{ _step: 0, loss: 2 }] }))],
};

function fileOf(kinds: readonly string[], options: { bom?: boolean; trailingNewline?: boolean } = {}): Uint8Array {
  const bytes: number[] = options.bom === true ? [...BOM] : [];
  kinds.forEach((k, i) => {
    bytes.push(...KINDS[k]!());
    if (i < kinds.length - 1 || options.trailingNewline !== false) bytes.push(0x0a);
  });
  return Uint8Array.from(bytes);
}

let files = 0;
function write(bytes: Uint8Array): string {
  const path = join(dir, `runs-${files++}.jsonl`);
  writeFileSync(path, bytes);
  return path;
}

/** Every table's rows in the order they were written, as text (NaN and -0 told apart). */
async function dump(conn: DuckDBConnection): Promise<string> {
  const out: string[] = [];
  for (const t of ["runs", "history", "users", "artifacts", "qel_meta"]) {
    const rows = (await conn.runAndReadAll(`SELECT * FROM ${t} ORDER BY rowid`)).getRowsJS();
    out.push(`${t}: ${JSON.stringify(rows, (_, v: unknown) => (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? `number ${Object.is(v, -0) ? "-0" : v}` : typeof v === "bigint" ? `${v}n` : v))}`);
  }
  return out.join("\n");
}

async function memory(): Promise<DuckDBConnection> {
  return (await DuckDBInstance.create(":memory:")).connect();
}

/** The file read on this thread in `chunk`-byte pieces (as the runs-file loader reads it) and imported. */
async function oneThread(bytes: Uint8Array, path: string, chunk = 1 << 22): Promise<{ db: string; issues: LoadIssue[] }> {
  const conn = await memory();
  const loader = new RunsStreamLoader({ fileName: path });
  const batches = function* () {
    for (let i = 0; i < bytes.length; i += chunk) {
      loader.push(bytes.slice(i, i + chunk));
      yield loader.drain();
    }
  };
  await importRunBatches(conn, batches());
  const end = loader.end();
  // the test files end with a line break, so no run is left for the end
  expect(end.runs).toEqual([]);
  return { db: await dump(conn), issues: end.issues };
}

async function parallel(path: string, workers: number, chunkBytes: number): Promise<{ db: string; issues: LoadIssue[] }> {
  const conn = await memory();
  const r = await importJsonLinesFile(conn, path, { workers, chunkBytes });
  return { db: await dump(conn), issues: r.issues };
}

/** Whether some read of `chunk` bytes ends inside a multi-byte UTF-8 character. */
const cutsACharacter = (bytes: Uint8Array, chunk: number): boolean => {
  for (let at = chunk; at < bytes.length; at += chunk) if ((bytes[at]! & 0xc0) === 0x80) return true;
  return false;
};

const ALL = Object.keys(KINDS);

describe("a JSON Lines import on worker threads", () => {
  const kinds = [...ALL, ...ALL.slice().reverse(), "same", "long", "unicode"];
  const bytes = fileOf(kinds, { bom: true });
  const path = write(bytes);

  it("writes the database and finds the issues that one thread does, wherever the parts are cut", async () => {
    const expected = await oneThread(bytes, path);
    expect(expected.issues.length).toBeGreaterThan(8);
    expect(expected.db).toContain("cr-b");
    // 61 bytes: reads end inside multi-byte characters, and the long line spans dozens of reads
    expect(cutsACharacter(bytes, 61)).toBe(true);
    expect(KINDS.long!().length).toBeGreaterThan(20 * 61);
    for (const [workers, chunk] of [[2, 61], [3, 997], [1, 1 << 20]] as const) {
      const got = await parallel(path, workers, chunk);
      expect(got.issues, `${workers} workers, ${chunk}-byte reads`).toEqual(expected.issues);
      expect(got.db, `${workers} workers, ${chunk}-byte reads`).toBe(expected.db);
    }
  }, 60_000);

  it("numbers the issues of later parts by the lines and runs before them", async () => {
    const got = await parallel(path, 2, 61);
    const late = got.issues.filter((i) => i.message.includes('"yesterday"'));
    // the ninth line, the ninth entry; the second after a lone `\r` made two lines of one, and blank lines
    expect(kinds.indexOf("badDate")).toBe(8);
    expect(late.map((i) => [i.line, i.path])).toEqual([
      [9, "runs[8].createdAt"],
      [kinds.lastIndexOf("badDate") + 1 + 2, `runs[${kinds.lastIndexOf("badDate") + 2 - 4}].createdAt`],
    ]);
    // bytes that are not UTF-8 are reported once, at the first line holding some
    expect(got.issues.filter((i) => i.message.includes("not UTF-8")).map((i) => i.line)).toEqual([kinds.indexOf("notUtf8") + 1 + 1]);
  }, 60_000);

  it("refuses a file it cannot read, leaving no worker behind", async () => {
    const conn = await memory();
    await expect(importJsonLinesFile(conn, join(dir, "missing.jsonl"), { workers: 2 })).rejects.toThrow(/ENOENT/);
  });

  it("gives one thread's database and issues for any lines and any cut (property, parts read on this thread)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...ALL), { minLength: 0, maxLength: 14 }),
        fc.integer({ min: 1, max: 400 }),
        fc.boolean(),
        async (lines, chunk, bom) => {
          const bytes = fileOf(lines, { bom });
          const path = write(bytes);
          const expected = await oneThread(bytes, path, 1 + (chunk % 50));
          const got = await parallel(path, 0, chunk);
          expect(got.issues).toEqual(expected.issues);
          expect(got.db).toBe(expected.db);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
