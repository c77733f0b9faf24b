/**
 * The REPL's commands in a real terminal (tmux), as a person uses them: `:schema PREFIX`, `:help`'s op list,
 * `:show` for what a table cut, a sorted table's column, the hints for common mistakes, and Ctrl-C during a
 * `:load` of a large runs file.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, buildBundle } from "./cli/qel.js";
import { after, atPrompt, hasTmux, Tty } from "./tty.js";

const REAL = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared/real-runs");
const present = existsSync(REAL);
const tty = new Tty();
const dir = mkdtempSync(join(tmpdir(), "qel-tty-commands-"));

/** `Tty.enter` with this file's wait. */
const enter = (input: string, done?: (out: string) => boolean): Promise<string> => tty.enter(input, done, 20_000);

/** A JSON Lines runs file of `n` runs with 40 history rows each (about 2.2 KB a run). */
function bigRunsFile(n: number): string {
  const file = join(dir, "big.jsonl");
  const history = Array.from({ length: 40 }, (_, s) => ({ _step: s, loss: 1 / (s + 1), acc: s / 40 }));
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({
      name: `run-${i}`, jobType: "train", state: "finished", createdAt: "2026-03-01T10:00:00Z", heartbeatAt: "2026-03-01T11:00:00Z",
      user: { username: `u${i % 13}`, name: null, email: null }, config: { lr: 0.001 * (i % 10), seed: i }, summary: { acc: (i % 100) / 100 }, history,
    }));
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const title = !present ? "REPL commands in a terminal: ../shared/real-runs is absent, skipped" : "REPL commands in a terminal (needs tmux)";
describe.skipIf(!hasTmux || !present)(title, () => {
  beforeAll(async () => {
    buildBundle();
    tty.start(`TZ=UTC QEL_HISTORY= '${process.execPath}' '${BIN}' --runs '${REAL}'`, 120, 60);
    await tty.waitFor((s) => atPrompt(s), "the first prompt", 90_000);
  }, 120_000);

  afterAll(() => tty.kill());

  it(":schema PREFIX lists the keys starting with it; a cut list says how to see the rest", async () => {
    const all = await enter(":schema", (out) => out.includes("not shown"));
    expect(all).toMatch(/… \d+ more config keys not shown/);
    expect(all.split("\n").at(-1)).toMatch(/^\d+ keys not shown: `:schema PREFIX` lists the keys starting with PREFIX .*`:schema --all` lists every one$/);
    const narrowed = await enter(":schema summary.val", (out) => out.includes("summary ("));
    const lines = narrowed.split("\n");
    expect(lines[0]).toMatch(/^summary \(\d+ of \d+ keys start with "val"\)$/);
    expect(lines.slice(1).every((l) => /^ {2}"?val/i.test(l))).toBe(true);
  });

  it(":help lists every op, coalesce and at among them", async () => {
    const help = await enter(":help", (out) => out.includes("duration"));
    expect(help).toContain("coalesce (a ?? b)");
    expect(help).toContain("at (xs[i])");
    expect(help).toMatch(/\bminBy\b/);
    expect(await enter(":help argminBy")).toBe("no op named argminBy (did you mean minBy?)");
  });

  it("shows a cut nested cell whole with :show, and the column a table was sorted by", async () => {
    const table = await enter("runs.filter(r => r.config.keys().count > 3).map(r => {name: r.name, config: r.config}).limit(3)", (out) => out.includes("list<"));
    expect(table).toContain("…");
    expect(table).toContain("(cells cut with …: `:show 0` shows the first row whole, `:show ROW` any other)");
    const shown = await enter(":show 1", (out) => /\n\{name: string, config: ConfigDict\}\|null$/.test(out));
    expect(shown.split("\n")[0]).toMatch(/^name: "/);
    expect(shown.split("\n")[1]).toBe("config:");
    expect(shown).not.toContain("…");
    const sorted = await enter('runs.filter(r => r.summary._runtime != null).sort(r => r.summary._runtime, "desc").limit(3)', (out) => out.includes("list<Run>"));
    const header = sorted.split("\n")[0]!.split(/\s{2,}/);
    expect(header.slice(0, 7)).toEqual(["name", "job type", "state", "user", "created", "runtime", "_runtime"]);
  });

  it("hints where people stumble", async () => {
    expect(await enter("runs.map(r => r.summary.val/acc)", (out) => out.includes("hint"))).toContain('hint: `/` divides here; to read the key "val/acc" write `r.summary["val/acc"]`');
    expect(await enter('runs.filter(r => r.createdAt > "2024-01-01")', (out) => out.includes("hint"))).toContain('hint: a string is not a date; compare with `date("2024-01-01")`');
    const row = await enter("row.config.lr", (out) => out.includes("hint"));
    expect(row).toContain("hint: `row` is not defined here; `runs` holds the runs");
    expect(row).not.toContain("`now`");
    expect(await enter('runs[0]["name"]', (out) => out.includes("string"))).toMatch(/^"[^"]+"\nstring\|null$/);
  });

  it("stops a :load of a large runs file on Ctrl-C and keeps the runs loaded before", async () => {
    const count = await enter("runs.count", (out) => out.includes("number"));
    const file = bigRunsFile(60_000);
    tty.type(`:load ${file}`);
    tty.key("Enter");
    await tty.waitFor((s) => /loading .*big\.jsonl/.test(after(s, `:load ${file}`)), "the loading spinner", 20_000);
    tty.key("C-c");
    const s = await tty.waitFor((x) => atPrompt(x) && after(x, `:load ${file}`).includes("error"), "the stopped load", 20_000);
    const out = after(s, `:load ${file}`);
    expect(out).toMatch(/error: stopped loading .*big\.jsonl; the 249 runs of real-runs are still loaded/);
    expect(out).not.toContain("restarted");
    expect(await enter("runs.count", (o) => o.includes("number"))).toBe(count);
  });
});
