// Regenerates grammar/qel.ebnf, grammar/diagrams.html and packages/lang/src/syntax/cst.generated.ts from the parser.
// Run: node --import tsx scripts/gen-grammar.ts
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderCstDts, renderDiagrams, renderEbnf } from "../packages/lang/src/syntax/syntax-grammar.js";

/** The generated files, by path relative to the repository root. */
export function grammarFiles(): ReadonlyArray<{ readonly path: string; readonly content: string }> {
  return [
    { path: "grammar/qel.ebnf", content: renderEbnf() },
    { path: "grammar/diagrams.html", content: renderDiagrams() },
    { path: "packages/lang/src/syntax/cst.generated.ts", content: renderCstDts() },
  ];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  for (const file of grammarFiles()) writeFileSync(root + file.path, file.content);
}
