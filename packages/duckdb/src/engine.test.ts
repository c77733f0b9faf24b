import { DuckDBInstance } from "@duckdb/node-api";
import { evaluate, toJsonValue } from "@qel/lang";
import { docRuns } from "@qel/ops";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbProject, importRuns } from "./index.js";

let project: DuckDbProject;
beforeAll(async () => {
  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  await importRuns(conn, docRuns);
  project = await DuckDbProject.attach(conn);
});
afterAll(() => project.close());

const cases = [
  "runs.count",
  'runs.filter(r => r.jobType == "train").count',
  'runs.filter(r => r.jobType != "train").map(r => r.name)',
  "runs.filter(r => r.config.learning_rate > 0.001).map(r => r.name)",
  "runs.map(r => {n: r.name, lr: r.config.learning_rate, acc: r.summary.accuracy})",
  'runs.sort(r => r.summary.accuracy, "desc").limit(3).map(runName)',
  "runs.sort(r => r.createdAt).map(r => r.name)",
  "runs.name",
  "runs.filter(r => r.summary.accuracy > 0.9 && r.name.upper.startsWith(\"RUN\")).map(runName)",
  "runs.filter(r => r.state == \"finished\").map(runRuntime).sum",
  "runs.groupBy(r => r.user.username).map(g => {user: g.key, acc: g.map(r => r.summary.accuracy).avg, n: g.count})",
  'runs.filter(r => r.jobType != "eval").groupBy(r => r.config.optimizer).map(g => g.summary["accuracy"].max)',
  "runs.map(r => r.history[\"loss\"].min)",
  "runs.map(r => {last: r.history.loss.last, first: r.history.loss.first, rows: r.history.loss.count, total: r.history.loss.sum})",
  "runs.filter(r => r.history.loss.min < 0.3).map(runName)",
  'runs.sort(r => r.runtime, "desc").groupBy(r => r.jobType).map(g => {k: g.key, first: g.name.first, last: g.name.last, n: g.count, acc: g.summary.accuracy.max})',
  "runs.countBy(r => r.jobType)",
  'runs.filter(r => r.state != "crashed").sort(r => r.runtime).countBy(r => r.config.batch_size)',
  "runs.sort(r => r.createdAt).limit(4).groupBy(r => r.user.username).map(g => {u: g.key, n: g.count, loss: g.map(r => r.history.loss.min).min})",
];

describe("what pushes down", () => {
  it.for([
    ["runs.groupBy(r => r.user.username).map(g => {user: g.key, acc: g.map(r => r.summary.accuracy).avg})", /GROUP BY .* ORDER BY min\("r"."_ord"\)/],
    ["runs.countBy(r => r.jobType)", /GROUP BY \("r".job_type\) ORDER BY CAST\(count\(\*\) AS DOUBLE\) DESC NULLS LAST, min\("r"."_ord"\)/],
    ["runs.map(r => r.history.loss.min)", /LEFT JOIN \(SELECT "h"."run_ord" AS "run_ord", .*max\(-\("h"."num"\)\).* GROUP BY "h"."run_ord"\)/],
    // the database's schema is its own, so a key's kinds are trusted and a comparison on them is SQL
    ["runs.filter(r => r.config.learning_rate > 0.001).count", /WHERE .*> CAST\(0\.001 AS DOUBLE\)/],
    ['runs.filter(r => r.summary.accuracy > 0.9 && r.config.optimizer == "adam").map(r => r.name)', /WHERE .*> CAST\(0\.9 AS DOUBLE\)/],
  ] as const)("%s is one query", ([src, sql]) => {
    const e = project.explain(src);
    expect(e.queries.map((q) => q.expr)).toEqual([src]);
    expect(e.queries[0]!.sql).toMatch(sql);
  });

  it("a groupBy after a sort or limit groups the sorted runs, in order of each group's first run in that order", () => {
    const src = 'runs.sort(r => r.runtime, "desc").limit(5).groupBy(r => r.jobType).map(g => {k: g.key, first: g.name.first, n: g.count})';
    const e = project.explain(src);
    expect(e.queries.map((q) => q.expr)).toEqual([src]);
    expect(e.queries[0]!.sql).toMatch(/row_number\(\) OVER \(ORDER BY .*LIMIT 5\) AS "r" GROUP BY .* ORDER BY min\("r"."__pos"\)/);
  });

  it("a groupBy after a sort by a run's history stays local, and explain says why", () => {
    const e = project.explain("runs.sort(r => r.history.loss.min).groupBy(r => r.jobType).map(g => g.count)");
    expect(e.local).toContainEqual({ expr: "runs.sort(r => r.history.loss.min).groupBy(r => r.jobType)", reason: "a groupBy after a sort or limit by a run's history" });
  });
});

describe("the DuckDB engine gives the in-memory answer", () => {
  for (const src of cases) {
    it(src, async () => {
      const expected = toJsonValue(evaluate(src, { runs: docRuns }));
      expect(toJsonValue(await project.evaluate(src))).toEqual(expected);
    });
  }
});
