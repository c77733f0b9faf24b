/**
 * `:load PATH` takes a path with spaces as it is, or in double or single quotes (the quotes not part of it), and
 * says clearly what is wrong with a quote left open.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handleInput, type CommandContext } from "./commands.js";
import { inProcessEngine } from "./engine.js";
import { completeLine } from "./completer.js";
import { loadArg } from "./load-arg.js";
import { Session } from "./session.js";

describe("loadArg", () => {
  it.each([
    ["", undefined],
    ["/tmp/x y/runs.json", "/tmp/x y/runs.json"],
    ['"/tmp/x y/runs.json"', "/tmp/x y/runs.json"],
    ["'/tmp/x y/runs.json'", "/tmp/x y/runs.json"],
    ['"C:\\runs\\a b.json"', "C:\\runs\\a b.json"],
    [`"it's here.json"`, "it's here.json"],
    ["runs.json", "runs.json"],
  ])("reads %j as the path %j", (arg, path) => {
    expect(loadArg(arg)).toEqual({ ok: true, path });
  });

  it.each([
    ['"/tmp/x y/runs.json', /opens with " but does not end with one/],
    ["'/tmp/x", /opens with ' but does not end with one/],
    ['"', /opens with " but does not end with one/],
    ["\"/tmp/x'", /opens with " but does not end with one/],
    ['""', /the path in quotes is empty/],
  ])("refuses %j", (arg, message) => {
    const r = loadArg(arg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe(":load with a quoted path holding a space", () => {
  const dir = join(mkdtempSync(join(tmpdir(), "qel-load-arg-")), "x y");
  mkdirSync(dir);
  const file = join(dir, "runs.json");
  writeFileSync(file, JSON.stringify([{ name: "a", createdAt: "2024-01-01T00:00:00Z" }, { name: "b", createdAt: "2024-01-02T00:00:00Z" }]));

  const session = (): { ctx: CommandContext; out: string[] } => {
    const out: string[] = [];
    const ctx: CommandContext = {
      session: new Session(), engine: inProcessEngine(), print: (t) => out.push(t), color: false, width: () => 100, busy: (_l, task) => task(() => {}),
    };
    return { ctx, out };
  };

  it.each([`"${file}"`, `'${file}'`, file])("loads :load %s", async (arg) => {
    const { ctx, out } = session();
    await handleInput(`:load ${arg}`, ctx);
    expect(out.join("\n")).toMatch(/^project .* · 2 runs loaded in/);
    expect(ctx.session.state.runCount).toBe(2);
  });

  it("reports a quote left open without loading", async () => {
    const { ctx, out } = session();
    await handleInput(`:load "${file}`, ctx);
    expect(out).toEqual(['error: the path opens with " but does not end with one (usage: :load [PATH], quotes optional)']);
    expect(ctx.session.state.runCount).toBe(0);
  });
});

describe("Tab after :load in quotes", () => {
  it("completes the path inside the quote", () => {
    const folder = mkdtempSync(join(tmpdir(), "qel-load-tab-"));
    mkdirSync(join(folder, "x y"));
    writeFileSync(join(folder, "x y", "runs.json"), "[]");
    const env = () => ({ variables: {} });
    expect(completeLine(`:load "${folder}/x`, "", env)).toEqual([["x y/"], "x"]);
    expect(completeLine(`:load '${folder}/x y/r`, "", env)).toEqual([["runs.json"], "r"]);
  });
});
