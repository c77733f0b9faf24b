/**
 * The property behind hostile-data.test.ts: whatever random nested, very deep, aliased, shared or corrupt data one
 * run holds, in whichever file of whichever format, loading it next to five good runs throws nothing, keeps the
 * good runs with their values, answers a query over every run, and reports the bad run's problem as a load
 * issue naming its file (in a W&B folder the file the bad part was read from; in an MLflow folder, its run folder).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { evaluate } from "@qel/lang";
import { toJsonValue } from "@qel/ops";
import { loadRunsFromPath } from "./load-path.js";
import type { Run } from "@qel/ops";

const temp = mkdtempSync(join(tmpdir(), "qel-hostile-prop-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

// The run folders of hostile-data.test.ts (importing a test file would run its tests again).
/** Writes a run folder `run-<stamp>-<id>` under `dir`: metadata, config.yaml and wandb-summary.json. */
function writeRunFolder(dir: string, id: string, config?: string): string {
  const run = join(dir, `run-20260101_000000-${id}`);
  mkdirSync(join(run, "files"), { recursive: true });
  writeFileSync(join(run, "files", "wandb-metadata.json"), JSON.stringify({ startedAt: "2026-01-01T00:00:00", username: "ann" }));
  writeFileSync(join(run, "files", "config.yaml"), config ?? "wandb_version: 1\nlr:\n  value: 0.1\n");
  writeFileSync(join(run, "files", "wandb-summary.json"), JSON.stringify({ acc: 0.5, _timestamp: 1767229200 }));
  return run;
}

/** A fresh folder holding five good run folders (good0 … good4). */
function folderOfGoodRuns(): string {
  const dir = join(temp, `case-${++n}`, "wandb");
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 5; i++) writeRunFolder(dir, `good${i}`);
  return dir;
}

/** The five good runs are there with their values. */
function expectGoodRunsSurvive(runs: readonly Run[]): void {
  const good = runs.filter((r) => r.name.startsWith("good")).sort((a, b) => (a.name < b.name ? -1 : 1));
  expect(good.map((r) => [r.name, r.config.get("lr"), r.summary.get("acc")])).toEqual([0, 1, 2, 3, 4].map((i) => [`good${i}`, 0.1, 0.5]));
}

const KEYS = ["a", "b", "__proto__", "constructor", "toString", "value", "_wandb", "_step", "x.y", "é"] as const;

/** Random JSON-ready data, up to a few levels and a few elements per level. */
const data: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }), fc.constantFrom("\u0000", "\uD83D\uDE00", "<cut>")),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** JSON text of `x` wrapped in `levels` lists or objects. */
function nested(x: unknown, levels: number, object: boolean): string {
  const inner = JSON.stringify(x) ?? "null";
  return object ? '{"d":'.repeat(levels) + inner + "}".repeat(levels) : "[".repeat(levels) + inner + "]".repeat(levels);
}

/** Ways one JSON object's text goes bad, each of which must be reported. */
type JsonCorruption = { kind: "deep"; levels: number; object: boolean } | { kind: "repeated" } | { kind: "bytes" } | { kind: "truncated"; at: number };
const jsonCorruption: fc.Arbitrary<JsonCorruption> = fc.oneof(
  fc.record({ kind: fc.constant("deep" as const), levels: fc.integer({ min: 100, max: 5_000 }), object: fc.boolean() }),
  fc.record({ kind: fc.constant("repeated" as const) }),
  fc.record({ kind: fc.constant("bytes" as const) }),
  fc.record({ kind: fc.constant("truncated" as const), at: fc.nat() }),
);

/** The bytes of a JSON object holding `fields` (random data) and `x`, gone bad as `c` says. */
function badJsonObject(fields: Record<string, unknown>, x: unknown, c: JsonCorruption): Uint8Array {
  const body = JSON.stringify(fields).slice(1, -1);
  const sep = body === "" ? "" : ",";
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  switch (c.kind) {
    case "deep":
      return enc(`{${body}${sep}"hostile":${nested(x, c.levels, c.object)}}`);
    case "repeated":
      return enc(`{${body}${sep}"hostile":${JSON.stringify(x) ?? "null"},"hostile":1}`);
    case "bytes":
      return new Uint8Array([...enc(`{${body}${sep}"hostile":"`), 0xff, 0xc3, ...enc('"}')]);
    case "truncated": {
      const text = `{${body}${sep}"hostile":${JSON.stringify(x) ?? "null"}}`;
      return enc(text.slice(0, 1 + (c.at % (text.length - 1))));
    }
  }
}

/** YAML of a config whose value `x` (random data) is aliased: shared, inside itself, a bomb, a set or bytes. */
const badYaml: fc.Arbitrary<string> = fc.tuple(data, fc.constantFrom("self", "bomb", "set", "binary", "deep")).map(([x, kind]) => {
  const head = `wandb_version: 1\nrandom:\n  value: ${JSON.stringify(x) ?? "null"}\n`;
  switch (kind) {
    case "self":
      return `${head}hostile:\n  value: &a\n    self: *a\n    other: ${JSON.stringify(x) ?? "null"}\n`;
    case "bomb": {
      let y = `${head}hostile:\n  value:\n    a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n`;
      for (let i = 1; i < 8; i++) y += `    a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
      return y;
    }
    case "set":
      return `${head}hostile:\n  value: !!set\n    ? a\n    ? b\n`;
    case "binary":
      return `${head}hostile:\n  value: !!binary aGVsbG8=\n`;
    default:
      return `${head}hostile:\n  value: ${nested(x, 150, false)}\n`;
  }
});

const GOOD = [0, 1, 2, 3, 4].map((i) => ({ name: `good${i}`, createdAt: "2026-01-01T00:00:00Z", config: { lr: 0.1 }, summary: { acc: 0.5 } }));

/** Loads `path`, checks nothing was thrown, the good runs survived and answer a query, and some issue names `file`. */
async function expectContained(path: string, file: string): Promise<void> {
  const r = await loadRunsFromPath(path);
  expectGoodRunsSurvive(r.runs);
  const answer = evaluate("runs.map(r => [r.name, r.config, r.summary, r.history.count])", { runs: r.runs }, { timeoutMs: Infinity });
  expect(() => toJsonValue(answer)).not.toThrow();
  expect(r.issues.map((i) => i.message)).toContainEqual(expect.stringContaining(file));
}

function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const fresh = (): string => {
  const dir = join(temp, `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

// Each case writes files and loads them; a few dozen per loader keep the whole file well under 30 s.
const RUNS = { numRuns: 25 };

describe("hostile data in any loader never crashes a load or harms the good runs", () => {
  test("W&B run folder: wandb-summary.json, wandb-metadata.json or a history line gone bad", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("wandb-summary.json", "wandb-metadata.json", "wandb-history.jsonl"), fc.dictionary(fc.constantFrom(...KEYS), data, { maxKeys: 3 }), data, jsonCorruption, async (name, fields, x, c) => {
        const dir = folderOfGoodRuns();
        const run = writeRunFolder(dir, "bad");
        const bytes = badJsonObject(name === "wandb-metadata.json" ? { ...fields, startedAt: "2026-01-01T00:00:00" } : fields, x, c);
        const content = name === "wandb-history.jsonl" ? new Uint8Array([...new TextEncoder().encode('{"_step":0,"loss":1}\n'), ...bytes]) : bytes;
        writeFile(join(run, "files", name), content);
        // a value cut or changed is named by the file it was read from and its field (summary.…), as is a file that does not parse
        await expectContained(dir, join("run-20260101_000000-bad", "files", name));
      }),
      RUNS,
    );
  }, 120_000);

  test("W&B run folder: config.yaml aliased, self-referring, a bomb, a set, bytes or too deep", async () => {
    await fc.assert(
      fc.asyncProperty(badYaml, async (yaml) => {
        const dir = folderOfGoodRuns();
        writeRunFolder(dir, "bad", yaml);
        await expectContained(dir, join("run-20260101_000000-bad", "files", "config.yaml"));
      }),
      RUNS,
    );
  }, 120_000);

  test("canonical runs JSON and JSON Lines, and a W&B public-API export: one run gone bad", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("runs.json", "runs.jsonl", "export.json"), fc.constantFrom("config", "summary", "history", "extra"), data, jsonCorruption, async (file, field, x, c) => {
        const bad = { name: "bad", createdAt: "2026-01-01T00:00:00Z" };
        const hostileRun = (): Uint8Array => {
          if (field === "history") return badJsonObject({ ...bad, history: [{ _step: 0, x }] }, x, c);
          return badJsonObject(bad, x, c);
        };
        const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
        let content: Uint8Array;
        if (file === "runs.jsonl") content = new Uint8Array([...enc(GOOD.map((g) => JSON.stringify(g)).join("\n") + "\n"), ...hostileRun()]);
        else if (file === "runs.json") content = new Uint8Array([...enc(`{"format":"qel-runs/1","runs":[${GOOD.map((g) => JSON.stringify(g)).join(",")},`), ...hostileRun(), ...enc("]}")]);
        else {
          const exported = GOOD.map((g) => ({ id: g.name, name: g.name, created_at: g.createdAt, config: { lr: { value: 0.1 } }, summary_metrics: { acc: 0.5 } }));
          content = new Uint8Array([...enc(`[${exported.map((g) => JSON.stringify(g)).join(",")},`), ...hostileRun(), ...enc("]")]);
        }
        const dir = fresh();
        writeFile(join(dir, file), content);
        const r = await loadRunsFromPath(join(dir, file)).catch((e: unknown) => e);
        expect(r).not.toBeInstanceOf(Error);
        // a truncated element breaks a whole document (nothing loads, said once); anything else leaves the good runs
        if (file !== "runs.jsonl" && c.kind === "truncated") {
          expect((r as Awaited<ReturnType<typeof loadRunsFromPath>>).issues.map((i) => i.message)).toContainEqual(expect.stringContaining(file));
          return;
        }
        await expectContained(join(dir, file), file);
      }),
      RUNS,
    );
  }, 120_000);

  test("MLflow folder: a run's meta.yaml aliased, a bomb or too deep, or a param file with bytes that are not UTF-8", async () => {
    const id = (c: string): string => c.repeat(32);
    const meta = (runId: string, name: string, extra = ""): string =>
      `run_id: ${runId}\nrun_name: ${name}\nexperiment_id: '1'\nlifecycle_stage: active\nstart_time: 1767225600000\nstatus: 3\nuser_id: ann\n${extra}`;
    await fc.assert(
      fc.asyncProperty(badYaml, fc.boolean(), async (yaml, inParam) => {
        const root = fresh();
        writeFile(join(root, "mlruns/1/meta.yaml"), "experiment_id: '1'\nname: vision\nlifecycle_stage: active\n");
        [0, 1, 2, 3, 4].forEach((i) => {
          const dir = join(root, "mlruns/1", id(String(i)));
          writeFile(join(dir, "meta.yaml"), meta(id(String(i)), `good${i}`));
          writeFile(join(dir, "params/lr"), "0.1");
          writeFile(join(dir, "metrics/acc"), "1767225600000 0.5 0\n");
        });
        const bad = join(root, "mlruns/1", id("f"));
        if (inParam) {
          writeFile(join(bad, "meta.yaml"), meta(id("f"), "bad"));
          writeFile(join(bad, "params/p"), new Uint8Array([0x61, 0xff, 0x62]));
        } else writeFile(join(bad, "meta.yaml"), `${meta(id("f"), "bad")}${yaml.replace("wandb_version: 1\n", "")}`);
        const r = await loadRunsFromPath(root);
        const good = r.runs.filter((x) => x.displayName?.startsWith("good")).sort((a, b) => ((a.displayName ?? "") < (b.displayName ?? "") ? -1 : 1));
        expect(good.map((x) => [x.displayName, x.config.get("lr"), x.summary.get("acc")])).toEqual([0, 1, 2, 3, 4].map((i) => [`good${i}`, "0.1", 0.5]));
        const answer = evaluate("runs.map(r => [r.name, r.config, r.summary])", { runs: r.runs }, { timeoutMs: Infinity });
        expect(() => toJsonValue(answer)).not.toThrow();
        expect(r.issues.map((i) => i.message)).toContainEqual(expect.stringContaining(id("f")));
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
