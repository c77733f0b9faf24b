import { describe, expect, it } from "vitest";
import { loadRunsDocument, serializeRunsDocument, type Run } from "@qel/ops";
import { createRng, sig } from "./rng.js";
import { SAMPLE_NOW, SAMPLE_PROJECT, generateSampleRuns, sampleRuns } from "./sample-project.js";

const runs = sampleRuns();
const count = <K>(key: (r: Run) => K): Map<K, number> => {
  const m = new Map<K, number>();
  for (const r of runs) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
};
const DAY = 86_400_000;

describe("the sample project", () => {
  it("is the same on every build, and sampleRuns reuses it", () => {
    expect(generateSampleRuns()).toEqual(runs);
    expect(sampleRuns()).not.toBe(runs);
    expect(sampleRuns()[0]).toBe(runs[0]);
    expect(SAMPLE_PROJECT).toEqual({ entity: "acme-ml", name: "vision-2026" });
  });

  it("obeys the runs format: exporting and loading it again gives the same runs and no issue", () => {
    const again = loadRunsDocument(serializeRunsDocument(runs, SAMPLE_PROJECT), { fileName: "sample.json" });
    expect(again.issues).toEqual([]);
    expect(again.runs).toEqual(runs);
    expect(again.project).toEqual(SAMPLE_PROJECT);
  });

  it("has about 400 runs over three months of 2026, newest first, with unique names", () => {
    expect(runs.length).toBeGreaterThanOrEqual(380);
    expect(runs.length).toBeLessThanOrEqual(440);
    expect(new Set(runs.map((r) => r.name)).size).toBe(runs.length);
    const created = runs.map((r) => r.createdAt.ms);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const first = runs[runs.length - 1] as Run;
    expect(new Date(first.createdAt.ms).getUTCFullYear()).toBe(2026);
    expect((SAMPLE_NOW - first.createdAt.ms) / DAY).toBeGreaterThan(80);
    for (const r of runs) {
      expect(r.heartbeatAt.ms).toBeGreaterThanOrEqual(r.createdAt.ms);
      expect(r.heartbeatAt.ms).toBeLessThanOrEqual(SAMPLE_NOW);
    }
  });

  it("has 5–6 users, every job type and every state", () => {
    expect(count((r) => r.user?.username).size).toBe(6);
    expect([...count((r) => String(r.jobType)).keys()].sort()).toEqual(["eval", "null", "sweep", "train"]);
    expect([...count((r) => r.state).keys()].sort()).toEqual(["crashed", "failed", "finished", "killed", "running"]);
    expect(count((r) => r.state).get("finished")).toBeGreaterThan(runs.length * 0.7);
  });

  it("has several sweeps whose runs vary their config", () => {
    const sweeps = new Map<string, Run[]>();
    for (const r of runs) if (r.sweep !== null) sweeps.set(r.sweep, [...(sweeps.get(r.sweep) ?? []), r]);
    expect(sweeps.size).toBeGreaterThanOrEqual(5);
    for (const members of sweeps.values()) {
      expect(members.every((r) => r.jobType === "sweep")).toBe(true);
      for (const key of ["learning_rate", "batch_size", "dropout"]) expect(new Set(members.map((r) => r.config.get(key))).size).toBeGreaterThan(2);
    }
    const model = runs[0]?.config.get("model");
    expect(model instanceof Map && typeof model.get("name") === "string").toBe(true);
    expect(runs.filter((r) => (r.config.get("model") as Map<string, unknown> | undefined)?.has("layers")).length).toBeGreaterThan(300);
  });

  it("has summaries with slashed keys, some metrics missing and a few NaN", () => {
    const withVal = runs.filter((r) => r.summary.has("val/loss")).length;
    expect(withVal).toBeGreaterThan(200);
    expect(withVal).toBeLessThan(runs.length);
    const nan = runs.filter((r) => [...r.summary.values()].some((v) => Number.isNaN(v))).length;
    expect(nan).toBeGreaterThan(3);
    expect(nan).toBeLessThan(runs.length / 5);
    expect(runs.some((r) => r.summary.has("best/val_acc")) && runs.some((r) => r.summary.has("val/acc") && !r.summary.has("best/val_acc"))).toBe(true);
  });

  it("has histories of tens to hundreds of rows, ordered by _step", () => {
    const lengths = runs.map((r) => r.history.length);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(100);
    expect(lengths.filter((n) => n >= 10).length).toBeGreaterThan(runs.length * 0.8);
    for (const r of runs) {
      const steps = r.history.map((h) => h.get("_step") as number);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
    }
    expect([...(runs.find((r) => r.jobType === "train")?.history[0]?.keys() ?? [])]).toEqual(expect.arrayContaining(["_step", "_runtime", "_timestamp", "loss", "acc", "lr"]));
  });

  it("uses dataset versions v0–v3 and logs model versions aliased latest and best", () => {
    const used = new Set(runs.flatMap((r) => r.usedArtifacts.filter((a) => a.name === "imagenet-subset").map((a) => a.version)));
    expect([...used].sort()).toEqual([0, 1, 2, 3]);
    const logged = runs.flatMap((r) => r.loggedArtifacts);
    expect(logged.length).toBeGreaterThan(50);
    const byName = new Map<string, number[]>();
    for (const a of logged) {
      expect(a.aliases).toContain(`v${a.version}`);
      expect(a.type).toBe("model");
      byName.set(a.name, [...(byName.get(a.name) ?? []), a.version]);
    }
    for (const [name, versions] of byName) {
      expect(versions.sort((a, b) => a - b)).toEqual(versions.map((_, i) => i));
      const withAlias = (alias: string) => logged.filter((a) => a.name === name && a.aliases.includes(alias));
      expect(withAlias("latest").map((a) => a.version)).toEqual([versions.length - 1]);
      expect(withAlias("best")).toHaveLength(1);
    }
    expect(runs.some((r) => r.jobType === "eval" && r.usedArtifacts.some((a) => a.type === "model"))).toBe(true);
  });
});

describe("rng", () => {
  it("repeats its sequence for a seed", () => {
    const a = createRng(7);
    const b = createRng(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(createRng(1).id(8)).toMatch(/^[a-z0-9]{8}$/);
  });

  it("rounds to significant digits", () => {
    expect([sig(0.123456), sig(123456), sig(-0.000123456, 2), sig(NaN), sig(0)]).toEqual([0.1235, 123500, -0.00012, NaN, 0]);
  });
});
