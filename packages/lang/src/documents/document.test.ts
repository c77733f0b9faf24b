import { defineOp, overload, standardRegistry, T } from "@qel/ops";
import { describe, expect, test } from "vitest";
import type { Migration } from "../migrations/table.js";
import { load, save } from "./document.js";
import { LANGUAGE_VERSION } from "./version.js";

describe("save", () => {
  test("stores the version, the canonical text, then the host's fields", () => {
    const doc = save("runs.filter( r=>r.jobType==='train' ).count", { title: "Training runs", qel: 99, layout: { w: 4 } });
    expect(doc).toEqual({ qel: LANGUAGE_VERSION, expr: 'runs.filter(r => r.jobType == "train").count', title: "Training runs", layout: { w: 4 } });
    expect(Object.keys(doc)).toEqual(["qel", "expr", "title", "layout"]);
  });

  test("text that does not parse is stored as typed", () => {
    expect(save("runs.filter(r => ").expr).toBe("runs.filter(r => ");
  });
});

describe("load of a current document", () => {
  test("checks it and keeps the document as it is", () => {
    const doc = { qel: LANGUAGE_VERSION, expr: "runs.count", panel: { id: 7 } };
    const loaded = load(doc);
    expect(loaded).toMatchObject({ status: "current", version: LANGUAGE_VERSION, expr: "runs.count", type: "number", diagnostics: [] });
    expect(loaded.document).toBe(doc);
  });

  test("an expression that no longer checks comes back with its diagnostics, nothing dropped", () => {
    const doc = { qel: LANGUAGE_VERSION, expr: "runs.map(r => r.nosuch)", note: "x" };
    const loaded = load(doc);
    expect(loaded.status).toBe("current");
    expect(loaded.type).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.code, d.span])).toEqual([["unknown_field", { start: 16, end: 22 }]]);
    expect(loaded.document).toBe(doc);
  });

  test("diagnostics point into the stored text even when it is not canonical", () => {
    const loaded = load({ qel: LANGUAGE_VERSION, expr: "runs.map( r  =>  r.nosuch )" });
    expect(loaded.expr).toBe("runs.map( r  =>  r.nosuch )");
    expect(loaded.diagnostics[0]!.span).toEqual({ start: 19, end: 25 });
  });

  test("text that does not parse gives its syntax errors", () => {
    const loaded = load({ qel: LANGUAGE_VERSION, expr: "runs.map(" });
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["unclosed_paren"]);
  });
});

describe("load never throws on what is not a document", () => {
  test.for([
    [null], [42], ["runs.count"], [[1, 2]], [{}], [{ expr: 5, qel: 1 }], [{ expr: "runs", qel: "1" }], [{ expr: "runs", qel: 0 }],
    [{ expr: "runs", qel: 1.5 }], [{ expr: "runs" }], [Object.create(null)],
  ])("%j", ([doc]) => {
    const loaded = load(doc);
    expect(loaded.status).toBe("invalid");
    expect(loaded.document).toBe(doc);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["invalid_document"]);
  });
});

test("a document from a newer version says so and is left unchanged", () => {
  const doc = { qel: LANGUAGE_VERSION + 1, expr: "runs.someFutureOp", title: "t" };
  const loaded = load(doc);
  expect(loaded.status).toBe("newer");
  expect(loaded.document).toBe(doc);
  expect(loaded.expr).toBe("runs.someFutureOp");
  expect(loaded.diagnostics[0]!.code).toBe("newer_language_version");
  expect(loaded.diagnostics[0]!.message).toMatch(new RegExp(`saved by qel language version ${LANGUAGE_VERSION + 1}; this library reads versions up to ${LANGUAGE_VERSION}`));
});

// A language history in small, with a host op: version 1 called it `score` with a default metric of "acc";
// version 2 renamed it `metricOf`; version 3 changed the default metric to "loss".
const metricOf = defineOp({
  name: "metricOf",
  deprecated: ["score"],
  category: "run",
  overloads: [overload([T.Run, T.String], T.Any, (r, k = "loss") => r.summary.get(k) ?? null, { optional: 1 })],
  doc: { summary: "A summary metric of a run.", examples: [{ expr: "runs[0].metricOf" }] },
});
const registry = standardRegistry.extend([metricOf]);
const history: readonly Migration[] = [
  { version: 2, summary: "score is now metricOf", changes: [{ kind: "renameOp", from: "score", to: "metricOf" }] },
  { version: 3, summary: "metricOf's default metric is now loss", changes: [{ kind: "explicitDefault", op: "metricOf", arity: 1, value: '"acc"' }] },
];
const options = { registry, migrations: history, currentVersion: 3 };

describe("migrations, applied from each older version to the current one", () => {
  test.for([
    [1, "runs.map(r => r.score)", 'runs.map(r => r.metricOf("acc"))'],
    [1, 'runs.map(r => score(r, "f1"))', 'runs.map(r => metricOf(r, "f1"))'],
    [1, "runs.map(r => score(r))", 'runs.map(r => metricOf(r, "acc"))'],
    [2, "runs.map(r => r.metricOf)", 'runs.map(r => r.metricOf("acc"))'],
    [2, "runs.map(r => r.score)", 'runs.map(r => r.score("acc"))'],
    [3, "runs.map(r => r.metricOf)", "runs.map(r => r.metricOf)"],
  ] as const)("v%i %s", ([version, saved, upgraded]) => {
    const doc = { qel: version, expr: saved, title: "panel" };
    const loaded = load(doc, options);
    expect(loaded.expr).toBe(upgraded);
    expect(loaded.status).toBe(version < 3 ? "migrated" : "current");
    expect(loaded.document).toEqual({ qel: 3, expr: upgraded, title: "panel" });
  });

  test("a deprecated name still checks, with a warning", () => {
    const loaded = load({ qel: 3, expr: "runs.map(r => r.score)" }, options);
    expect(loaded.type).toBe("list<any>");
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["deprecated_name"]);
  });

  test("every change is reported, with what was left alone", () => {
    const loaded = load({ qel: 1, expr: "runs.map(score)" }, options);
    expect(loaded.expr).toBe("runs.map(metricOf)");
    expect(loaded.changes.map((c) => c.message)).toEqual(["v2: `score` replaced by `metricOf`"]);
    expect(loaded.skipped.map((c) => c.message)).toEqual(['v3: `metricOf` passed as a function uses its new default; write a lambda with "acc" to keep the old one']);
  });

  test("a key or parameter that shares an old op name is not renamed", () => {
    const loaded = load({ qel: 1, expr: "runs.map(score => score.summary.score)" }, options);
    expect(loaded.expr).toBe("runs.map(score => score.summary.score)");
    expect(loaded.changes).toEqual([]);
  });
});
