/**
 * The op names of the shared ops spec against the standard registry: every op of the run-op table with its
 * short alias, every named op of the list, dict, number, string and date sections, and the W&B Weave spellings
 * must resolve, each with a documented example. The spec lives beside the repository, in ../shared/spec (or
 * QEL_SPEC_DIR); without it these tests are skipped and say so.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { standardRegistry } from "../packages/ops/src/std.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const specPath = join(process.env["QEL_SPEC_DIR"] ?? resolve(repoRoot, "../shared/spec"), "ops.md");
const spec = existsSync(specPath) ? readFileSync(specPath, "utf8") : "";

/** The text of the `## title…` section, up to the next `## `. */
function section(title: string): string {
  const start = spec.indexOf(`\n## ${title}`);
  if (start < 0) return "";
  const end = spec.indexOf("\n## ", start + 1);
  return spec.slice(start, end < 0 ? undefined : end);
}

/** Identifiers written as code, alone or called: `count`, `sort(key[, "asc"|"desc"])`, `Date("…")`. */
function namedOps(text: string): string[] {
  const names = [...text.matchAll(/`([^`]+)`/g)].flatMap((m) => {
    const n = /^([A-Za-z_][A-Za-z0-9_]*)(?:\(.*\))?$/.exec(m[1]!);
    return n === null ? [] : [n[1]!];
  });
  return [...new Set(names)];
}

/** [name, short alias] of the run-op table and the "Also:" line below it. */
function runOps(): [string, string][] {
  const text = section("Run operations");
  const rows = [...text.matchAll(/^\| (run\w+) \| (\w+) \|/gm)].map((m): [string, string] => [m[1]!, m[2]!]);
  const also = [...text.matchAll(/`(run\w+)`\/(\w+)/g)].map((m): [string, string] => [m[1]!, m[2]!]);
  return [...rows, ...also];
}

function fieldNames(prefix: string): string[] {
  const line = section("ArtifactVersion and User").split(/(?=ArtifactVersion:|User:)/).find((l) => l.startsWith(`${prefix}:`)) ?? "";
  return namedOps(line);
}

const sections = ["Lists", "Spellings from W&B Weave", "Dicts", "Numbers, strings, booleans, nulls", "Dates and durations"];

describe.skipIf(spec === "")(`the shared ops spec's op names (${specPath})`, () => {
  test("the spec parses into the expected number of names", () => {
    expect(runOps().length).toBe(16);
    for (const s of sections) expect(namedOps(section(s)).length, s).toBeGreaterThan(3);
  });

  test.for(runOps())("run op %s (alias %s)", ([name, alias]) => {
    const op = standardRegistry.lookup(name);
    expect(op?.name).toBe(name);
    expect(standardRegistry.lookup(alias)).toBe(op);
    expect(op!.overloads.some((o) => o.params[0]?.kind === "run")).toBe(true);
    expect(op!.doc.examples.length).toBeGreaterThan(0);
  });

  test.for(sections.flatMap((s) => namedOps(section(s)).map((n) => [s, n] as const)))("%s: %s", ([, name]) => {
    const op = standardRegistry.lookup(name);
    expect(op, `${name} is not registered`).toBeDefined();
    expect(op!.doc.examples.length).toBeGreaterThan(0);
  });

  test.for([
    ...fieldNames("ArtifactVersion").map((n) => ["artifactVersion", n] as const),
    ...fieldNames("User").map((n) => ["user", n] as const),
  ])("%s field %s", ([kind, name]) => {
    const op = standardRegistry.lookup(name);
    expect(op?.overloads.some((o) => o.params.length === 1 && o.params[0]?.kind === kind)).toBe(true);
  });

  test("W&B Weave spellings run as the ops they name", () => {
    for (const [alias, name] of [["groupby", "groupBy"], ["groupkey", "key"], ["joinToStr", "join"], ["Date", "date"], ["mean", "avg"], ["getTime", "toMillis"]]) {
      expect(standardRegistry.lookup(alias!)?.name).toBe(name);
    }
  });
});
