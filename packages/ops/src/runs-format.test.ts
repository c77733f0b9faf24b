import fc from "fast-check";
import { describe, expect, it, test } from "vitest";
import { DuplicateNames, exportRuns, loadRunsDocument, serializeRunsDocument, warnDuplicates } from "./runs-format.js";
import type { LoadIssue } from "./runs-issues.js";
import { DateValue, type Run } from "./values.js";
import { RUN_FIELDS } from "./runs-read.js";
import { ARTIFACT_FIELDS } from "./runs-read-parts.js";

const file = "runs.json";
const load = (input: unknown, format?: "json" | "jsonl") =>
  loadRunsDocument(input, format === undefined ? { fileName: file } : { fileName: file, format });
const messages = (input: unknown) => load(input).issues.map((i) => i.message);
const one = (run: Record<string, unknown>): Run => {
  const r = load([{ name: "r1", createdAt: "2026-01-02T03:04:05Z", ...run }]);
  expect(r.issues).toEqual([]);
  return r.runs[0] as Run;
};

describe("loadRunsDocument: document shapes", () => {
  const run = { name: "a", createdAt: "2026-01-02T03:04:05Z" };
  test.for([
    ["a qel-runs/1 document", JSON.stringify({ format: "qel-runs/1", project: { entity: "acme", name: "vision" }, runs: [run] })],
    ["a bare array", JSON.stringify([run])],
    ["JSON Lines", `${JSON.stringify(run)}\n\n${JSON.stringify({ ...run, name: "b" })}\n`],
    ["a parsed value", { format: "qel-runs/1", runs: [run] }],
  ] as const)("accepts %s", ([, input]) => {
    const r = load(input);
    expect(r.issues).toEqual([]);
    expect(r.runs[0]?.name).toBe("a");
    expect(r.runs[0]?.createdAt).toEqual(new DateValue(Date.UTC(2026, 0, 2, 3, 4, 5)));
  });

  it("returns the project", () => {
    expect(load({ format: "qel-runs/1", project: { entity: "acme", name: "vision" }, runs: [] }).project).toEqual({ entity: "acme", name: "vision" });
    expect(load([]).project).toBeNull();
  });

  it("reads JSON Lines by file name even for a single line, and names lines in issues", () => {
    const r = loadRunsDocument(`{"name":"a","createdAt":"2026-01-01"}\n{"name":"b"}\n{oops\n`, { fileName: "runs.jsonl" });
    expect(r.runs.map((x) => x.name)).toEqual(["a"]);
    expect(r.issues.map((i) => [i.line, i.message])).toEqual([
      [2, 'runs.jsonl:2: runs[1].createdAt: missing (run "b"); run skipped'],
      [3, 'runs.jsonl:3: invalid JSON at column 2: expected a string key in object, found character "o"; line skipped'],
    ]);
  });

  test.for([
    ["not JSON", "{\n  \"runs\": [,]\n}", ['runs.json:2: invalid JSON at column 12: expected a JSON value, found character ","; nothing loaded']],
    ["another format", { format: "qel-runs/9", runs: [] }, ['runs.json: format: unsupported format "qel-runs/9" (expected "qel-runs/1"); nothing loaded']],
    ["a number", 42, ['runs.json: expected a "qel-runs/1" document, a list of runs or JSON Lines, found 42; nothing loaded']],
    ["runs not a list", { format: "qel-runs/1", runs: {} }, ["runs.json: runs: expected a list of runs, found an object; nothing loaded"]],
    ["no format tag", { runs: [] }, ['runs.json: format: missing; read as "qel-runs/1"']],
    ["unknown top-level fields", { format: "qel-runs/1", runs: [], extra: 1, project: { name: 3, team: "x" } },
      ["runs.json: project.name: expected a string, found 3; ignored", "runs.json: project.team: unknown project field; ignored", "runs.json: extra: unknown top-level field; ignored"]],
  ] as const)("reports %s", ([, input, expected]) => {
    expect(messages(input)).toEqual(expected);
  });
});

describe("loadRunsDocument: validation", () => {
  const ok = { name: "ok", createdAt: "2026-01-01T00:00:00Z" };
  test.for([
    [{ createdAt: "2026-01-01" }, 'runs[1].name: missing; run skipped'],
    [{ name: "", createdAt: "2026-01-01" }, 'runs[1].name: expected a non-empty string, found ""; run skipped'],
    [{ name: 7, createdAt: "2026-01-01" }, "runs[1].name: expected a non-empty string, found 7; run skipped"],
    [{ name: "x" }, 'runs[1].createdAt: missing (run "x"); run skipped'],
    [{ name: "x", createdAt: "yesterday" }, 'runs[1].createdAt: "yesterday" is not an ISO-8601 date (run "x"); run skipped'],
    [{ name: "x", createdAt: 1700000000 }, 'runs[1].createdAt: expected an ISO-8601 date string, found 1700000000 (run "x"); run skipped'],
    ["run", 'runs[1]: expected a run object, found "run"; run skipped'],
  ] as const)("skips a run that cannot exist: %j", ([bad, message]) => {
    const r = load([ok, bad, ok]);
    expect(r.runs.map((x) => x.name)).toEqual(["ok", "ok"]);
    expect(r.issues.map((i) => i.message)).toEqual([`runs.json: ${message}`, 'runs.json: run name "ok" appears more than once; all kept']);
    expect(r.issues[0]).toMatchObject({ severity: "error", file, path: message.split(":")[0] });
  });

  test.for([
    [{ jobType: 3 }, "error", 'runs[0].jobType: expected a string or null, found 3 (run "x"); field ignored'],
    [{ state: "paused" }, "warning", 'runs[0].state: unknown state "paused" (run "x"); kept as written'],
    [{ heartbeatAt: "soon" }, "error", 'runs[0].heartbeatAt: "soon" is not an ISO-8601 date (run "x"); createdAt used instead'],
    [{ heartbeatAt: "2025-01-01T00:00:00Z" }, "warning", 'runs[0].heartbeatAt: is before createdAt (run "x")'],
    [{ user: "ann" }, "error", 'runs[0].user: expected a user object, found "ann" (run "x"); field ignored'],
    [{ user: { name: "Ann" } }, "error", 'runs[0].user.username: missing (run "x"); user ignored'],
    [{ user: { username: "ann", team: "a" } }, "warning", 'runs[0].user.team: unknown user field (run "x"); not kept (a user has username, name, email)'],
    [{ config: [1] }, "error", 'runs[0].config: expected an object, found a list (run "x"); field ignored'],
    [{ history: [{ _step: 0 }, 5] }, "error", 'runs[0].history[1]: expected an object, found 5 (run "x"); row ignored'],
    [{ history: [{ _step: 1 }, { loss: 1 }] }, "warning", 'runs[0].history[1]: row has no numeric _step (run "x"); history kept in file order'],
    [{ tags: ["a", 1] }, "error", 'runs[0].tags[1]: expected a string, found 1 (run "x"); entry ignored'],
    [{ usedArtifacts: [{ name: "d", version: -1 }] }, "error", 'runs[0].usedArtifacts[0].version: expected an integer ≥ 0, found -1 (run "x"); artifact ignored'],
    [{ usedArtifacts: [{ version: 1 }] }, "error", 'runs[0].usedArtifacts[0].name: missing (run "x"); artifact ignored'],
    [{ loggedArtifacts: [{ name: "m", version: 1, size: "1kb" }] }, "error", 'runs[0].loggedArtifacts[0].size: expected an integer number of bytes ≥ 0, found "1kb" (run "x"); field ignored'],
    [{ loggedArtifacts: [{ name: "m", version: 1, createdAt: "2026-13-01" }] }, "error", 'runs[0].loggedArtifacts[0].createdAt: "2026-13-01" is not an ISO-8601 date (run "x"); field ignored'],
  ] as const)("keeps the run but reports %j", ([fields, severity, message]) => {
    const r = load([{ name: "x", createdAt: "2026-01-01T00:00:00Z", ...fields }]);
    expect(r.runs.map((x) => x.name)).toEqual(["x"]);
    expect(r.issues.map((i) => [i.severity, i.message])).toEqual([[severity, `runs.json: ${message}`]]);
  });
});

describe("loadRunsDocument: model", () => {
  it("unwraps config wrappers, drops _wandb, keeps nested values and non-finite numbers", () => {
    const run = one({
      config: { lr: { value: 0.1, desc: null }, opt: { value: { name: "adam" } }, plain: { value: 1, other: 2 }, _wandb: { value: {} } },
      summary: { "val/loss": NaN, best: { min: -Infinity }, _wandb: { runtime: 3 } },
    });
    expect(run.config).toEqual(new Map<string, unknown>([["lr", 0.1], ["opt", new Map([["name", "adam"]])], ["plain", new Map([["value", 1], ["other", 2]])]]));
    expect(run.summary).toEqual(new Map<string, unknown>([["val/loss", NaN], ["best", new Map([["min", -Infinity]])]]));
  });

  it("sorts history by _step, keeping equal steps in file order", () => {
    const run = one({ history: [{ _step: 2, a: 1 }, { _step: 0 }, { _step: 2, a: 2 }, { _step: 1 }] });
    expect(run.history.map((r) => [r.get("_step"), r.get("a") ?? null])).toEqual([[0, null], [1, null], [2, 1], [2, 2]]);
    expect(Object.isFrozen(run.history)).toBe(true);
  });

  it("defaults heartbeatAt to createdAt and keeps unknown fields", () => {
    const run = one({ priority: "hi", loggedArtifacts: [{ name: "m", version: 2, aliases: ["best"], ttl: 5 }] });
    expect(run.heartbeatAt).toEqual(run.createdAt);
    expect(run.extra).toEqual(new Map([["priority", "hi"]]));
    expect(run.loggedArtifacts[0]?.aliases).toEqual(["best", "v2"]);
    expect(run.loggedArtifacts[0]?.extra).toEqual(new Map([["ttl", 5]]));
  });

  it("reads every field the format defines as that field, and only the others into extra", () => {
    const artifact = { name: "m", version: 300, aliases: ["best"], type: "model", size: 5, createdAt: "2026-01-01", digest: "d", ttl: 1 };
    const fields: Record<string, unknown> = {
      name: "r1", displayName: "R", jobType: "train", state: "finished", createdAt: "2026-01-01", heartbeatAt: "2026-01-02",
      user: { username: "u" }, config: { a: 1 }, summary: { b: 2 }, history: [{ _step: 0 }], loggedArtifacts: [artifact],
      usedArtifacts: [{ name: "d", version: 0 }], tags: ["t"], group: "g", sweep: "s", id: "i", project: "p", entity: "e",
      notes: "n", metadata: { host: "h" }, priority: "hi",
    };
    expect(Object.keys(fields).filter((k) => !RUN_FIELDS.has(k))).toEqual(["priority"]);
    expect(Object.keys(artifact).filter((k) => !ARTIFACT_FIELDS.has(k))).toEqual(["ttl"]);
    const run = one(fields);
    expect(run.extra).toEqual(new Map([["priority", "hi"]]));
    expect([run.displayName, run.jobType, run.state, run.heartbeatAt.ms, run.user?.username, run.config.get("a"), run.summary.get("b")])
      .toEqual(["R", "train", "finished", Date.UTC(2026, 0, 2), "u", 1, 2]);
    expect([run.history.length, run.tags, run.group, run.sweep, run.details.id, run.details.project, run.details.entity, run.details.notes])
      .toEqual([1, ["t"], "g", "s", "i", "p", "e", "n"]);
    expect(run.details.metadata.get("host")).toBe("h");
    const [a] = run.loggedArtifacts;
    expect([a?.name, a?.version, a?.aliases, a?.type, a?.size, a?.createdAt?.ms, a?.digest, a?.extra]).toEqual(["m", 300, ["best", "v300"], "model", 5, Date.UTC(2026, 0, 1), "d", new Map([["ttl", 1]])]);
    expect(run.usedArtifacts.map((u) => [u.name, u.aliases])).toEqual([["d", ["v0"]]]);
  });

  it("adds v<version> to an artifact's aliases unless it is there, for one alias, none or several", () => {
    const art = (version: number, aliases: unknown) => ({ name: "m", version, aliases });
    const run = one({ loggedArtifacts: [art(2, ["v2"]), art(2, ["best"]), art(3, ["best"]), art(2, []), art(300, ["best"]), art(2, ["a", "v2"]), art(2, ["a", "b"])] });
    expect(run.loggedArtifacts.map((a) => a.aliases)).toEqual([["v2"], ["best", "v2"], ["best", "v3"], ["v2"], ["best", "v300"], ["a", "v2"], ["a", "b", "v2"]]);
    expect(run.loggedArtifacts.every((a) => Object.isFrozen(a.aliases))).toBe(true);
    expect(messages([{ name: "r", createdAt: "2026-01-01", loggedArtifacts: [art(1, [3])] }])).toEqual([
      'runs.json: runs[0].loggedArtifacts[0].aliases[0]: expected a string, found 3 (run "r"); entry ignored',
    ]);
  });

  it("reads id, project, entity, notes and metadata; a run naming no project takes the document's", () => {
    const runs = load({
      format: "qel-runs/1", project: { entity: "acme", name: "vision" },
      runs: [
        { name: "a", createdAt: "2026-01-01", id: "x1", notes: "n", metadata: { host: "h", git: { commit: "c" } } },
        { name: "b", createdAt: "2026-01-01", project: "other", entity: "team" },
      ],
    }).runs;
    expect(runs.map((r) => [r.details.id, r.details.project, r.details.entity, r.details.notes])).toEqual([
      ["x1", "vision", "acme", "n"], [null, "other", "team", null],
    ]);
    expect(runs[0]?.details.metadata).toEqual(new Map<string, unknown>([["host", "h"], ["git", new Map([["commit", "c"]])]]));
    expect(exportRuns(runs).runs.map((r) => [r.project, r.entity])).toEqual([["vision", "acme"], ["other", "team"]]);
    expect(messages([{ name: "c", createdAt: "2026-01-01", notes: 3, metadata: [] }])).toEqual([
      'runs.json: runs[0].notes: expected a string or null, found 3 (run "c"); field ignored',
      'runs.json: runs[0].metadata: expected an object, found a list (run "c"); field ignored',
    ]);
  });

  it("exports dates as ISO strings and non-finite numbers as literals", () => {
    const run = one({ summary: { loss: NaN, best: Infinity, zero: -0 }, user: { username: "ann" } });
    const doc = exportRuns([run], { name: "p" });
    expect(doc.runs[0]?.createdAt).toBe("2026-01-02T03:04:05.000Z");
    expect(doc.runs[0]?.user).toEqual({ username: "ann", name: null, email: null });
    expect(serializeRunsDocument([run], { name: "p" })).toBe(
      `{"format":"qel-runs/1","project":{"name":"p"},"runs":[\n{"name":"r1","createdAt":"2026-01-02T03:04:05.000Z","heartbeatAt":"2026-01-02T03:04:05.000Z",` +
        `"user":{"username":"ann","name":null,"email":null},"config":{},"summary":{"loss":NaN,"best":Infinity,"zero":-0}}\n]}\n`,
    );
  });
});

describe("duplicate run names", () => {
  it("are warned about once per name, at its second run, alike for kept runs and for runs fed one at a time", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "é", "run-1", "", "\u{1F600}"), { maxLength: 12 }), (names) => {
        const runs = names.map((n) => one({ name: n === "" ? "x" : n }));
        const kept: LoadIssue[] = [];
        warnDuplicates(runs, { file: "f", issues: kept });
        const fed: LoadIssue[] = [];
        const d = new DuplicateNames();
        for (const r of runs) d.add(r.name, { file: "f", issues: fed });
        expect(kept).toEqual(fed);
        // the names in the order of their second runs
        const second: string[] = [];
        runs.forEach((r, i) => {
          if (runs.findIndex((q) => q.name === r.name) < i && !second.includes(r.name)) second.push(r.name);
        });
        expect(kept.map((i) => i.message)).toEqual(second.map((n) => `f: run name ${JSON.stringify(n)} appears more than once; all kept`));
      }),
      { numRuns: 200 },
    );
  });
});

describe("load → export → load", () => {
  const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0));
  const key = fc.oneof(fc.string(), fc.constantFrom("__proto__", "val/loss", "a.b", "value", "desc", "_wandb", "0"));
  const json = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      fc.constant(null), fc.boolean(), num, fc.string(),
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(key, tie("v"), { maxKeys: 3 }),
    ),
  })).v;
  const dict = fc.dictionary(key, json, { maxKeys: 4 });
  const ms = fc.integer({ min: -62135596800000, max: 253402300799999 });
  const offset = fc.constantFrom("Z", "", "+05:30", "-08:00");
  const date = fc.tuple(ms, offset).map(([t, z]) => {
    const sign = z.startsWith("-") ? -1 : 1;
    const shift = z === "Z" || z === "" ? 0 : sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(4))) * 60000;
    return new Date(t + shift).toISOString().slice(0, -1) + z;
  });
  const str = fc.option(fc.string(), { nil: null });
  const artifact = fc.record(
    { name: fc.string({ minLength: 1 }), version: fc.nat(), aliases: fc.array(fc.string(), { maxLength: 3 }), type: str,
      size: fc.option(fc.nat()), createdAt: date, digest: str, extraField: json },
    { requiredKeys: ["name", "version"] },
  );
  const row = fc.tuple(fc.integer({ min: -3, max: 50 }), dict).map(([step, d]) => ({ ...d, _step: step }));
  const run = fc.record(
    { name: fc.string({ minLength: 1 }), createdAt: date, heartbeatAt: date, displayName: str, jobType: str,
      state: fc.constantFrom("running", "finished", "crashed", "failed", "killed", "weird"),
      user: fc.record({ username: fc.string({ minLength: 1 }), name: str, email: str }, { requiredKeys: ["username"] }),
      config: dict, summary: dict, history: fc.array(fc.oneof(row, dict), { maxLength: 6 }),
      loggedArtifacts: fc.array(artifact, { maxLength: 3 }), usedArtifacts: fc.array(artifact, { maxLength: 2 }),
      tags: fc.array(fc.string(), { maxLength: 3 }), group: str, sweep: str, notes: str, id: str, project: str, entity: str,
      metadata: dict, priority: json },
    { requiredKeys: ["name", "createdAt"] },
  );
  const project = fc.option(fc.record({ entity: fc.string(), name: fc.string() }, { requiredKeys: [] }), { nil: null });

  it("gives equal runs and project, with no errors, in JSON and JSON Lines", () => {
    fc.assert(
      fc.property(fc.array(run, { maxLength: 4 }), project, (runs, p) => {
        const first = load(p === null ? runs : { format: "qel-runs/1", project: p, runs });
        expect(first.issues.filter((i) => i.severity === "error")).toEqual([]);
        for (const format of ["json", "jsonl"] as const) {
          const text = serializeRunsDocument(first.runs, first.project, { format });
          const again = load(text, format);
          expect(again.issues.filter((i) => i.severity === "error")).toEqual([]);
          expect(again.runs).toEqual(first.runs);
          if (format === "json") expect(again.project).toEqual(first.project);
        }
        expect(load(exportRuns(first.runs, first.project)).runs).toEqual(first.runs);
      }),
      { numRuns: 200 },
    );
  });
});
