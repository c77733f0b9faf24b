import { describe, expect, test } from "vitest";
import { loadRunsDocument } from "./runs-format.js";
import { DateValue } from "./values.js";

/** One run as `wandb.Api().runs(...)` exported from Python gives it (`json.dumps` of its attributes). */
const exported = {
  id: "3kq9x2ab",
  name: "vivid-sun-12",
  display_name: "vivid-sun-12",
  created_at: "2024-05-01T10:00:00",
  heartbeat_at: "2024-05-01T12:30:00",
  job_type: "train",
  state: "finished",
  config: { lr: { value: 0.01, desc: null }, batch_size: 32 },
  summary_metrics: { acc: 0.91, _wandb: { runtime: 9000 } },
  tags: ["baseline"],
  group: "ablation",
  sweep: { id: "sw1", name: "lr sweep" },
  user: "alice",
  project: "vision",
  entity: "acme",
  url: "https://wandb.ai/acme/vision/runs/3kq9x2ab",
};

const load = (runs: unknown) => loadRunsDocument(runs, { fileName: "export.json" });

describe("a W&B public-API export", () => {
  test("maps id to name, W&B's name to displayName and the snake_case fields to the canonical ones", () => {
    const r = load([exported]);
    expect(r.issues).toEqual([]);
    const run = r.runs[0]!;
    expect(run.name).toBe("3kq9x2ab");
    expect(run.displayName).toBe("vivid-sun-12");
    expect(run.jobType).toBe("train");
    expect(run.state).toBe("finished");
    // the public API writes UTC times without a zone
    expect(run.createdAt).toEqual(new DateValue(Date.UTC(2024, 4, 1, 10)));
    expect(run.heartbeatAt).toEqual(new DateValue(Date.UTC(2024, 4, 1, 12, 30)));
    expect([...run.config]).toEqual([["lr", 0.01], ["batch_size", 32]]);
    expect([...run.summary]).toEqual([["acc", 0.91]]);
    expect(run.user?.username).toBe("alice");
    expect(run.tags).toEqual(["baseline"]);
    expect(run.group).toBe("ablation");
    expect(run.sweep).toBe("sw1");
    // project and entity are the run's own fields; fields the format does not define are kept under their names
    expect([run.details.project, run.details.entity, run.details.id]).toEqual(["vision", "acme", null]);
    expect([...run.extra.keys()]).toEqual(["url"]);
  });

  test("reads `summary` when given (keeping `summary_metrics` too), a user object, and `name` alone as the display name", () => {
    const { display_name: _, ...rest } = exported;
    const r = load([{ ...rest, summary: { acc: 0.5 }, user: { username: "bob", name: "Bob", email: null } }]);
    expect(r.issues).toEqual([]);
    const run = r.runs[0]!;
    expect([...run.summary]).toEqual([["acc", 0.5]]);
    expect(run.extra.has("summary_metrics")).toBe(true);
    expect(run.displayName).toBe("vivid-sun-12");
    expect(run.user?.name).toBe("Bob");
  });

  test("the input object is not changed", () => {
    const copy = structuredClone(exported);
    load([copy]);
    expect(copy).toEqual(exported);
  });

  test("a bad field is reported under the W&B run's id, with the canonical field's name", () => {
    const r = load([{ ...exported, created_at: "yesterday" }]);
    expect(r.runs).toEqual([]);
    expect(r.issues.map((i) => i.message)).toEqual(['export.json: runs[0].createdAt: "yesterday" is not an ISO-8601 date (run "3kq9x2ab"); run skipped']);
  });

  test("a canonical run that happens to have an `id` is read as it is", () => {
    const r = load([{ id: "x", name: "a", createdAt: "2026-01-01T00:00:00Z" }]);
    expect(r.issues).toEqual([]);
    expect(r.runs[0]!.name).toBe("a");
    expect(r.runs[0]!.details.id).toBe("x");
  });
});
