/**
 * The expressions in the ```qel blocks of a markdown file: one per line, a line that starts with whitespace
 * continuing the one before.
 */
export function qelExamples(markdown: string): string[] {
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

/** The ```js blocks of a markdown file, each a whole ES module a host could save and run. */
export function jsExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
}
