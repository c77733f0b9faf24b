import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as qel from "@qel/lang";

const text = readFileSync(new URL("../docs/services.md", import.meta.url), "utf8");

/** Every `call; // → result` line of the page's ts blocks: each call is run against @qel/lang and its result compared. */
const examples = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap((m) =>
  m[1]!.split("\n").filter((line) => line.includes("// →")).map((line) => {
    const [code, expected] = line.split("// →") as [string, string];
    return [code.trim().replace(/;$/, ""), expected.trim()] as const;
  }),
);

test("docs/services.md has examples", () => {
  expect(examples.length).toBeGreaterThanOrEqual(8);
});

describe("every example in docs/services.md gives what the page says", () => {
  test.for(examples)("%s", ([code, expected]) => {
    // the page's `a` is the analysis it declares before using it
    const scope = { ...qel, a: qel.analyze("runs.filter(r => r.con") };
    const run = new Function(...Object.keys(scope), `return (${code});`) as (...args: unknown[]) => unknown;
    expect(run(...Object.values(scope))).toEqual(JSON.parse(expected));
  });
});
