/**
 * docs/panels.md cannot drift: each ```ts example there is an expression over @qel/lang's API followed by
 * `// → JSON`, and the expression's value must match that JSON (objects may show only some of their fields).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as lang from "@qel/lang";

const { T } = lang;
const schema: lang.RunSchema = {
  config: new Map<string, lang.Type>([["learning_rate", T.Number]]),
  summary: new Map<string, lang.Type>([["accuracy", T.Number]]),
  history: new Map<string, lang.Type>(),
};
const scope: Record<string, unknown> = { ...lang, schema };

const page = readFileSync(new URL("../docs/panels.md", import.meta.url), "utf8");
const examples = [...page.matchAll(/^```ts\n([\s\S]*?)^\/\/ → (.*)\n```$/gm)].map((m) => ({ code: m[1]!.trim(), expected: m[2]! }));

test("the page has examples", () => {
  expect(examples.length).toBeGreaterThanOrEqual(10);
});

describe("docs/panels.md examples give their stated results", () => {
  test.for(examples)("$code", ({ code, expected }) => {
    const run = new Function(...Object.keys(scope), `return (${code});`) as (...args: unknown[]) => unknown;
    const value = JSON.parse(JSON.stringify(run(...Object.values(scope)))) as unknown;
    const want = JSON.parse(expected) as unknown;
    if (typeof want === "object" && want !== null && !Array.isArray(want)) expect(value).toMatchObject(want);
    else expect(value).toEqual(want);
  });
});
