/**
 * Hostile expressions (attacks.json): each must end with its expected diagnostic code or evaluate to its expected
 * safe result, throw nothing but a QelError, and leave JavaScript's prototypes as they were.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { evaluate, QelError } from "@qel/lang";
import { loadRunsDocument, toJsonValue } from "@qel/ops";

interface Attack {
  readonly name: string;
  readonly expr: string;
  readonly bindings?: Record<string, unknown>;
  readonly result?: unknown;
  readonly error?: { readonly code: string };
}

const here = dirname(fileURLToPath(import.meta.url));
const attacks = JSON.parse(readFileSync(join(here, "attacks.json"), "utf8")) as Attack[];
const runs = loadRunsDocument(readFileSync(join(here, "..", "datasets", "runs-basic.json"), "utf8"), { fileName: "runs-basic.json" }).runs;
const prototypeKeys = (): string[] => [Object.prototype, Array.prototype, Function.prototype, Map.prototype, String.prototype].flatMap((p) => Object.getOwnPropertyNames(p)).sort();
const before = prototypeKeys();

test("there are at least 50 attacks", () => {
  expect(attacks.length).toBeGreaterThanOrEqual(50);
});

test.for(attacks)("$name", (a) => {
  let outcome: unknown;
  try {
    outcome = { result: toJsonValue(evaluate(a.expr, { runs, ...a.bindings }, { now: 0 })) };
  } catch (e) {
    expect(e).toBeInstanceOf(QelError);
    outcome = { error: { code: (e as QelError).diagnostic.code } };
  }
  expect(outcome).toEqual(a.error !== undefined ? { error: a.error } : { result: a.result });
});

afterAll(() => {
  expect(prototypeKeys()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
