/**
 * The documentation and conformance suites through the DuckDB engine: every op example (over the documentation
 * dataset) and every conformance case with a dataset gives, through a database holding the same runs, what the
 * in-memory evaluator gives when checked against the same schema: the same value or the same error code.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { evaluate, QelError, toJsonValue } from "@qel/lang";
import { DateValue, docNow, docRuns, inferSchema, loadRunsDocument, standardOps, T, type Run } from "@qel/ops";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { DuckDbProject, importRuns } from "./index.js";

const conformanceDir = new URL("../../../test/conformance/", import.meta.url);
const datasetsDir = new URL("../../../test/datasets/", import.meta.url);

async function outcome(f: () => unknown): Promise<unknown> {
  try {
    return { value: toJsonValue((await f()) as never) };
  } catch (e) {
    if (e instanceof QelError) return { error: e.diagnostic.code };
    throw e;
  }
}

const open: DuckDBInstance[] = [];
afterAll(() => open.forEach((i) => i.closeSync()));

async function databaseOf(runs: readonly Run[]): Promise<DuckDbProject> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  open.push(instance);
  const conn = await instance.connect();
  await importRuns(conn, runs);
  return DuckDbProject.attach(conn);
}

function same(runs: readonly Run[], db: () => Promise<DuckDbProject>, now: number) {
  const env = { schema: inferSchema(runs), variables: { runs: T.List(T.Run) } };
  const options = { now: new DateValue(now) };
  return async (expr: string) => {
    const expected = await outcome(() => evaluate(expr, { runs }, { ...options, env }));
    expect(await outcome(async () => (await db()).evaluate(expr, options))).toEqual(expected);
  };
}

describe("op examples through the DuckDB engine", () => {
  let db: Promise<DuckDbProject> | undefined;
  const check = same(docRuns, () => (db ??= databaseOf(docRuns)), docNow);
  const examples = standardOps.flatMap((op) => op.doc.examples.map((ex) => ({ op: op.name, expr: ex.expr })));
  test.for(examples)("$op: $expr", async ({ expr }) => check(expr));
});

describe("conformance cases through the DuckDB engine", () => {
  const NOW = Date.UTC(2026, 2, 11);
  const groups = readdirSync(conformanceDir).filter((f) => f.endsWith(".json") && f !== "known-failures.json");
  const cases = groups.flatMap((g) =>
    (JSON.parse(readFileSync(new URL(g, conformanceDir), "utf8")) as { name: string; expr: string; dataset?: string; bindings?: object }[])
      .filter((c) => c.dataset !== undefined && c.bindings === undefined)
      .map((c) => ({ group: g.slice(0, -5), ...c })),
  );
  const byDataset = new Map<string, { runs: readonly Run[]; db?: Promise<DuckDbProject> }>();
  test.for(cases)("$group: $name", async ({ expr, dataset }) => {
    let d = byDataset.get(dataset!);
    if (d === undefined) {
      const loaded = loadRunsDocument(readFileSync(new URL(`${dataset}.json`, datasetsDir), "utf8"), { fileName: `${dataset}.json` });
      byDataset.set(dataset!, (d = { runs: loaded.runs }));
    }
    const entry = d;
    await same(entry.runs, () => (entry.db ??= databaseOf(entry.runs)), NOW)(expr);
  });
});
