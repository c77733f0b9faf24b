/**
 * Typing and pasting into the REPL in a real terminal (tmux): entries that go on to the next line, lines starting
 * with `.` that continue the previous entry, and a bracketed paste of several lines that runs once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, buildBundle, qel } from "./cli/qel.js";
import { after, atPrompt, hasTmux, Tty } from "./tty.js";

const tty = new Tty();
const dir = mkdtempSync(join(tmpdir(), "qel-tty-input-"));

/** Evaluations of `input` shown on the screen: each prints its type line after its value. */
function typeLines(screen: string, type: string): number {
  return screen.split("\n").filter((l) => l === type).length;
}

describe.skipIf(!hasTmux)("typing and pasting multi-line entries (needs tmux)", () => {
  beforeAll(async () => {
    buildBundle();
    tty.start(`TZ=UTC QEL_HISTORY='${join(dir, "history")}' '${process.execPath}' '${BIN}'`);
    await tty.waitFor((s) => atPrompt(s), "the first prompt", 60_000);
  }, 120_000);

  afterAll(() => tty.kill());

  it("goes on after a line ending in an operator or =>", async () => {
    tty.type("[3, 4].map(x =>");
    tty.key("Enter");
    await tty.waitFor((s) => s.endsWith("...>"), "the continuation prompt");
    tty.type("x *");
    tty.key("Enter");
    await tty.waitFor((s) => s.endsWith("...>"), "the continuation prompt again");
    tty.type("10)");
    tty.key("Enter");
    const s = await tty.waitFor((x) => atPrompt(x) && after(x, "10)").includes("list<number>"), "the result");
    expect(after(s, "10)").split("\n").slice(0, 2)).toEqual(["[30, 40]", "list<number>"]);
  });

  it("continues the previous entry with a line starting with `.`, as the formatter writes", async () => {
    tty.type("[5, 1, 7]");
    tty.key("Enter");
    await tty.waitFor((s) => atPrompt(s) && after(s, "[5, 1, 7]").includes("list<number>"), "the list");
    tty.type("  .sort");
    tty.key("Enter");
    await tty.waitFor((s) => atPrompt(s) && after(s, "  .sort").includes("list<number>"), "the sorted list");
    tty.type("  .first");
    tty.key("Enter");
    const s = await tty.waitFor((x) => atPrompt(x) && after(x, "  .first").includes("number|null"), "the first element");
    expect(after(s, "  .first").split("\n").slice(0, 2)).toEqual(["1", "number|null"]);
    // Up recalls the whole continued entry as one line.
    tty.key("Up");
    await tty.waitFor((x) => x.endsWith("qel> [5, 1, 7] .sort .first"), "the folded history entry");
    tty.key("C-c");
    await tty.waitFor((x) => atPrompt(x), "a clear prompt");
  });

  it("says so when a `.` line has nothing to continue", async () => {
    tty.type(":vars");
    tty.key("Enter");
    await tty.waitFor((s) => atPrompt(s) && after(s, ":vars") !== "", "the variables");
    tty.type(".count");
    tty.key("Enter");
    const s = await tty.waitFor((x) => atPrompt(x) && after(x, ".count") !== "", "the error");
    expect(after(s, ".count")).toMatch(/^error: a line starting with `\.` continues the previous expression/);
  });

  it("runs a bracketed paste of several lines once", async () => {
    const text = "[2, 9, 4]\n  .map(x => x * 100)\n  .max\n";
    tty.paste(text);
    const s = await tty.waitFor((x) => atPrompt(x) && after(x, "[2, 9, 4]").includes("number"), "the pasted entry's result");
    // One result for the three lines: the list alone and the mapped list are never shown.
    const out = after(s, "[2, 9, 4]");
    expect(out).toContain("900");
    expect(typeLines(out, "list<number>")).toBe(0);
    expect(typeLines(out, "number|null")).toBe(1);
  });

  it("waits for Enter when a paste ends without a newline", async () => {
    tty.paste("[1, 2]\n  .map(x => x + 0.5)");
    await tty.waitFor((s) => s.endsWith("qel> [1, 2]\n  .map(x => x + 0.5)"), "the pasted last line in the editor");
    await new Promise((r) => setTimeout(r, 300));
    expect(tty.screen()).toMatch(/\n {2}\.map\(x => x \+ 0\.5\)$/);
    tty.key("Enter");
    const s = await tty.waitFor((x) => atPrompt(x) && after(x, "[1, 2]").includes("list<number>"), "the result");
    expect(after(s, "[1, 2]").split("\n").slice(1, 3)).toEqual(["[1.5, 2.5]", "list<number>"]);
  });
});

describe("piped lines", () => {
  it("join a `.` line to the entry before it, which runs once, in order with the rest", () => {
    buildBundle();
    const r = qel([], { stdin: "[1, 2]\n  .map(x => x * 2)\n  .sum\n1 +\n2\n:vars\n.count\n" });
    expect(r.code).toBe(0);
    expect(r.lines.slice(1)).toEqual([
      "6", "number",
      "3", "number",
      "_ = the last result  : number",
      "error: a line starting with `.` continues the previous expression, and there is none",
    ]);
  });
});
