/**
 * The REPL in a real terminal (tmux, test/tty.ts): `:load` of a path with a space, in quotes, and a run whose
 * name and config hold escape sequences shown as text rather than clearing the screen or changing colors.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atPrompt, hasTmux, Tty } from "../../../../test/tty.js";

const BIN = fileURLToPath(new URL("../../bin/qel.js", import.meta.url));
const BUILD = fileURLToPath(new URL("../../build.mjs", import.meta.url));
const tty = new Tty();
const dir = join(mkdtempSync(join(tmpdir(), "qel-tty-controls-")), "x y");
const file = join(dir, "esc.json");

describe.skipIf(!hasTmux)("the REPL shows control characters from the data escaped (needs tmux)", () => {
  beforeAll(async () => {
    mkdirSync(dir);
    writeFileSync(file, JSON.stringify([{ name: "a\u001b[2J\u001b[HPWNED", createdAt: "2024-01-01T00:00:00Z", config: { v: "a\u001b[31mRED\u001b[0m" } }]));
    execFileSync(process.execPath, [BUILD], { stdio: "pipe" });
    tty.start(`TZ=UTC NO_COLOR=1 QEL_HISTORY= '${process.execPath}' '${BIN}'`, 120, 40);
    await tty.waitFor((s) => atPrompt(s), "the first prompt", 60_000);
  }, 120_000);

  afterAll(() => tty.kill());

  it(":load takes a quoted path with a space", async () => {
    const out = await tty.enter(`:load "${file}"`, (o) => o.includes("loaded in"));
    expect(out).toMatch(/^project .* · 1 run loaded in/);
  });

  it("a table and a run card show the escape sequences as text; the screen keeps what was above", async () => {
    const table = await tty.enter("runs", (o) => o.includes("list<Run>"));
    expect(table).toContain("a\\u001b[2J\\u001b[HPWNED");
    const card = await tty.enter("runs[0]", (o) => o.includes("Run"));
    expect(card).toContain('v: "a\\u001b[31mRED\\u001b[0m"');
    const rows = await tty.enter("runs.map(r => {n: r.name, v: r.config.v})", (o) => o.includes("list<"));
    expect(rows).toContain("a\\u001b[31mRED\\u001b[0m");
    // A raw ESC [2J would have cleared the screen: the `:load` line typed first is still there.
    expect(tty.screen()).toContain(`:load "${file}"`);
  });
});
