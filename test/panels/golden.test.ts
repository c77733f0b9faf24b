/**
 * The golden corpus: saved panel documents with the type and the result they had when saved, over a fixed
 * dataset (test/datasets/runs-basic.json) and a fixed clock. Every change to the language must keep these: it is
 * the promise that saved panels keep their meaning. A document here is never edited to match new behaviour; a
 * change that breaks one needs a new language version and a migration that restores the result.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compile, inferSchema, load, toJsonValue } from "@qel/lang";
import { loadRunsDocument } from "@qel/ops";

interface Golden {
  readonly doc: { readonly qel: number; readonly expr: string; readonly title: string };
  readonly type: string;
  readonly result: unknown;
}

const corpus = JSON.parse(readFileSync(new URL("./golden.json", import.meta.url), "utf8")) as Golden[];
const { runs } = loadRunsDocument(readFileSync(new URL("../datasets/runs-basic.json", import.meta.url), "utf8"), { fileName: "runs-basic.json" });
const schema = inferSchema(runs);
const now = new Date("2026-04-01T00:00:00Z");

test("the corpus covers many panels", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(30);
});

describe("saved panels keep their type and result", () => {
  test.for(corpus)("$doc.title: $doc.expr", ({ doc, type, result }) => {
    const loaded = load(structuredClone(doc), { schema });
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(loaded.type).toBe(type);
    const { qel: _version, expr: _text, ...host } = loaded.document as Record<string, unknown>;
    const { qel: _savedVersion, expr: _savedText, ...savedHost } = doc;
    expect(host).toEqual(savedHost);
    const value = compile(loaded.expr, { schema }).run({ runs }, { now });
    expect(toJsonValue(value)).toEqual(result);
  });
});
