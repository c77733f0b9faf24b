/**
 * The interactive REPL in a real pseudo-terminal: tmux runs `qel`, keys go in with send-keys, and the screen
 * comes back with capture-pane. Skipped when tmux is not installed (`apt-get install -y tmux`).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, buildBundle } from "./cli/qel.js";

const hasTmux = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
const SOCKET = `qel-test-${process.pid}`;
const TARGET = "qel";

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", SOCKET, "-f", "/dev/null", ...args], { encoding: "utf8" });
}

/** The visible screen, trailing blank lines removed. */
function screen(): string {
  return tmux("capture-pane", "-p", "-t", TARGET).replace(/\s+$/, "");
}

/** Waits until `test` holds for the screen; fails with the screen shown when it does not in time. */
async function waitFor(test: (s: string) => boolean, what: string, timeoutMs = 8000): Promise<string> {
  const started = Date.now();
  let s = "";
  while (Date.now() - started < timeoutMs) {
    s = screen();
    if (test(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
}

/** The screen from the last line showing `input` at a prompt. */
function after(s: string, input: string): string {
  const lines = s.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.includes(`> ${input}`)) return lines.slice(i + 1).join("\n");
  return "";
}

function type(text: string): void {
  tmux("send-keys", "-t", TARGET, "-l", text);
}

function key(...keys: string[]): void {
  tmux("send-keys", "-t", TARGET, ...keys);
}

/** Types an expression, presses Enter, waits for the next prompt after its output, and returns that output. */
async function enter(input: string, expectText: string | RegExp): Promise<string> {
  type(input);
  key("Enter");
  const s = await waitFor((x) => {
    const out = after(x, input);
    return (typeof expectText === "string" ? out.includes(expectText) : expectText.test(out)) && /qel> $/m.test(`${out} `);
  }, `the output of ${input}`);
  return after(s, input);
}

const dir = mkdtempSync(join(tmpdir(), "qel-tty-"));
const historyFile = join(dir, "history");
const exitFile = join(dir, "exit-code");

describe.skipIf(!hasTmux)("the REPL in a terminal (needs tmux)", () => {
  beforeAll(async () => {
    buildBundle();
    // The shell records the exit code, which outlives the pane.
    const command = `TZ=UTC QEL_HISTORY='${historyFile}' '${process.execPath}' '${BIN}'; echo $? > '${exitFile}'`;
    tmux("new-session", "-d", "-s", TARGET, "-x", "120", "-y", "50", "sh", "-c", command);
    await waitFor((s) => /qel> ?$/.test(s), "the first prompt");
  }, 120_000);

  afterAll(() => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"], { stdio: "ignore" });
  });

  it("shows a one-line banner with the project, the run count and how to get help", () => {
    const lines = screen().split("\n");
    expect(lines[0]).toMatch(/^qel · project \S+ · \d+ runs · :help for help/);
    expect(lines[1]).toBe("qel>");
  });

  it("evaluates an expression and shows its type dimly after it", async () => {
    const out = await enter("[1, 2, 3].sum", "number");
    expect(out.split("\n").slice(0, 2)).toEqual(["6", "number"]);
  });

  it("completes with Tab", async () => {
    type("runs.cou");
    key("Tab");
    await waitFor((s) => s.endsWith("qel> runs.count"), "the completed name");
    key("Enter");
    await waitFor((s) => /^\d+\nnumber\nqel>$/m.test(after(s, "runs.count")), "the count");
  });

  it("continues an entry on the next line while a bracket is open", async () => {
    type("[1,");
    key("Enter");
    await waitFor((s) => s.endsWith("...>"), "the continuation prompt");
    type("2]");
    key("Enter");
    await waitFor((s) => after(s, "2]").startsWith("[1, 2]\nlist<number>"), "the multi-line result");
  });

  it("shows a syntax error with a caret under it, and the session goes on", async () => {
    const out = await enter("1 + * 2", "^");
    expect(out).toContain("1 | 1 + * 2");
    expect(out).toMatch(/\n {8}\^/);
    await enter("40 + 2", "42");
  });

  it("clears the line on Ctrl-C at the prompt", async () => {
    type("something half typed");
    await waitFor((s) => s.endsWith("qel> something half typed"), "the typed text");
    key("C-c");
    await waitFor((s) => s.endsWith("qel>") && !s.split("\n").at(-1)!.includes("half"), "a clear line");
  });

  it("stops a long evaluation on Ctrl-C", async () => {
    const long = "range(0, 1000000).map(i => range(0, 1000).sum).sum";
    type(long);
    key("Enter");
    await waitFor((s) => after(s, long).includes("evaluating"), "the spinner");
    key("C-c");
    const s = await waitFor((x) => /qel> $/m.test(`${after(x, long)} `), "the prompt after the interrupt", 10_000);
    expect(after(s, long)).toMatch(/aborted|interrupted/);
    await enter("1 + 1", "2");
  });

  it("leaves on Ctrl-D and keeps the history", async () => {
    key("C-d");
    const started = Date.now();
    while (!existsSync(exitFile) && Date.now() - started < 8000) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(exitFile, "utf8").trim()).toBe("0");
    const history = readFileSync(historyFile, "utf8").split("\n");
    expect(history).toContain("[1, 2, 3].sum");
    expect(history).toContain("[1, 2]");
  });
});
