/**
 * What the REPL does with one complete input: an expression is evaluated and shown with its static type; a line
 * starting with ":" is a command (`:help`, `:type`, `:ast`, `:fmt`, `:let`, `:time`, `:load`, `:schema`, `:vars`,
 * `:set`, `:quit`). Every failure is reported and the session goes on.
 */
import { check, format, parse, printType, renderDiagnostic, standardRegistry, type Diagnostic, type Type } from "@qel/lang";
import { suggestNames } from "@qel/ops";
import { escapeControls, escapeControlsInLines, formatDuration, paint, palette, plural, type Palette } from "../render-format.js";
import { forPeople } from "../cli/diagnostic-text.js";
import { loadArg } from "./load-arg.js";
import type { LoadProgress } from "../cli/project.js";
import { LAST, type Engine, type EvalReply, type LoadInfo, type RenderSettings } from "./engine.js";
import { astTree, opHelp, opIndex } from "./describe.js";
import { schemaQuery, schemaText } from "./schema-command.js";
import { setCommand } from "./set-command.js";
import { CUT_HINT, showSource } from "./show-command.js";
import { sortKeyOf } from "./sort-key.js";
import { withLimitHint } from "../cli/limits.js";
import { clearedVariables, defined, kept, loaded, RESERVED_NAMES, sessionEnv, type Session } from "./session.js";

export interface CommandContext {
  readonly session: Session;
  readonly engine: Engine;
  /** Writes lines to the terminal. */
  readonly print: (text: string) => void;
  readonly color: boolean;
  readonly width: () => number;
  /** The most table rows to show (the terminal's height allowing); undefined for the default. */
  readonly maxRows?: () => number | undefined;
  /** Runs a task while a spinner shows `label` (and its progress); resolves to the task's result. */
  readonly busy: <T>(label: string, task: (progress: LoadProgress) => Promise<T>) => Promise<T>;
}

export type Outcome = "continue" | "quit";

export const COMMAND_HELP: readonly (readonly [string, string])[] = [
  [":help [OP]", "this help, or an op's signatures, doc and examples"],
  [":type EXPR", "the static type of an expression"],
  [":ast EXPR", "the syntax tree, with spans and types"],
  [":fmt EXPR", "the canonical form"],
  [":let NAME = EXPR", "evaluate and keep the result as a variable"],
  [":time EXPR", "evaluate, showing the time spent compiling and running"],
  [":load [PATH]", "load runs from a file or folder, or a FILE.duckdb database (no PATH: the sample project)"],
  [":explain EXPR", "what of EXPR runs as SQL on a loaded database, and what stays local and why"],
  [":show [ROW | EXPR]", "the last result (its row ROW, 0 the first) or EXPR whole, nothing cut"],
  [":schema [PREFIX]", "the config, summary and history keys (those starting with PREFIX; --all: every one)"],
  [":problems [TEXT]", "every problem of the last load (those containing TEXT)"],
  [":vars", "the variables defined with :let, and `_`"],
  [":set [NAME VALUE]", "evaluation limits: max-steps, timeout (seconds), max-output; off lifts one"],
  [":quit", "leave (Ctrl-D does too)"],
];

const COMMANDS = ["help", "type", "ast", "fmt", "let", "time", "explain", "show", "load", "schema", "problems", "vars", "set", "quit", "exit", "q"];

/** Handles one complete input; never rejects. */
export async function handleInput(input: string, ctx: CommandContext): Promise<Outcome> {
  const text = input.trim();
  if (text === "") return "continue";
  try {
    if (!text.startsWith(":")) {
      await evaluate(text, ctx, { keep: true });
      return "continue";
    }
    const match = /^:(\w*)\s*([\s\S]*)$/.exec(text)!;
    return await command(match[1]!, match[2]!.trim(), ctx);
  } catch (e) {
    const p = palette(ctx.color);
    ctx.print(paint(p.error, `error: ${escapeControlsInLines(e instanceof Error ? e.message : String(e))}`, p));
    return "continue";
  }
}

async function command(name: string, arg: string, ctx: CommandContext): Promise<Outcome> {
  const p = palette(ctx.color);
  const env = sessionEnv(ctx.session.state);
  const needArg = (usage: string): boolean => {
    if (arg !== "") return false;
    ctx.print(`usage: ${usage}`);
    return true;
  };
  switch (name) {
    case "quit":
    case "exit":
    case "q":
      return "quit";
    case "help":
      ctx.print(arg === "" ? generalHelp(p, ctx.width()) : (opHelp(arg, standardRegistry, p) ?? unknownOp(arg, p)));
      return "continue";
    case "type": {
      if (needArg(":type EXPR")) return "continue";
      const r = check(arg, env);
      if (!r.ok) printDiagnostics(arg, r.diagnostics, ctx);
      else {
        printDiagnostics(arg, r.value.warnings, ctx);
        ctx.print(paint(p.keyword, typeText(r.value.type), p));
      }
      return "continue";
    }
    case "ast": {
      if (needArg(":ast EXPR")) return "continue";
      const r = parse(arg);
      if (!r.ok) printDiagnostics(arg, r.diagnostics, ctx);
      else {
        const checked = check(r.value, env);
        ctx.print(astTree(r.value, p, checked.ok ? checked.value.types : undefined));
      }
      return "continue";
    }
    case "fmt": {
      if (needArg(":fmt EXPR")) return "continue";
      const r = format(arg);
      if (!r.ok) printDiagnostics(arg, r.diagnostics, ctx);
      else ctx.print(r.value);
      return "continue";
    }
    case "let":
      return letCommand(arg, ctx);
    case "time":
      if (!needArg(":time EXPR")) await evaluate(arg, ctx, { timed: true, keep: true });
      return "continue";
    case "explain": {
      if (needArg(":explain EXPR")) return "continue";
      const reply = await ctx.engine.evaluate(arg, { render: renderSettings(ctx, arg, false), explain: true });
      if (!reply.ok) printDiagnostics(arg, reply.diagnostics, ctx);
      else ctx.print(reply.text);
      return "continue";
    }
    case "show":
      await evaluate(showSource(arg), ctx, { expanded: true });
      return "continue";
    case "load": {
      const target = loadArg(arg);
      if (!target.ok) {
        ctx.print(paint(p.error, `error: ${escapeControls(target.message)}`, p));
        return "continue";
      }
      const info = await load(target.path, ctx);
      if (info !== undefined) ctx.print(`project ${paint(p.bold, escapeControls(info.project), p)} · ${plural(info.runCount, "run")} ${paint(p.dim, `loaded in ${ms(info.ms)}`, p)}`);
      return "continue";
    }
    case "schema": {
      const schema = ctx.session.state.schema;
      ctx.print(schema === null ? "no runs are loaded" : schemaText(schema, p, ctx.width(), schemaQuery(arg)));
      return "continue";
    }
    case "problems": {
      const all = ctx.session.state.problems;
      const shown = arg === "" ? all : all.filter((x) => x.toLowerCase().includes(arg.toLowerCase()));
      for (const line of shown) ctx.print(paint(p.dim, escapeControlsInLines(line), p));
      const of = arg === "" ? "" : ` containing ${escapeControls(JSON.stringify(arg))}`;
      ctx.print(all.length === 0 ? "the last load found no problems" : `${plural(shown.length, "problem")}${of}${shown.length < all.length ? ` (of ${all.length})` : ""}`);
      return "continue";
    }
    case "set": {
      const r = setCommand(arg, ctx.session.limits, ctx.color);
      ctx.session.limits = r.limits;
      for (const line of r.lines) ctx.print(line);
      return "continue";
    }
    case "vars": {
      const { variables, last } = ctx.session.state;
      const vars = Object.entries(variables);
      if (vars.length === 0 && last === null) ctx.print(paint(p.dim, "no variables yet: define one with :let NAME = EXPR", p));
      for (const [n, v] of vars) ctx.print(`${paint(p.bold, n, p)} = ${escapeControlsInLines(v.source)}  ${paint(p.dim, `: ${typeText(v.type)}`, p)}`);
      if (last !== null) ctx.print(`${paint(p.bold, LAST, p)} = the last result  ${paint(p.dim, `: ${typeText(last)}`, p)}`);
      return "continue";
    }
    default: {
      const near = suggestNames(name, COMMANDS, 1);
      ctx.print(paint(p.error, `unknown command :${escapeControls(name)}`, p) + (near.length > 0 ? ` (did you mean :${near[0]}?)` : " (:help lists the commands)"));
      return "continue";
    }
  }
}

function generalHelp(p: Palette, width: number): string {
  const lines = [paint(p.bold, "Commands", p)];
  for (const [usage, what] of COMMAND_HELP) lines.push(`  ${usage.padEnd(18)} ${what}`);
  lines.push(
    "",
    paint(p.bold, "Expressions", p),
    "  runs.filter(r => r.jobType == \"train\").map(r => r.summary[\"val/loss\"]).avg",
    "  `_` is the last result. Tab completes ops, variables and config/summary keys.",
    "  An entry goes on to the next line while a bracket is open or it ends in `.`, `=>` or an operator;",
    "  a line starting with `.` continues the previous entry; a paste of several lines runs once.",
    "  Ctrl-C stops an evaluation or clears the line; Ctrl-D leaves.",
    "",
    paint(p.bold, "Ops", p) + paint(p.dim, " (:help OP for one)", p),
    opIndex(standardRegistry, width),
  );
  return lines.join("\n");
}

function unknownOp(name: string, p: Palette): string {
  const near = standardRegistry.suggest(name.replace(/^:/, ""));
  return paint(p.error, `no op named ${name}`, p) + (near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : "");
}

function printDiagnostics(source: string, diagnostics: readonly Diagnostic[], ctx: CommandContext): void {
  for (const d of diagnostics) ctx.print(renderDiagnostic(source, forPeople(d), { color: ctx.color }));
}

/** A type as the REPL prints it: it names the data's keys, whose control characters are shown escaped. */
function typeText(t: Type): string {
  return escapeControls(printType(t));
}

/** Evaluates and prints; `keep` makes the result `_`, `bind` a `:let` variable. */
async function evaluate(source: string, ctx: CommandContext, opts: { timed?: boolean; bind?: string; keep?: boolean; expanded?: boolean } = {}): Promise<EvalReply> {
  const p = palette(ctx.color);
  const request = { render: renderSettings(ctx, source, opts.expanded === true), limits: ctx.session.limits, ...(opts.bind !== undefined ? { bind: opts.bind } : {}), ...(opts.keep === true ? { keep: true } : {}) };
  const reply = await ctx.busy("evaluating", () => ctx.engine.evaluate(source, request));
  if (!reply.ok) {
    printDiagnostics(source, reply.diagnostics.map((d) => withLimitHint(d, (s) => `:set ${s.name} ${s.unit === "seconds" ? "SECONDS" : "N"}`)), ctx);
    return reply;
  }
  if (opts.keep === true) ctx.session.update((s) => kept(s, reply.type));
  printDiagnostics(source, reply.warnings, ctx);
  if (opts.bind === undefined) ctx.print(reply.text);
  const type = `${opts.bind !== undefined ? `${opts.bind} : ` : ""}${typeText(reply.type)}`;
  const time = opts.timed === true ? ` · compile ${ms(reply.compileMs)} · run ${ms(reply.runMs)}` : "";
  ctx.print(paint(p.dim, type + time, p));
  return reply;
}

function renderSettings(ctx: CommandContext, source: string, expanded: boolean): RenderSettings {
  const maxRows = ctx.maxRows?.();
  const parsed = parse(source);
  const sortedBy = parsed.ok ? sortKeyOf(parsed.value) : undefined;
  return {
    color: ctx.color, width: ctx.width(), cutHint: CUT_HINT, ...(expanded ? { expanded } : {}),
    ...(maxRows !== undefined ? { maxRows } : {}), ...(sortedBy !== undefined ? { sortedBy } : {}),
  };
}

function ms(n: number): string {
  return n < 1 ? `${(n * 1000).toFixed(0)} µs` : n < 1000 ? `${n.toFixed(n < 10 ? 2 : 0)} ms` : formatDuration(n);
}

async function letCommand(arg: string, ctx: CommandContext): Promise<Outcome> {
  const p = palette(ctx.color);
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
  if (m === null) {
    ctx.print("usage: :let NAME = EXPR");
    return "continue";
  }
  const [, name, source] = m as unknown as [string, string, string];
  if (RESERVED_NAMES.has(name) || standardRegistry.lookup(name) !== undefined) {
    const by = name === LAST ? "the last result" : RESERVED_NAMES.has(name) ? "the language" : "an op";
    ctx.print(paint(p.error, `${name} is taken (by ${by}); choose another name`, p));
    return "continue";
  }
  const reply = await evaluate(source, ctx, { bind: name });
  if (reply.ok) ctx.session.update((s) => defined(s, name, source, reply.type));
  return "continue";
}

/** Loads runs into the engine and the session; prints what was loaded (or why not). */
export async function load(path: string | undefined, ctx: CommandContext): Promise<LoadInfo | undefined> {
  const p = palette(ctx.color);
  let info: LoadInfo;
  try {
    info = await ctx.busy(path === undefined ? "loading the sample project" : `loading ${path}`, (progress) => ctx.engine.load(path, progress));
  } catch (e) {
    ctx.print(paint(p.error, `error: ${escapeControlsInLines(e instanceof Error ? e.message : String(e))}`, p));
    return undefined;
  }
  const hadVariables = Object.keys(ctx.session.state.variables).length > 0;
  ctx.session.update((s) => clearedVariables(loaded(s, info)));
  for (const issue of info.issues.slice(0, 5)) ctx.print(paint(p.dim, escapeControlsInLines(issue), p));
  if (info.issues.length > 5) ctx.print(paint(p.dim, `… and ${info.issues.length - 5} more problems (:problems lists them all)`, p));
  if (hadVariables) ctx.print(paint(p.dim, "(variables were cleared: they described the previous runs)", p));
  return info;
}
