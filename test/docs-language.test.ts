import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "../packages/lang/src/parse.js";
import { format } from "../packages/lang/src/print.js";

/**
 * The expressions in the ```qel blocks of a markdown file: one per line, a line that starts with whitespace
 * continuing the one before.
 */
function qelExamples(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/^```qel\n([\s\S]*?)^```$/gm)) {
    for (const line of (block[1] ?? "").split("\n")) {
      if (line.trim() === "") continue;
      if (/^\s/.test(line) && out.length > 0) out[out.length - 1] += `\n${line}`;
      else out.push(line);
    }
  }
  return out;
}

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
