/**
 * Conformance: every case of test/conformance/<group>.json is evaluated over its dataset and compared, as JSON
 * (toJsonValue), with its `result`, or its `error` code and span. Seed cases are also checked against the plain
 * JavaScript oracles of oracles.ts. Cases in known-failures.json must fail; one that passes fails the harness, so
 * the list never outlives its reasons.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { evaluate, QelError, type Span } from "@qel/lang";
import { loadRunsDocument, toJsonValue, type Run } from "@qel/ops";
import { NOW, oracles, type RawRun } from "./oracles.js";

interface Case {
  readonly name: string;
  readonly expr: string;
  readonly dataset?: string;
  readonly bindings?: Record<string, unknown>;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly span?: Span };
}

interface KnownFailure {
  readonly group: string;
  readonly name: string;
  readonly reason: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const datasetsDir = join(here, "..", "datasets");

const datasets = new Map<string, { runs: readonly Run[]; raw: readonly RawRun[] }>();
function dataset(name: string): { runs: readonly Run[]; raw: readonly RawRun[] } {
  let d = datasets.get(name);
  if (d === undefined) {
    const text = readFileSync(join(datasetsDir, `${name}.json`), "utf8");
    const loaded = loadRunsDocument(text, { fileName: `${name}.json` });
    if (loaded.issues.some((i) => i.severity === "error")) throw new Error(`dataset ${name}: ${loaded.issues.map((i) => i.message).join("; ")}`);
    d = { runs: loaded.runs, raw: (JSON.parse(text) as { runs: RawRun[] }).runs };
    datasets.set(name, d);
  }
  return d;
}

const known: readonly KnownFailure[] = JSON.parse(readFileSync(join(here, "known-failures.json"), "utf8")) as KnownFailure[];
const groups = readdirSync(here).filter((f) => f.endsWith(".json") && f !== "known-failures.json").map((f) => f.slice(0, -5)).sort();

type Outcome = { ok: true } | { ok: false; why: string };

function run(c: Case): Outcome {
  const runs = c.dataset !== undefined ? dataset(c.dataset).runs : [];
  let value: unknown;
  try {
    value = toJsonValue(evaluate(c.expr, { runs, ...c.bindings }, { now: NOW }));
  } catch (e) {
    if (!(e instanceof QelError)) return { ok: false, why: `threw a non-QelError: ${String(e)}` };
    if (c.error === undefined) return { ok: false, why: `failed: ${e.diagnostic.code}: ${e.message}` };
    if (e.diagnostic.code !== c.error.code) return { ok: false, why: `code ${e.diagnostic.code} (${e.message}), expected ${c.error.code}` };
    if (c.error.span !== undefined && (e.diagnostic.span.start !== c.error.span.start || e.diagnostic.span.end !== c.error.span.end)) {
      return { ok: false, why: `span ${JSON.stringify(e.diagnostic.span)}, expected ${JSON.stringify(c.error.span)}` };
    }
    return { ok: true };
  }
  if (c.error !== undefined) return { ok: false, why: `evaluated to ${JSON.stringify(value)}, expected ${c.error.code}` };
  const same = JSON.stringify(value) === JSON.stringify(c.result);
  return same ? { ok: true } : { ok: false, why: `got ${JSON.stringify(value)}, expected ${JSON.stringify(c.result)}` };
}

for (const group of groups) {
  const cases = JSON.parse(readFileSync(join(here, `${group}.json`), "utf8")) as Case[];
  describe(group, () => {
    test("case names are unique", () => {
      expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    });
    test.for(cases)("$name", (c) => {
      const listed = known.find((k) => k.group === group && k.name === c.name);
      const outcome = run(c);
      if (listed !== undefined) {
        expect(outcome.ok, `listed as a known failure (${listed.reason}) but passes: remove it from known-failures.json`).toBe(false);
      } else {
        expect(outcome.ok ? "ok" : outcome.why).toBe("ok");
      }
    });
  });
}

describe("seed oracles", () => {
  const seed = JSON.parse(readFileSync(join(here, "seed.json"), "utf8")) as Case[];
  test("every seed case has an oracle, and every oracle a case", () => {
    expect(seed.map((c) => c.name).sort()).toEqual(Object.keys(oracles).sort());
  });
  test.for(seed)("$name agrees with plain JavaScript", (c) => {
    const oracle = oracles[c.name]!;
    expect(JSON.stringify(oracle(dataset(c.dataset ?? "runs-basic").raw))).toBe(JSON.stringify(c.result));
  });
});

test("every known failure names an existing case and gives a reason", () => {
  for (const k of known) {
    const cases = JSON.parse(readFileSync(join(here, `${k.group}.json`), "utf8")) as Case[];
    expect(cases.some((c) => c.name === k.name), `${k.group}: ${k.name}`).toBe(true);
    expect(k.reason.length).toBeGreaterThan(10);
  }
});
