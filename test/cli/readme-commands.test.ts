/**
 * The README's command lines: after the two setup commands (install and open the REPL, install and test), every
 * `qel` command is shown the fast way, `./qel`, and the one-shot examples that need no file of the reader's run
 * as shown from the repository root.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildBundle, ROOT } from "./qel.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const shellLines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n")).map((l) => l.trim()).filter((l) => l !== "");

describe("the README's commands", () => {
  it("keeps the two setup commands and runs qel as ./qel everywhere else", () => {
    expect(shellLines).toContain("npx -y pnpm@10 install && npx -y pnpm@10 qel");
    expect(shellLines).toContain("npx -y pnpm@10 install --frozen-lockfile && npx -y pnpm@10 test");
    const slow = shellLines.filter((l) => /pnpm@10 qel\b/.test(l) && l !== "npx -y pnpm@10 install && npx -y pnpm@10 qel");
    expect(slow).toEqual([]);
    expect(shellLines.filter((l) => l.startsWith("./qel ")).length).toBeGreaterThan(3);
  });

  it("runs the one-shot examples over the sample project from the repository root", () => {
    buildBundle();
    const oneShot = shellLines.filter((l) => /^\.\/qel (eval|check|fmt) /.test(l) && !l.includes("--runs"));
    expect(oneShot.length).toBeGreaterThanOrEqual(3);
    for (const line of oneShot) {
      const r = spawnSync("sh", ["-c", line], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TZ: "UTC", QEL_HISTORY: "" }, timeout: 30_000 });
      expect(r.status, `${line}\n${r.stderr}`).toBe(0);
      expect(r.stdout.trim(), line).not.toBe("");
    }
  });
});
