/**
 * A program in a real pseudo-terminal for tests: tmux runs it, keys go in with send-keys (pasted text with
 * paste-buffer, bracketed when the program asks for it), and the screen comes back with capture-pane.
 */
import { execFileSync, spawnSync } from "node:child_process";

export const hasTmux = spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;

let sessions = 0;

export class Tty {
  readonly socket = `qel-tty-${process.pid}-${sessions++}`;
  readonly target = "qel";

  tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", this.socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
  }

  /** Starts `command` (run by sh) in a detached session of the given size. */
  start(command: string, width = 120, height = 50): void {
    this.tmux("new-session", "-d", "-s", this.target, "-x", String(width), "-y", String(height), "sh", "-c", command);
  }

  /** The whole history of the pane (up to 5 000 lines back), trailing blank lines removed. */
  screen(): string {
    return this.tmux("capture-pane", "-p", "-J", "-S", "-5000", "-t", this.target).replace(/\s+$/, "");
  }

  /** Waits until `test` holds for the screen; fails with the screen shown when it does not in time. */
  async waitFor(test: (s: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
    const started = Date.now();
    let s = "";
    while (Date.now() - started < timeoutMs) {
      s = this.screen();
      if (test(s)) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${s.split("\n").slice(-40).join("\n")}`);
  }

  /** Types text literally. */
  type(text: string): void {
    this.tmux("send-keys", "-t", this.target, "-l", text);
  }

  /** Presses keys (tmux key names: Enter, C-c, …). */
  key(...keys: string[]): void {
    this.tmux("send-keys", "-t", this.target, ...keys);
  }

  /** Pastes text as a terminal does (bracketed when the program turned bracketed paste on). */
  paste(text: string): void {
    this.tmux("set-buffer", "-b", "qel-paste", text);
    this.tmux("paste-buffer", "-p", "-d", "-b", "qel-paste", "-t", this.target);
  }

  /**
   * Types `input` as a person does, presses Enter and waits for the prompt after output that satisfies `done`;
   * returns that output.
   */
  async enter(input: string, done: (out: string) => boolean = (out) => out !== "", timeoutMs = 20_000): Promise<string> {
    this.type(input);
    this.key("Enter");
    const output = (x: string): string => after(x, input).replace(/\n?qel>$/, "");
    return output(await this.waitFor((x) => atPrompt(x) && done(output(x)), `the output of ${input}`, timeoutMs));
  }

  kill(): void {
    spawnSync("tmux", ["-L", this.socket, "kill-server"], { stdio: "ignore" });
  }
}

/** The text after the last prompt line showing `input`. */
export function after(screen: string, input: string): string {
  const lines = screen.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.includes(`> ${input}`)) return lines.slice(i + 1).join("\n");
  return "";
}

/** Whether the screen ends at an empty prompt. */
export function atPrompt(screen: string): boolean {
  return /qel>$/.test(screen);
}
