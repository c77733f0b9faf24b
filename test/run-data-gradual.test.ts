/**
 * Gradual types over the real runs of ../shared/real-runs (docs/language.md "Types from data"): runs from many
 * projects disagree on a key's kind, and the queries a new user writes first still check and answer, with the
 * schema the REPL infers from the runs (warnings name the kinds that give null) and without one (all `any`).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { compile, type CompileEnv } from "@qel/lang";
import { inferSchema, T, toJsonValue, type Run } from "@qel/ops";
import { loadRunsFromPath } from "../packages/repl/src/loaders/load-path.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const REAL = resolve(repoRoot, "../shared/real-runs");
const present = existsSync(REAL);

describe.skipIf(!present)(present ? "gradual types over ../shared/real-runs" : "gradual types: ../shared/real-runs is absent, skipped", () => {
  let runs: readonly Run[] = [];
  let withSchema: CompileEnv = {};
  const withoutSchema: CompileEnv = { cache: false };
  beforeAll(async () => {
    runs = (await loadRunsFromPath(REAL)).runs;
    withSchema = { schema: inferSchema(runs), variables: { runs: T.List(T.Run) }, cache: false };
  }, 120_000);
  const answer = (src: string, env: CompileEnv): { value: unknown; warnings: string[] } => {
    const c = compile(src, env);
    return { value: toJsonValue(c.run({ runs })), warnings: c.warnings.map((w) => w.code) };
  };

  test("the schema disagrees with itself where the runs do", () => {
    const schema = inferSchema(runs);
    expect(schema.config.get("optimizer")?.kind).toBe("union");
    expect(schema.summary.get("Episode reward")?.kind).toBe("union");
  });

  const get = (d: ReadonlyMap<string, unknown>, k: string): unknown => d.get(k) ?? null;
  const num = (x: unknown): number | null => (typeof x === "number" ? x : typeof x === "string" && x.trim() !== "" && !Number.isNaN(Number(x)) ? Number(x) : null);
  // each query with the same question asked in plain JavaScript over the loaded runs
  test.for([
    // a string in most runs, a dict with `method` in one project's
    ['runs.filter(r => r.config.optimizer.method == "lion").count', ["partial_match"],
      () => runs.filter((r) => { const o = get(r.config, "optimizer"); return o instanceof Map && o.get("method") === "lion"; }).length],
    // numbers in W&B runs, strings in MLflow params
    ["runs.filter(r => r.config.alpha.toNumber > 0.1).count", [],
      () => runs.filter((r) => (num(get(r.config, "alpha")) ?? -Infinity) > 0.1).length],
    // one run logged a histogram dict where the others logged a number: it counts as null
    ['runs.summary["Episode reward"].dropna.max', ["partial_match"],
      () => Math.max(...runs.map((r) => get(r.summary, "Episode reward")).filter((x): x is number => typeof x === "number" && !Number.isNaN(x)))],
    // on a dict `.typeOf` would read a key: ops on dicts need parentheses
    ['runs.filter(r => typeOf(r.config.optimizer) == "dict").count', [], () => runs.filter((r) => get(r.config, "optimizer") instanceof Map).length],
    ["runs.filter(r => r.config.no_such_key.isNone).count", ["unknown_key"], () => runs.length],
  ] as const)("%s", ([src, warnings, js]) => {
    const value = js();
    expect(value).not.toBe(0);
    expect(answer(src, withSchema)).toEqual({ value, warnings });
    expect(answer(src, withoutSchema)).toEqual({ value, warnings: [] });
  });

  test("where no kind fits it is still an error", () => {
    expect(() => compile('runs.map(r => r.config.optimizer - "x")', withSchema)).toThrow(/no overload of `-`/);
  });
});
