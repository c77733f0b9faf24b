import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { QelParser } from "../packages/lang/src/syntax/parser.js";
import { grammarFiles } from "../scripts/gen-grammar.js";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("generated grammar files match the parser (regenerate: node --import tsx scripts/gen-grammar.ts)", () => {
  test.for(grammarFiles().map((f) => [f.path, f.content] as const))("%s", ([path, content]) => {
    expect(readFileSync(root + path, "utf8") === content, `${path} is stale`).toBe(true);
  });
});

test("the grammar passes chevrotain's validations (skipped when the shared parser is built)", () => {
  expect(() => new QelParser({ skipValidations: false })).not.toThrow();
});

test("the EBNF names every rule of the parser", () => {
  const ebnf = grammarFiles().find((f) => f.path === "grammar/qel.ebnf")?.content ?? "";
  const rules = new QelParser().getGAstProductions();
  for (const name of Object.keys(rules)) expect(ebnf).toMatch(new RegExp(`^${name} ::= `, "m"));
});
