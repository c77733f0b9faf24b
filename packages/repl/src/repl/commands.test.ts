import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { handleInput, load, type CommandContext } from "./commands.js";
import { inProcessEngine } from "./engine.js";
import { Session } from "./session.js";

function runsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "qel-commands-"));
  const file = join(dir, "runs.json");
  const run = (name: string, lr: number, acc: number) => ({
    name, jobType: "train", state: "finished", createdAt: "2026-03-01T10:00:00Z",
    user: { username: "alice", name: null, email: null }, config: { lr }, summary: { acc, "val/loss": 1 - acc },
  });
  writeFileSync(file, JSON.stringify({ format: "qel-runs/1", project: { name: "vision" }, runs: [run("a", 0.1, 0.9), run("b", 0.01, 0.8)] }));
  return file;
}

let out: string[];
let ctx: CommandContext;

async function input(text: string): Promise<string> {
  out = [];
  await handleInput(text, ctx);
  return out.join("\n");
}

beforeEach(async () => {
  out = [];
  ctx = {
    session: new Session(),
    engine: inProcessEngine(),
    print: (t) => out.push(t),
    color: false,
    width: () => 100,
    busy: (_label, task) => task(() => {}),
  };
  await load(runsFile(), ctx);
});

describe("REPL inputs", () => {
  it("loads runs into the session", () => {
    expect(ctx.session.state.project).toBe("vision");
    expect(ctx.session.state.runCount).toBe(2);
    expect([...ctx.session.state.schema!.config.keys()]).toEqual(["lr"]);
  });

  it("evaluates an expression and shows its type after the value", async () => {
    expect(await input("runs.map(r => r.config.lr)")).toBe("[0.1, 0.01]\nlist<number|null>");
  });

  it("shows diagnostics with a caret and goes on", async () => {
    const text = await input("runs.cont");
    expect(text).toContain("1 | runs.cont");
    expect(text).toContain("^~~~");
    expect(await input("1 + 1")).toBe("2\nnumber");
  });

  it(":let binds a variable that later inputs, :type and :vars see", async () => {
    expect(await input(":let best = runs.maxBy(r => r.summary.acc)")).toBe("best : Run|null");
    expect(await input("best.name")).toMatch(/^"a"\n/);
    expect(await input(":type best.config")).toBe("ConfigDict|null");
    expect(await input(":vars")).toBe('best = runs.maxBy(r => r.summary.acc)  : Run|null\n_ = the last result  : string|null');
  });

  it("`_` is the last result, with its type", async () => {
    expect(await input("_")).toContain("unknown name `_`");
    expect(await input("runs.map(r => r.summary.acc)")).toBe("[0.9, 0.8]\nlist<number|null>");
    expect(await input(":type _.max")).toBe("number|null");
    expect(await input("_.max")).toBe("0.9\nnumber|null");
    expect(await input("_ * 2")).toBe("1.8\nnumber|null");
    // a failed expression leaves it as it was; :let does not change it
    await input("nope");
    await input(":let k = 5");
    expect(await input("_")).toBe("1.8\nnumber|null");
    expect(await input(":let _ = 1")).toContain("_ is taken (by the last result)");
    await input(`:load ${runsFile()}`);
    expect(await input("_")).toContain("unknown name `_`");
  });

  it(":let refuses names taken by the language or an op", async () => {
    expect(await input(":let runs = 1")).toContain("runs is taken");
    expect(await input(":let count = 1")).toContain("count is taken");
    expect(await input(":let = 1")).toBe("usage: :let NAME = EXPR");
  });

  it(":type, :fmt and :ast describe an expression without running it", async () => {
    expect(await input(":type runs.count")).toBe("number");
    expect(await input(":fmt runs.filter((r)=>r.jobType===\"train\")")).toBe('runs.filter(r => r.jobType == "train")');
    const ast = (await input(":ast 1 + x.y")).split("\n");
    expect(ast[0]).toMatch(/^Binary \+ 0\.\.7/);
    expect(ast[1]).toMatch(/^├─ left: Number 1 0\.\.1/);
    expect(ast[2]).toMatch(/^└─ right: Member \.y 4\.\.7/);
    expect(ast[3]).toMatch(/^ {3}└─ object: Name x 4\.\.5/);
  });

  it(":time shows compile and run times", async () => {
    expect(await input(":time runs.count")).toMatch(/^2\nnumber · compile .+ · run .+$/);
  });

  it(":schema lists the keys of the loaded runs", async () => {
    const text = await input(":schema");
    expect(text).toContain("config (1 key)");
    expect(text).toMatch(/ {2}lr\s+number/);
    expect(text).toMatch(/ {2}"val\/loss"\s+number/);
  });

  it(":help lists commands and ops; :help OP shows signatures, doc and examples", async () => {
    const general = await input(":help");
    expect(general).toContain(":let NAME = EXPR");
    expect(general).toContain("runLoggedArtifactVersion");
    const op = await input(":help runConfig");
    expect(op.split("\n")[0]).toBe("runConfig(run: Run) → ConfigDict");
    expect(op).toContain("Examples:");
    expect(await input(":help config")).toContain("(config is a spelling of runConfig)");
    expect(await input(":help runConfg")).toContain("did you mean runConfig");
  });

  it("reports unknown commands with a suggestion", async () => {
    expect(await input(":tpye x")).toBe("unknown command :tpye (did you mean :type?)");
  });

  it(":load replaces the runs and forgets the variables", async () => {
    await input(":let x = 1");
    const text = await input(`:load ${runsFile()}`);
    expect(text).toContain("variables were cleared");
    expect(text).toMatch(/project vision · 2 runs loaded in/);
    expect(await input(":vars")).toContain("no variables yet");
  });

  it(":load of a missing path reports it and keeps the runs", async () => {
    expect(await input(":load /no/such/runs.json")).toContain("no such file");
    expect(ctx.session.state.runCount).toBe(2);
  });

  it(":problems lists every problem of the last load, the load itself only five", async () => {
    expect(await input(":problems")).toBe("the last load found no problems");
    const file = join(mkdtempSync(join(tmpdir(), "qel-commands-")), "runs.jsonl");
    writeFileSync(file, Array.from({ length: 8 }, (_, i) => `{"name":"r${i}","createdAt":"${i < 7 ? "bad" : "2026-01-01"}"}`).join("\n"));
    const loadText = (await input(`:load ${file}`)).split("\n");
    expect(loadText.slice(5, 6)).toEqual(["… and 2 more problems (:problems lists them all)"]);
    const all = (await input(":problems")).split("\n");
    expect(all).toHaveLength(8);
    expect(all[6]).toBe(`error: ${file}:7: runs[6].createdAt: "bad" is not an ISO-8601 date (run "r6"); run skipped`);
    expect(all[7]).toBe("7 problems");
    expect(await input(':problems "r6"')).toBe(`error: ${file}:7: runs[6].createdAt: "bad" is not an ISO-8601 date (run "r6"); run skipped\n1 problem containing "\\"r6\\"" (of 7)`);
  });

  it(":quit ends the session", async () => {
    expect(await handleInput(":quit", ctx)).toBe("quit");
    expect(await handleInput("1", ctx)).toBe("continue");
  });
});
