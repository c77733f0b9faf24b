import { describe, expect, it } from "vitest";
import { ArtifactVersion, DateValue, DurationValue, FunctionValue, Run, User, groupKeys, type Dict, type Value } from "@qel/ops";
import { formatBytes, formatDate, formatDuration, formatNumber, formatRelative, truncate, visibleLength } from "./render-format.js";
import { renderValue, type RenderOptions } from "./render.js";

const opts: RenderOptions = { width: 100, timeZone: "UTC" };
const dict = (o: Record<string, Value>): Dict => new Map(Object.entries(o));
const at = (iso: string): DateValue => new DateValue(Date.parse(iso));

function run(name: string, extra: { config?: Record<string, Value>; summary?: Record<string, Value>; state?: string; job?: string | null } = {}): Run {
  const created = at("2026-03-01T14:22:00Z");
  return new Run(
    name, null, extra.job === undefined ? "train" : extra.job, extra.state ?? "finished", created,
    new DateValue(created.ms + 5_400_000), new User("alice", "Alice", null),
    dict(extra.config ?? {}), dict(extra.summary ?? {}), [], [], [], [], null, null,
  );
}

describe("formatting helpers", () => {
  it.each([
    [0, "0s"],
    [250, "250ms"],
    [45_000, "45s"],
    [90_000, "1m 30s"],
    [5_400_000, "1h 30m"],
    [3_600_000 + 5_000, "1h"],
    [2 * 86_400_000 + 4 * 3_600_000 + 60_000, "2d 4h"],
    [-300_000, "-5m"],
  ])("formatDuration(%d) is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [0.1, false, "0.1"],
    [0.123456789, true, "0.1235"],
    [1775238493.707, true, "1775238494"],
    [616.455, true, "616.5"],
    [42, true, "42"],
    [Number.NaN, false, "NaN"],
    [Number.NEGATIVE_INFINITY, true, "-Infinity"],
    [-0, false, "0"],
  ])("formatNumber(%d, compact %s) is %s", (n, compact, text) => {
    expect(formatNumber(n, compact)).toBe(text);
  });

  it("formats dates, relative times, sizes and widths", () => {
    expect(formatDate(Date.parse("2026-03-01T14:22:05Z"), "UTC", true)).toBe("2026-03-01 14:22:05");
    expect(formatRelative(0, 3 * 86_400_000)).toBe("3 days ago");
    expect(formatRelative(7_200_000, 0)).toBe("in 2 hours");
    expect(formatBytes(1_500_000)).toBe("1.5 MB");
    expect(formatBytes(512)).toBe("512 B");
    expect(visibleLength("\x1b[33m42\x1b[0m")).toBe(2);
    expect(truncate("abcdef", 4)).toBe("abc…");
  });
});

describe("renderValue", () => {
  it.each<[string, Value, string]>([
    ["a number", 0.1, "0.1"],
    ["a string, quoted", "train", '"train"'],
    ["null", null, "null"],
    ["a boolean", true, "true"],
    ["a duration", new DurationValue(5_400_000), "1h 30m"],
    ["a short list", [1, 2, 3], "[1, 2, 3]"],
    ["a dict", dict({ lr: 0.1, "val/loss": 2 }), '{lr: 0.1, "val/loss": 2}'],
    ["an empty list", [], "[] (empty list)"],
    ["a function", new FunctionValue("runRuntime", 1, () => null), "<fn runRuntime>"],
  ])("renders %s", (_what, value, text) => {
    expect(renderValue(value, opts)).toBe(text);
  });

  it("shows a date in a readable form, with the distance from now when known", () => {
    const d = at("2026-03-01T14:22:05Z");
    expect(renderValue(d, opts)).toBe("2026-03-01 14:22:05");
    expect(renderValue(d, { ...opts, now: d.ms + 2 * 86_400_000 })).toBe("2026-03-01 14:22:05 (2 days ago)");
  });

  it("cuts a long list of scalars and counts what was left out", () => {
    const list = Array.from({ length: 500 }, (_, i) => i);
    const text = renderValue(list, { ...opts, width: 60, maxItems: 50 });
    expect(text.split("\n").every((l) => l.length <= 60)).toBe(true);
    expect(text).toContain("… 450 more (500 in all)");
  });

  it("shows runs as a table with the config and summary columns that differ", () => {
    const runs = [
      run("run-1", { config: { lr: 0.1, seed: 1 }, summary: { acc: 0.91 } }),
      run("run-2", { config: { lr: 0.01, seed: 1 }, summary: { acc: 0.87 }, state: "crashed" }),
    ];
    const lines = renderValue(runs, opts).split("\n");
    expect(lines[0]).toMatch(/^name\s+job type\s+state\s+user\s+created\s+runtime\s+lr\s+acc$/);
    expect(lines[1]).toMatch(/^run-1\s+train\s+finished\s+alice\s+2026-03-01 14:22\s+1h 30m\s+0\.1\s+0\.91$/);
    expect(lines[2]).toContain("crashed");
    expect(lines).toHaveLength(3);
  });

  it("spreads nested config dicts into dotted columns", () => {
    const runs = [run("a", { config: { model: dict({ name: "resnet", layers: 50 }) } }), run("b", { config: { model: dict({ name: "vit", layers: 50 }) } })];
    expect(renderValue(runs, opts).split("\n")[0]).toMatch(/runtime\s+model\.name$/);
  });

  it("keeps a runs table within the width and names the columns it dropped", () => {
    const config = (i: number): Record<string, Value> => Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`param_${k}`, i * k]));
    const runs = Array.from({ length: 30 }, (_, i) => run(`run-${i}`, { config: config(i) }));
    const text = renderValue(runs, { ...opts, width: 90, maxRows: 5 });
    const lines = text.split("\n");
    expect(lines.every((l) => l.length <= 90)).toBe(true);
    expect(text).toContain("… 25 more runs (30 in all)");
    expect(text).toMatch(/… \d+ more columns not shown: param_/);
  });

  it("shows lists of dicts as tables and groups with their keys and sizes", () => {
    expect(renderValue([dict({ user: "alice", runs: 3 }), dict({ user: "bob", runs: 12 })], opts)).toBe(
      ["user   runs", "alice     3", "bob      12"].join("\n"),
    );
    const g1: Value[] = [1, 2];
    const g2: Value[] = [3];
    groupKeys.set(g1, "a");
    groupKeys.set(g2, "b");
    expect(renderValue([g1, g2], opts)).toBe(["key  count  items", "a        2  1, 2", "b        1  3"].join("\n"));
  });

  it("shows a single run, user and artifact version in detail", () => {
    const r = run("run-1", { config: { lr: 0.1 }, summary: { acc: 0.9 } });
    const text = renderValue(r, opts);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "run-1",
      "  job type: train   state: finished   user: alice   created: 2026-03-01 14:22   runtime: 1h 30m",
      "config",
      "  lr: 0.1",
    ]);
    expect(renderValue(new User("alice", "Alice Smith", "a@example.com"), opts)).toBe("alice Alice Smith <a@example.com>");
    const a = new ArtifactVersion("model", 3, ["latest", "v3"], "model", 1_200_000, at("2026-03-02T00:00:00Z"), null);
    expect(renderValue(a, opts)).toBe("model:v3  model  [latest, v3]  1.2 MB  2026-03-02 00:00");
  });

  it("colors only when asked", () => {
    expect(renderValue(42, opts)).toBe("42");
    expect(renderValue(42, { ...opts, color: true })).toBe("\x1b[33m42\x1b[0m");
  });

  it("breaks a dict that does not fit into one key per line", () => {
    const d = dict(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key_${i}`, "x".repeat(10)])));
    const lines = renderValue(d, { ...opts, width: 60 }).split("\n");
    expect(lines[0]).toBe("{");
    expect(lines[1]).toBe('  key_0: "xxxxxxxxxx",');
    expect(lines.at(-1)).toBe("}");
  });
});
