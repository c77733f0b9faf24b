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
];

describe("the DuckDB engine gives the in-memory answer", () => {
  for (const src of cases) {
    it(src, async () => {
      const expected = toJsonValue(evaluate(src, { runs: docRuns }));
      expect(toJsonValue(await project.evaluate(src))).toEqual(expected);
    });
  }
});
