#!/usr/bin/env node
// The `qel` command. Loads the bundle (dist/qel.mjs, built by build.mjs at install) when present; otherwise, or
// with QEL_FROM_SOURCE=1, runs src/main.ts through tsx with the `@qel/source` condition.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/qel.mjs", import.meta.url);

if (process.env.QEL_FROM_SOURCE !== "1" && existsSync(fileURLToPath(bundle))) {
  await import(bundle.href);
} else {
  const tsx = import.meta.resolve("tsx");
  const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const child = spawn(process.execPath, ["--conditions=@qel/source", "--import", tsx, main, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  // The terminal sends Ctrl-C to the child too; it decides what an interrupt means.
  process.on("SIGINT", () => {});
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners("SIGINT");
      process.kill(process.pid, signal);
    }
    else process.exitCode = code ?? 1;
  });
}
