import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { qelExamples } from "./markdown.js";
import { parse } from "../packages/lang/src/syntax/parse.js";
import { format } from "../packages/lang/src/syntax/print.js";
import { evaluate, toJsonValue } from "@qel/lang";


const examples = qelExamples(readFileSync(new URL("../docs/language.md", import.meta.url), "utf8"));

test("the language guide has examples", () => {
  expect(examples.length).toBeGreaterThan(40);
});

describe("every example in docs/language.md parses and formats stably", () => {
  test.for(examples)("%s", (source) => {
    const parsed = parse(source);
    expect(parsed.diagnostics).toEqual([]);
    const once = format(source);
    if (!once.ok) throw new Error(once.diagnostics.map((d) => d.message).join("; "));
    expect(format(once.value)).toEqual(once);
  });
});

/** The rows of the "Corner cases" table: `expression`, then the JSON of its result. */
function cornerCases(markdown: string): [string, string][] {
  const start = markdown.indexOf("\n## Corner cases");
  const section = markdown.slice(start, markdown.indexOf("\n## ", start + 1));
  return [...section.matchAll(/^\| `(.+?)` \| `(.+?)` \|/gm)].map((m) => [m[1]!.replace(/\\\|/g, "|"), m[2]!]);
}

const corners = cornerCases(readFileSync(new URL("../docs/language.md", import.meta.url), "utf8"));

describe("every corner case of docs/language.md evaluates to the result it shows", () => {
  test("the table is there", () => {
    expect(corners.length).toBeGreaterThan(20);
  });
  test.for(corners)("%s", ([src, result]) => {
    expect(toJsonValue(evaluate(src, { runs: [] }))).toEqual(JSON.parse(result));
  });
});
