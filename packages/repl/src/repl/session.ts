/**
 * The REPL's session state, kept immutable with immer: the loaded project (name, run count, schema, where it came
 * from), the `:let` variables (their source and static type; values live in the engine) and the input history.
 * Each change is a small named transition, so the state is easy to test and to replay after an engine restart.
 */
import { enableMapSet, produce, type Draft } from "immer";
import type { Type } from "@qel/lang";
import { KEYWORDS, type RunSchema } from "@qel/ops";
import { projectEnv, RUNS_TYPE } from "../cli/project.js";
import { LAST, type LoadInfo } from "./engine.js";
import type { LimitOptions } from "../cli/limits.js";
import { REPL_LIMITS } from "./set-command.js";

enableMapSet();

export interface VariableInfo {
  readonly source: string;
  readonly type: Type;
}

export interface SessionState {
  readonly project: string | null;
  readonly runCount: number;
  /** Where the runs came from; null for the sample project. */
  readonly runsPath: string | null;
  readonly schema: RunSchema | null;
  /** `:let` variables in definition order. */
  readonly variables: Readonly<Record<string, VariableInfo>>;
  /** The type of `_`, the last result, while the engine holds it; null before the first result. */
  readonly last: Type | null;
  /** Accepted inputs, oldest first. */
  readonly history: readonly string[];
  /** Every problem of the last load, as `severity: message` lines (`:problems` lists them). */
  readonly problems: readonly string[];
}

/** Names a `:let` may not take: the host's `runs`, the last result `_` and the keywords. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(["runs", LAST, ...Object.keys(KEYWORDS)]);

/** The state before anything is loaded. */
export function initialState(history: readonly string[] = []): SessionState {
  return { project: null, runCount: 0, runsPath: null, schema: null, variables: {}, last: null, history, problems: [] };
}

/** After a load: the new project replaces the old one; variables are kept only if their types still hold (they are re-checked by the caller). */
export const loaded = (state: SessionState, info: LoadInfo): SessionState =>
  produce(state, (d) => {
    d.project = info.project;
    d.runCount = info.runCount;
    d.runsPath = info.path;
    d.schema = info.schema as Draft<RunSchema>;
    d.problems = [...info.issues];
  });

/** After `:let NAME = EXPR` succeeded (a redefinition moves the variable to the end). */
export const defined = (state: SessionState, name: string, source: string, type: Type): SessionState =>
  produce(state, (d) => {
    delete d.variables[name];
    d.variables[name] = { source, type: type as Draft<Type> };
  });

/** Forgets every variable and the last result (after a `:load`, their values described other runs). */
export const clearedVariables = (state: SessionState): SessionState =>
  produce(state, (d) => {
    d.variables = {};
    d.last = null;
  });

/** After an expression's result was kept as `_`. */
export const kept = (state: SessionState, type: Type): SessionState =>
  produce(state, (d) => {
    d.last = type as Draft<Type>;
  });

/** Forgets `_` (a restarted engine no longer holds it; `:let` variables are restored, it is not). */
export const forgotLast = (state: SessionState): SessionState =>
  produce(state, (d) => {
    d.last = null;
  });

/** Appends an accepted input to the history, skipping an immediate repeat; keeps the last `max`. */
export const remembered = (state: SessionState, line: string, max = 1000): SessionState =>
  produce(state, (d) => {
    if (d.history[d.history.length - 1] === line) return;
    d.history.push(line);
    if (d.history.length > max) d.history.splice(0, d.history.length - max);
  });

/** The checking environment of the session: `runs`, the variables and the schema. */
export function sessionEnv(state: SessionState): { variables: Record<string, Type>; schema?: RunSchema } {
  const variables: Record<string, Type> = { runs: RUNS_TYPE };
  for (const [name, v] of Object.entries(state.variables)) variables[name] = v.type;
  if (state.last !== null) variables[LAST] = state.last;
  return state.schema !== null ? projectEnv({ schema: state.schema }, variables) : { variables };
}

/** A mutable holder of the current state, for the loop and the commands. */
export class Session {
  /** The evaluation limits set with `:set` (see set-command.ts). */
  limits: LimitOptions = REPL_LIMITS;

  constructor(public state: SessionState = initialState()) {}

  update(transition: (s: SessionState) => SessionState): void {
    this.state = transition(this.state);
  }
}
