import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { qelExamples } from "./markdown.js";
import { parse } from "../packages/lang/src/syntax/parse.js";
import { format } from "../packages/lang/src/syntax/print.js";


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
