/**
 * A failed write of the output is one line on stderr and exit code 1, never a stack trace: every command run
 * with stdout on /dev/full (a device whose every write fails with ENOSPC), the REPL included. A closed pipe stays
 * quiet with exit code 0. The program is the built one (bin/qel.js loading dist/qel.mjs), rebuilt first.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { isWriteError, writeErrorCode, writeErrorLine } from "./write-errors.js";

const BIN = fileURLToPath(new URL("../../bin/qel.js", import.meta.url));
const BUILD = fileURLToPath(new URL("../../build.mjs", import.meta.url));
const FULL = "/dev/full";
const LINE = "qel: cannot write the output: no space left on device (ENOSPC)";

/** Runs `qel ARGS` with stdout on /dev/full and `stdin` piped in. */
function qelIntoFull(args: readonly string[], stdin = ""): { code: number | null; stderr: string } {
  const fd = openSync(FULL, "w");
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, QEL_HISTORY: "" };
    delete env["QEL_FROM_SOURCE"];
    const r = spawnSync(process.execPath, [BIN, ...args], { input: stdin, stdio: ["pipe", fd, "pipe"], env, encoding: "utf8", timeout: 30_000 });
    return { code: r.status, stderr: r.stderr ?? "" };
  } finally {
    closeSync(fd);
  }
}

describe("what a failed write says", () => {
  const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write", errno: -28 });
  const epipe = Object.assign(new Error("EPIPE: broken pipe, write"), { code: "EPIPE", syscall: "write" });

  it("names the reason and the code on one line", () => {
    expect(isWriteError(enospc)).toBe(true);
    expect(writeErrorLine(enospc)).toBe(LINE);
    expect(writeErrorCode(enospc)).toBe(1);
  });

  it("keeps a closed pipe quiet, with exit code 0", () => {
    expect(isWriteError(epipe)).toBe(true);
    expect(writeErrorCode(epipe)).toBe(0);
  });

  it("tells other errors apart", () => {
    expect(isWriteError(new Error("write"))).toBe(false);
    expect(isWriteError(Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT", syscall: "open" }))).toBe(false);
    expect(isWriteError(null)).toBe(false);
  });
});

const title = existsSync(FULL) ? "commands writing to /dev/full" : "commands writing to /dev/full: this system has no /dev/full, skipped";
describe.skipIf(!existsSync(FULL))(title, () => {
  beforeAll(() => {
    execFileSync(process.execPath, [BUILD], { stdio: "pipe" });
  });

  it.each([
    ["eval", ["eval", "runs.count"]],
    ["eval --json", ["eval", "--json", "runs.map(r => r.name)"]],
    ["export", ["export"]],
    ["export --jsonl", ["export", "--jsonl"]],
    ["check", ["check", "runs"]],
    ["fmt", ["fmt", "1+1"]],
    ["complete", ["complete", "runs."]],
    ["hover", ["hover", "--at", "0", "runs"]],
    ["--help", ["--help"]],
    ["eval --help", ["eval", "--help"]],
  ])("qel %s > /dev/full: one line, exit code 1", (_name, args) => {
    const r = qelIntoFull(args);
    expect(r.stderr).toBe(`${LINE}\n`);
    expect(r.code).toBe(1);
  });

  it("the REPL with its output on /dev/full: one line, exit code 1", () => {
    const r = qelIntoFull([], "runs.count\n:quit\n");
    expect(r.stderr).toBe(`${LINE}\n`);
    expect(r.code).toBe(1);
  });
});
