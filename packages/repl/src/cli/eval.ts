/**
 * `qel eval [--runs PATH] [--json] [--now ISO] [--max-steps N] [--timeout SECONDS] [--max-output N] EXPR…`:
 * evaluates each expression against `runs`, within the evaluation limits (raised by the flags). Under `--json`
 * each result is one JSON line (see toJsonValue for dates, runs, non-finite numbers and durations); a failure is
 * an `{"error": …}` line and the next expression still runs.
 */
import { statSync } from "node:fs";
import { compile, type RunOptions } from "@qel/lang";
import { DateValue, inferSchemaLazily, MAX_JSON_VALUES, toJsonValue } from "@qel/ops";
import { renderValue } from "../render.js";
import { booleanFlag, COMMANDS, parseArgs, parseNow, stringFlag } from "./args.js";
import { diagnosticsOf, expressions, outputWidth, reportFailure, reportWarnings, useColor, writeLine, type Io } from "./io.js";
import { commandEnvs, issueLines } from "./project.js";
import { openProjectWithProgress } from "./load-line.js";
import { limitFlags, withLimitHint } from "./limits.js";
import { isDatabasePath, openDatabase } from "./database.js";
import type { Outcome } from "../stream/stream-eval.js";

const spec = COMMANDS["eval"]!;

/** Runs `qel eval`; resolves to the exit code (0 all succeeded, 1 any failed). Throws UsageError for usage errors. */
export async function evalCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  const json = booleanFlag(args, "json");
  const now = parseNow(stringFlag(args, "now"), spec.usage);
  const path = stringFlag(args, "runs");
  const limits = limitFlags(args.flags, spec.usage);
  const runOptions = { ...limits, ...(now !== undefined ? { now: new DateValue(now) } : {}) };
  if (isDatabasePath(path)) return evalOnDatabase(path, args.positionals, json, runOptions, now, io);
  const jsonValues = Math.max(MAX_JSON_VALUES, limits.maxOutputLength ?? 0);
  const render = { color: useColor(io.stdout, io.env), width: outputWidth(io), now: now ?? Date.now() };
  const report = (source: string, outcome: Outcome): boolean => {
    if (outcome.ok) {
      try {
        reportWarnings(io, json, source, outcome.warnings);
        writeLine(io.stdout, json ? JSON.stringify(toJsonValue(outcome.value, jsonValues)) : renderValue(outcome.value, render));
        return false;
      } catch (e) {
        outcome = { ok: false, error: e };
      }
    }
    reportFailure(io, json, source, diagnosticsOf(outcome.error, source).map((d) => withLimitHint(d, (s) => `--${s.name} ${s.unit === "seconds" ? "SECONDS" : "N"}`)));
    return true;
  };
  if (path !== undefined && args.positionals.length > 0 && isRunsFile(path)) {
    // every expression given and a runs file: read it once, evaluating as it is read, when they allow it
    const { evaluateStreamed } = await import("../stream/stream-eval.js");
    const streamed = await evaluateStreamed(path, args.positionals, runOptions, io);
    if (streamed !== undefined) {
      for (const line of issueLines({ issues: streamed.issues })) writeLine(io.stderr, line);
      let failed = false;
      streamed.outcomes.forEach((o, i) => (failed = report(args.positionals[i]!, o) || failed));
      return failed ? 1 : 0;
    }
  }
  const project = await openProjectWithProgress(path, io);
  for (const line of issueLines(project)) writeLine(io.stderr, line);
  // config, summary and history keys are each read from every run only when an expression's check needs them
  const schema = inferSchemaLazily(project.runs);
  const envFor = commandEnvs({ name: project.name, runs: project.runs, issues: project.issues, path: project.path, meta: project.meta, schema });
  const bindings = { runs: project.runs };
  let failed = false;
  for await (const source of expressions(args.positionals, io, spec.usage)) {
    let outcome: Outcome;
    try {
      const compiled = compile(source, envFor(source));
      outcome = { ok: true, value: compiled.run(bindings, runOptions), warnings: compiled.warnings };
    } catch (e) {
      outcome = { ok: false, error: e };
    }
    failed = report(source, outcome) || failed;
  }
  return failed ? 1 : 0;
}

/** A runs file that can be read while evaluating (see evaluateStreamed): JSON or JSON Lines, not a folder. */
function isRunsFile(path: string): boolean {
  if (!/\.(jsonl?|ndjson)$/i.test(path)) return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `qel eval --runs FILE.duckdb`: the same output, computed by the database engine. */
async function evalOnDatabase(path: string, positionals: readonly string[], json: boolean, runOptions: RunOptions, now: number | undefined, io: Io): Promise<number> {
  const db = await openDatabase(path);
  const render = { color: useColor(io.stdout, io.env), width: outputWidth(io), now: now ?? Date.now() };
  let failed = false;
  try {
    for await (const source of expressions(positionals, io, spec.usage)) {
      try {
        const value = await db.evaluate(source, runOptions);
        reportWarnings(io, json, source, compile(source, db.env).warnings);
        writeLine(io.stdout, json ? JSON.stringify(toJsonValue(value)) : renderValue(value, render));
      } catch (e) {
        failed = true;
        reportFailure(io, json, source, diagnosticsOf(e, source));
      }
    }
  } finally {
    db.close();
  }
  return failed ? 1 : 0;
}
