import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { analyze, compile, toJsonValue, type RunOptions } from "@qel/lang";
import { diagnosticsOf, type Io } from "../cli/io.js";
import { commandEnvs, openProject } from "../cli/project.js";
import { evaluateStreamed, type Outcome } from "./stream-eval.js";
import { firstPassInParts, type Threads } from "./stream-parallel.js";
import { evalCommand } from "../cli/eval.js";

const dir = mkdtempSync(join(tmpdir(), "qel-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io = (): Io => ({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {} });

/** What a user sees of an outcome: the value as JSON, or the error's code, message and place. */
function shown(o: Outcome, source: string): unknown {
  if (o.ok) return { value: toJsonValue(o.value), warnings: o.warnings.map((w) => `${w.code} ${w.message} ${w.span.start}`) };
  return diagnosticsOf(o.error, source).map((d) => `${d.code} ${d.message} ${d.span.start}-${d.span.end}`);
}

/** `qel eval` over the loaded file: the path taken for expressions read from stdin. */
async function loaded(path: string, sources: readonly string[], options: RunOptions): Promise<{ issues: string[]; outcomes: Outcome[] }> {
  const project = await openProject(path);
  const envFor = commandEnvs(project);
  const outcomes = sources.map((source): Outcome => {
    try {
      const c = compile(source, envFor(source));
      return { ok: true, value: c.run({ runs: project.runs }, options), warnings: c.warnings };
    } catch (e) {
      return { ok: false, error: e };
    }
  });
  return { issues: project.issues.map((i) => i.message), outcomes };
}

/** One thread, whatever the file's size. */
const ONE: Threads = { workers: -1, minBytes: 0, partBytes: 1 << 20 };

async function compare(name: string, text: string, sources: readonly string[], options: RunOptions = {}, threads: Threads = ONE): Promise<boolean> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const streamed = await evaluateStreamed(path, sources, options, io(), threads);
  if (streamed === undefined) return false;
  const whole = await loaded(path, sources, options);
  expect(streamed.issues.map((i) => i.message)).toEqual(whole.issues);
  sources.forEach((s, i) => expect(shown(streamed.outcomes[i]!, s), s).toEqual(shown(whole.outcomes[i]!, s)));
  return true;
}

const run = (i: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: `run-${i % 7 === 6 ? 0 : i}`, state: "finished", createdAt: "2026-01-02T00:00:00Z",
  config: { optimizer: ["adam", "sgd", 3][i % 3], lr: i / 10 }, summary: { acc: (i * 37 % 100) / 100, loss: 1 / (i + 1) }, ...over,
});

describe("streamed qel eval", () => {
  it("gives the loaded path's values, warnings and issues, in one pass for several expressions", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify(run(i)));
    lines.splice(5, 0, "{not json");
    const sources = [
      'runs.filter(r => r.config.optimizer == "adam" && r.summary.acc > 0.5).count',
      "runs.map(r => r.summary.loss).sum",
      "runs.filter(r => r.summary.acc > 0.2).map(r => r.summary.acc).avg",
      "runs.map(r => r.config.nope).max",
      "runs.filter(r => r.summary.acc > 0.9).map(r => r.name)",
      "runs.map((r, i) => i * 2).min",
      "runs.count",
    ];
    expect(await compare("a.jsonl", `${lines.join("\n")}\n`, sources)).toBe(true);
    expect(await compare("a.json", JSON.stringify({ format: "qel-runs/1", project: { name: "p" }, runs: lines.filter((l) => l.startsWith("{\"")).map((l) => JSON.parse(l)) }), sources)).toBe(true);
  });

  it("prints each expression's result in order, with the load's issues first and the exit code of a failure", async () => {
    const path = join(dir, "cli.jsonl");
    writeFileSync(path, [JSON.stringify(run(1)), "{oops", JSON.stringify(run(2))].join("\n"));
    const stdout = new PassThrough(), stderr = new PassThrough();
    const out: Io = { ...io(), stdout, stderr };
    const code = await evalCommand(["--runs", path, "runs.count", "runs.map(r => r.summary.acc / \"x\").sum", "runs.map(r => r.summary.acc).max"], out);
    expect(code).toBe(1);
    expect(String(stdout.read())).toBe("2\n0.74\n");
    const err = String(stderr.read());
    expect(err).toMatch(/^error: .*cli\.jsonl:2: invalid JSON/);
    expect(err).toMatch(/1:15: error\[no_matching_overload\]/);
  });

  it("sums floats in file order, bit for bit", async () => {
    const xs = [0.1, 1e16, 0.2, -1e16, 0.3, 1 / 3];
    const text = xs.map((x, i) => JSON.stringify(run(i, { summary: { loss: x } }))).join("\n");
    expect(await compare("sum.jsonl", text, ["runs.map(r => r.summary.loss).sum", "runs.map(r => r.summary.loss).avg"])).toBe(true);
  });

  it("re-reads the file when a key's type changes after the first chunk", async () => {
    // far past the first 64 KiB piece, `acc` becomes a string in some runs: the check by the whole file's schema differs
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(run(i, i > 2500 && i % 2 === 0 ? { summary: { acc: "high" } } : {})));
    expect(await compare("late.jsonl", lines.join("\n"), ["runs.filter(r => r.summary.acc > 0.5).count", "runs.map(r => r.summary.acc).max"])).toBe(true);
  });

  it("leaves what it cannot stream to the load", async () => {
    const path = join(dir, "b.jsonl");
    writeFileSync(path, `${JSON.stringify(run(1))}\n`);
    expect(await evaluateStreamed(path, ["runs.sortBy(r => r.name).count"], {}, io())).toBeUndefined();
    expect(await evaluateStreamed(path, ["runs.filter(r => runs.count > 1).count"], {}, io())).toBeUndefined();
    expect(await evaluateStreamed(path, ["runs.count", "runs"], {}, io())).toBeUndefined();
    // a runs document naming its project after its runs: loading gives the runs the project
    const late = join(dir, "late-project.json");
    writeFileSync(late, `{"format": "qel-runs/1", "runs": [${JSON.stringify(run(1))}], "project": {"name": "p"}}`);
    expect(await evaluateStreamed(late, ["runs.count"], {}, io())).toBeUndefined();
  });

  it("equals the loaded path over generated files, pipelines and limits (property)", async () => {
    const value = fc.oneof(fc.double({ noDefaultInfinity: false }), fc.integer({ min: -5, max: 5 }), fc.constantFrom(null, "x", true));
    const runArb = fc.record({ n: fc.integer({ min: 0, max: 30 }), acc: value, loss: value, opt: fc.constantFrom("adam", "sgd", 1, null) });
    const line = fc.oneof(
      { weight: 12, arbitrary: runArb.map((r) => JSON.stringify({ name: `run-${r.n}`, createdAt: "2026-01-01T00:00:00Z", config: { optimizer: r.opt }, summary: { acc: r.acc, loss: r.loss } })) },
      { weight: 1, arbitrary: fc.constantFrom("{bad", "[]", "{\"name\": 3}", "", '{"name": "run-nan", "createdAt": "2026-01-01T00:00:00Z", "summary": {"acc": NaN, "loss": -Infinity}}') },
    );
    const pred = fc.constantFrom("r.summary.acc > 0.3", 'r.config.optimizer == "adam"', "r.summary.loss", "r.summary.acc < r.summary.loss || r.name == \"run-3\"", "true");
    const mapped = fc.constantFrom("r.summary.acc", "r.summary.loss * 2", "r.summary.acc / r.summary.loss", "1", "r.config.optimizer", "[r.summary.acc, r.name]");
    const stage = fc.oneof(pred.map((p) => `.filter(r => ${p})`), mapped.map((m) => `.map(r => ${m})`), fc.constant(".map((r, i) => i)"));
    const pipeline = fc.tuple(fc.array(stage, { minLength: 0, maxLength: 3 }), fc.constantFrom("", ".count", ".sum", ".avg", ".min", ".max"))
      .map(([stages, end]) => `runs${stages.join("")}${stages.length === 0 ? ".count" : end}`);
    const options = fc.record({ maxSteps: fc.integer({ min: 0, max: 400 }), maxOutputLength: fc.integer({ min: 0, max: 60 }) }, { requiredKeys: [] });
    let k = 0;
    let streamed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 60 }), fc.array(pipeline, { minLength: 1, maxLength: 3 }), options, fc.boolean(), async (lines, sources, opts, document) => {
        // a runs document of the same runs (a line that is not a run object makes it invalid: nothing is loaded)
        const text = document ? `{"format": "qel-runs/1", "runs": [${lines.filter((l) => l !== "").join(",\n")}]}` : lines.join("\n");
        if (await compare(`p${k++}.${document ? "json" : "jsonl"}`, text, sources, opts)) streamed++;
      }),
      { numRuns: 60 },
    );
    // many generated cases stream (the others hold an expression that is not a pipeline, or a file without runs);
    // about a third do, so fewer than 5 of 60 would mean streaming broke, not chance
    expect(streamed).toBeGreaterThanOrEqual(5);
  });

  it("gives the same from a JSON Lines file read in parts and merged, or gives up and reads it on one thread (property, parts on this thread)", async () => {
    const value = fc.oneof(fc.double({ noDefaultInfinity: false }), fc.integer({ min: -5, max: 5 }), fc.constantFrom(null, "x", true));
    const runArb = fc.record({ n: fc.integer({ min: 0, max: 30 }), acc: value, loss: value, opt: fc.constantFrom("adam", "sgd", 1, null) });
    const line = fc.oneof(
      { weight: 12, arbitrary: runArb.map((r) => JSON.stringify({ name: `run-${r.n}`, createdAt: "2026-01-01T00:00:00Z", config: { optimizer: r.opt }, summary: { acc: r.acc, loss: r.loss } })) },
      { weight: 1, arbitrary: fc.constantFrom("{bad", "[]", "{\"name\": 3}", "", "\r", "\uFEFF{\"name\": \"bom\"}", '{"name": "x", "name": "dup-key"}', '{"name": "run-nan", "summary": {"acc": NaN, "loss": -Infinity}}') },
    );
    const pred = fc.constantFrom("r.summary.acc > 0.3", 'r.config.optimizer == "adam"', "r.summary.loss", "r.summary.acc < r.summary.loss || r.name == \"run-3\"", "true");
    const mapped = fc.constantFrom("r.summary.acc", "r.summary.loss * 2", "r.summary.acc / r.summary.loss", "1", "r.config.optimizer", "[r.summary.acc, r.name]", "r.name");
    const stage = fc.oneof({ weight: 4, arbitrary: pred.map((p) => `.filter(r => ${p})`) }, { weight: 4, arbitrary: mapped.map((m) => `.map(r => ${m})`) }, { weight: 1, arbitrary: fc.constant(".map((r, i) => i)") });
    const pipeline = fc.tuple(fc.array(stage, { minLength: 0, maxLength: 3 }), fc.constantFrom("", ".count", ".sum", ".avg", ".min", ".max"))
      .map(([stages, end]) => `runs${stages.join("")}${stages.length === 0 ? ".count" : end}`);
    const options = fc.record({ maxSteps: fc.integer({ min: 0, max: 1500 }), maxOutputLength: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] });
    let k = 0;
    let inParts = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 60 }), fc.array(pipeline, { minLength: 1, maxLength: 2 }), options, fc.integer({ min: 1, max: 600 }), fc.constantFrom("\n", "\r\n"), async (lines, sources, opts, partBytes, eol) => {
        const threads: Threads = { workers: 0, minBytes: 0, partBytes };
        const name = `q${k++}.jsonl`;
        const text = lines.join(eol);
        await compare(name, text, sources, opts, threads);
        const exprs = sources.map((source) => ({ source, ast: analyze(source).ast, schema: true }));
        if (exprs.every((e) => analyze(e.source).ok) && (await firstPassInParts(join(dir, name), exprs, opts, io(), threads)) !== undefined) inParts++;
      }),
      { numRuns: 80 },
    );
    // about a quarter of the generated cases are merged from parts (the others hold an error, a limit passed, kept
    // lists, an index): a bound far below, so that chance does not fail a correct build
    expect(inParts).toBeGreaterThanOrEqual(4);
  });

  it("gives the same from a JSON Lines file read in parts on worker threads", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(run(i, i > 2500 && i % 2 === 0 ? { summary: { acc: "high", loss: i } } : {})));
    lines.splice(7, 0, "{not json", "");
    lines.splice(2000, 0, "\uFEFF{}", "[1]");
    const sources = [
      'runs.filter(r => r.config.optimizer == "adam" && r.summary.acc > 0.5).count',
      "runs.map(r => r.summary.loss).sum",
      "runs.filter(r => r.config.lr > 100).map(r => r.summary.loss).max",
      "runs.filter(r => r.summary.acc > 0.2).map(r => r.config.lr).avg",
    ];
    const threads: Threads = { workers: 2, minBytes: 0, partBytes: 8192 };
    expect(await compare("workers.jsonl", `${lines.join("\n")}\n`, sources, {}, threads)).toBe(true);
    // a step limit passed: the parts give up, one thread reads the file
    expect(await compare("workers-steps.jsonl", `${lines.join("\n")}\n`, sources, { maxSteps: 5000 }, { ...threads, workers: 0 })).toBe(true);
    const exprs = sources.slice(0, 2).map((source) => ({ source, ast: analyze(source).ast, schema: true }));
    expect(await firstPassInParts(join(dir, "workers.jsonl"), exprs, {}, io(), threads)).toBeDefined();
  });
});
