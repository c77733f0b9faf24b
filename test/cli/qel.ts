/**
 * Runs the built `qel` binary (packages/repl/bin/qel.js loading dist/qel.mjs) as a child process. The bundle is
 * rebuilt once per test file, so the tests exercise the current sources.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(ROOT, "packages/repl/bin/qel.js");

let built = false;

/** Builds dist/qel.mjs from the current sources (once per test file). */
export function buildBundle(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, "packages/repl/build.mjs")], { stdio: "pipe" });
  built = true;
}

export interface QelResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines, without the final empty one. */
  readonly lines: string[];
}

/** Runs `qel ARGS`, feeding `stdin` when given; the environment has no NO_COLOR and a UTC time zone. */
export function qel(args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}): QelResult {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: "UTC", QEL_HISTORY: "", ...options.env };
  delete env["QEL_FROM_SOURCE"];
  const r = spawnSync(process.execPath, [BIN, ...args], { input: options.stdin ?? "", env, encoding: "utf8", timeout: 20_000 });
  const stdout = r.stdout ?? "";
  return { code: r.status, stdout, stderr: r.stderr ?? "", lines: stdout.split("\n").slice(0, stdout.endsWith("\n") ? -1 : undefined) };
}

/** A tmp folder holding a canonical runs file of three runs; returns the file's path. */
export function writeRunsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "qel-cli-"));
  const user = (username: string) => ({ username, name: null, email: null });
  const doc = {
    format: "qel-runs/1",
    project: { entity: "acme", name: "vision" },
    runs: [
      { name: "r1", jobType: "train", state: "finished", createdAt: "2026-03-01T10:00:00Z", heartbeatAt: "2026-03-01T11:30:00Z",
        user: user("alice"), config: { lr: 0.1, batch_size: 32 }, summary: { acc: 0.9, "val/loss": 0.3 } },
      { name: "r2", jobType: "train", state: "crashed", createdAt: "2026-03-02T10:00:00Z", heartbeatAt: "2026-03-02T10:10:00Z",
        user: user("bob"), config: { lr: 0.01, batch_size: 32 }, summary: { acc: 0.7, "val/loss": 0.8 } },
      { name: "r3", jobType: "eval", state: "finished", createdAt: "2026-03-03T10:00:00Z",
        user: user("alice"), config: { lr: 0.01, batch_size: 64 }, summary: { acc: 0.95 } },
    ],
  };
  const file = join(dir, "runs.json");
  writeFileSync(file, JSON.stringify(doc));
  return file;
}
