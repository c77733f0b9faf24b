import { Run } from "@qel/ops";
import { describe, expect, test } from "vitest";
import { QelError } from "../syntax/diagnostics.js";
import { compile } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { loadRuns, toJson } from "./host-data.js";

const plain = [
  { name: "a", jobType: "train", createdAt: "2026-03-01T10:00:00Z", heartbeatAt: "2026-03-01T11:30:00Z", config: { lr: 0.1 }, summary: { acc: 0.9 } },
  { name: "b", jobType: "eval", createdAt: "2026-03-02T10:00:00Z", summary: { acc: 0.7 } },
];

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof QelError ? e.diagnostic.code : `not a QelError: ${String(e)}`;
  }
};

describe("loadRuns", () => {
  test("converts plain runs once into a frozen list of runs that evaluations take as they are", () => {
    const runs = loadRuns(plain);
    expect(Object.isFrozen(runs)).toBe(true);
    expect(runs.every((r) => r instanceof Run)).toBe(true);
    const c = compile("runs.filter(r => r.summary.acc > 0.8).map(runName)");
    expect(c.run({ runs })).toEqual(["a"]);
    expect(c.run({ runs })).toEqual(["a"]);
    // the same list reaches the expression, not a converted copy
    expect(compile("runs").run({ runs })).toBe(runs);
    expect(evaluate("runs.count", { runs })).toBe(2);
  });

  test("reads a qel-runs/1 document and W&B public-API exports", () => {
    expect(loadRuns({ format: "qel-runs/1", runs: plain }).map((r) => r.name)).toEqual(["a", "b"]);
    const wandb = [{ id: "3kq9x2ab", name: "vivid-sun-12", created_at: "2024-05-01T10:00:00", summary_metrics: { acc: 0.5 } }];
    expect(evaluate("runs.map(r => [r.name, r.displayName, r.summary.acc])", { runs: loadRuns(wandb) })).toEqual([["3kq9x2ab", "vivid-sun-12", 0.5]]);
  });

  test("throws one QelError naming every run and field it could not read", () => {
    let err: unknown;
    try {
      loadRuns([{ name: "a" }, { name: "b", createdAt: "yesterday" }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QelError);
    const d = (err as QelError).diagnostic;
    expect(d.code).toBe("invalid_argument");
    expect(d.message).toContain('runs[0].createdAt: missing (run "a")');
    expect(d.message).toContain('runs[1].createdAt: "yesterday" is not an ISO-8601 date');
    expect(codeOf(() => loadRuns(42))).toBe("invalid_argument");
  });

  test("passes warnings to onWarning", () => {
    const warnings: string[] = [];
    loadRuns([...plain, { ...plain[1], state: "sleepy" }], { onWarning: (m) => warnings.push(m) });
    expect(warnings.some((w) => w.includes("unknown state"))).toBe(true);
    expect(warnings.some((w) => w.includes('"b"'))).toBe(true);
  });
});

describe("toJson", () => {
  const runs = loadRuns(plain);
  test("gives plain JSON-ready values, in the forms of qel eval --json", () => {
    const v = evaluate("runs.map(r => {name: r.name, created: r.createdAt, acc: r.summary.acc, d: 1h, n: 0 / 0})", { runs });
    expect(JSON.stringify(v)).toBe("[{},{}]");
    expect(toJson(v)).toEqual([
      { name: "a", created: "2026-03-01T10:00:00.000Z", acc: 0.9, d: { duration_ms: 3_600_000 }, n: "NaN" },
      { name: "b", created: "2026-03-02T10:00:00.000Z", acc: 0.7, d: { duration_ms: 3_600_000 }, n: "NaN" },
    ]);
    expect(toJson(evaluate("runs.groupBy(r => r.jobType).map(g => g.count)", { runs }))).toEqual([1, 1]);
    expect(toJson(evaluate("runs.groupBy(r => r.jobType).first", { runs }))).toMatchObject({ key: "train", items: [{ name: "a" }] });
  });

  test("a result too large to write is a QelError, not a hang or another error", () => {
    const v = evaluate("range(0, 100)", {});
    expect(codeOf(() => toJson(v, { maxValues: 50 }))).toBe("output_limit_exceeded");
    expect((toJson(v, { maxValues: 500 }) as unknown[]).length).toBe(100);
  });
});
