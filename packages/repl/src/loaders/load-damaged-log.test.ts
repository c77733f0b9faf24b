import fc from "fast-check";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadRunsFromPath } from "./load-path.js";

// fx02efgh has only metadata beside its log, so config, summary and history all depend on the log.
const RUN = "offline-run-20260106_120000-fx02efgh";
const SOURCE = fileURLToPath(new URL(`../../../../test/fixtures/wandb/project/wandb/${RUN}`, import.meta.url));
const temp = mkdtempSync(join(tmpdir(), "qel-damaged-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const folder = join(temp, RUN);
cpSync(SOURCE, folder, { recursive: true });
const logPath = join(folder, "run-fx02efgh.wandb");
const log = readFileSync(logPath);

describe("a damaged .wandb log", () => {
  it("cut at any offset: the run still loads with what came before the cut", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: log.length - 1 }), async (cut) => {
        writeFileSync(logPath, log.subarray(0, cut));
        const r = await loadRunsFromPath(folder);
        expect(r.runs.map((x) => x.name)).toEqual(["fx02efgh"]);
        const run = r.runs[0];
        expect(run?.history.length).toBeLessThanOrEqual(3);
        expect(run?.history.map((h) => h.get("_step"))).toEqual([0, 1, 2].slice(0, run?.history.length));
        expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
        for (const i of r.issues) expect(i.message.startsWith(folder)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it("with bytes overwritten anywhere: never throws, and names the log in what it reports", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: log.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, x) => {
        const bad = Uint8Array.from(log);
        bad[at] = (bad[at] as number) ^ x;
        writeFileSync(logPath, bad);
        const r = await loadRunsFromPath(folder);
        expect(r.runs.map((x) => x.name)).toEqual(["fx02efgh"]);
        expect(r.issues.map((i) => i.file)).toContain(logPath);
      }),
      { numRuns: 80 },
    );
  });
});
