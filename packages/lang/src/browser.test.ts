/**
 * @qel/lang with @qel/ops runs in browsers: bundled for the browser platform it needs no Node built-in, and the
 * bundle, run where only the standard JavaScript globals exist (no process, require, Buffer or module), parses,
 * checks, evaluates and formats.
 */
import { build } from "esbuild";
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const entry = fileURLToPath(new URL("./index.ts", import.meta.url));

async function browserBundle(): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "qel",
    platform: "browser",
    target: "es2022",
    conditions: ["@qel/source"],
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

describe("in a browser", () => {
  test("the bundle imports no Node built-in and runs with only standard globals", async () => {
    const code = await browserBundle();
    expect(code).not.toMatch(/\brequire\(\s*["'](?:node:)?(?:fs|path|os|url|vm|worker_threads|child_process|process)["']\s*\)/);
    // a context holding nothing but the language's own globals (and no console, timers or fetch)
    const sandbox = Object.create(null) as Record<string, unknown>;
    const script = `${code}
      const runs = [
        { name: "a", jobType: "train", createdAt: "2026-03-01T10:00:00Z", heartbeatAt: "2026-03-01T11:30:00Z", summary: { acc: 0.9 } },
        { name: "b", jobType: "eval", createdAt: "2026-03-02T10:00:00Z", heartbeatAt: "2026-03-02T10:10:00Z", summary: { acc: 0.7 } },
      ];
      ({
        hasProcess: typeof process !== "undefined",
        hasRequire: typeof require !== "undefined",
        type: qel.printType(qel.check("runs.filter(r => r.jobType == 'train').map(runRuntime)").value.type),
        value: qel.toJsonValue(qel.evaluate("runs.filter(r => r.jobType == 'train').map(runRuntime)", { runs })),
        formatted: qel.format("runs.map((r)=>r.summary[\\"acc\\"])").value,
        error: (() => { try { qel.evaluate("runs.cont", { runs }); return null; } catch (e) { return e.diagnostic.code; } })(),
      })`;
    const result = runInNewContext(script, sandbox, { timeout: 10_000 }) as Record<string, unknown>;
    expect(result).toEqual({
      hasProcess: false,
      hasRequire: false,
      type: "list<number>",
      value: [5400],
      formatted: 'runs.map(r => r.summary["acc"])',
      error: "unknown_field",
    });
  });
});
