/**
 * The interactive loop: node:readline with Tab completion, a continuation prompt while an entry goes on (entries.ts), history
 * kept in ~/.qel_history ($QEL_HISTORY), Ctrl-C that stops a running evaluation or clears the line, Ctrl-D that
 * leaves. Evaluation happens in a worker thread (worker.ts); nothing typed can end the session but `:quit`/Ctrl-D.
 */
import { createInterface, type Interface } from "node:readline";
import type { Io } from "../cli/io.js";
import { outputWidth, useColor } from "../cli/io.js";
import { escapeControls, paint, palette, plural } from "../render-format.js";
import { handleInput, load, type CommandContext } from "./commands.js";
import { completeLine } from "./completer.js";
import { EntryAssembler, type Step } from "./entries.js";
import { appendHistory, historyPath, readHistory } from "./input.js";
import { forgotLast, remembered, Session, sessionEnv, initialState } from "./session.js";
import { withSpinner, type SpinnerStatus } from "./spinner.js";
import { EngineRestarted, WorkerEngine } from "./worker.js";

export interface ReplOptions {
  readonly runsPath: string | undefined;
  /** The module to start the engine worker from (the bundle, or src/main.ts). */
  readonly entry: string;
  readonly io: Io;
}

/** Runs the REPL until `:quit` or end of input; resolves to the exit code. */
export async function startRepl(options: ReplOptions): Promise<number> {
  const { io } = options;
  const terminal = io.stdin.isTTY === true && io.stdout.isTTY === true;
  const color = useColor(io.stdout, io.env);
  const p = palette(color);
  const historyFile = historyPath(io.env);
  const session = new Session(initialState(readHistory(historyFile)));
  const engine = new WorkerEngine(options.entry, () => ({
    path: session.state.runsPath ?? undefined,
    lets: Object.entries(session.state.variables).map(([name, v]) => ({ name, source: v.source })),
  }));
  let running = false;
  let status: SpinnerStatus = { label: "" };
  const print = (text: string): void => {
    io.stdout.write(`${text}\n`);
  };
  const ctx: CommandContext = {
    session,
    engine,
    print,
    color,
    width: () => outputWidth(io),
    // A table fits the screen with room for the prompt, its header and the type line.
    maxRows: () => {
      const rows = io.stdout.rows;
      return terminal && rows !== undefined && rows > 0 ? Math.max(5, Math.min(50, rows - 6)) : undefined;
    },
    busy: async (label, task) => {
      running = true;
      try {
        status = { label };
        return await withSpinner(status, { stream: io.stdout, enabled: terminal, color }, task);
      } catch (e) {
        if (e instanceof EngineRestarted) {
          session.update(forgotLast);
          throw new Error(`interrupted: ${e.message}`);
        }
        throw e;
      } finally {
        running = false;
      }
    },
  };

  const info = await load(options.runsPath, ctx);
  if (info === undefined) {
    await engine.close();
    return 2;
  }
  print(`${paint(p.bold, "qel", p)} · project ${paint(p.bold, escapeControls(info.project), p)} · ${plural(info.runCount, "run")} · ${paint(p.dim, ":help for help, Tab completes, Ctrl-D exits", p)}`);

  const prompt = color ? "\x1b[36mqel>\x1b[0m " : "qel> ";
  const more = color ? "\x1b[2m...>\x1b[0m " : "...> ";
  const entries = new EntryAssembler();
  const rl: Interface = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal,
    prompt,
    history: [...session.state.history].reverse(),
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: (line: string, cb: (err: null, result: [string[], string]) => void) =>
      cb(null, completeLine(line, entries.pending, () => sessionEnv(session.state))),
  });

  // Prompts are for people at a terminal; piped input gets only the results.
  const showPrompt = (): void => {
    if (terminal) rl.prompt();
  };
  /** Entries to run, in order, and errors to show in their place among them. */
  const queue: (string | { readonly error: string })[] = [];
  let draining = false;
  let closed = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    while (queue.length > 0) {
      const entry = queue.shift()!;
      if (typeof entry !== "string") {
        print(paint(p.error, `error: ${entry.error}`, p));
        continue;
      }
      const outcome = await handleInput(entry, ctx);
      if (outcome === "quit") {
        rl.close();
        break;
      }
    }
    draining = false;
    if (!closed) showPrompt();
  };

  const take = (step: Step | undefined): void => {
    if (step === undefined) return;
    if (step.kind === "more") {
      rl.setPrompt(more);
      if (!running && !entries.pasting) showPrompt();
      return;
    }
    rl.setPrompt(prompt);
    if (step.kind === "rejected") queue.push({ error: step.message });
    else {
      const { text } = step;
      if (text.trim() !== "") {
        session.update((s) => remembered(s, text));
        appendHistory(historyFile, text);
        foldHistory(rl, text, step.lines);
      }
      // A continued entry not yet started runs once, as its continuation.
      const waiting = step.replaces === undefined ? -1 : queue.lastIndexOf(step.replaces);
      if (waiting >= 0) queue.splice(waiting, 1);
      queue.push(text);
    }
    // Lines that arrive together (a pipe's chunk) are all read before the first runs, so `.` lines join it.
    setImmediate(() => void drain());
  };

  rl.on("line", (line) => take(entries.line(line)));
  if (terminal) {
    // Bracketed paste: the terminal marks pasted text, so its lines become one entry.
    io.stdout.write("\x1b[?2004h");
    io.stdin.on("keypress", (_ch: string | undefined, key: { name?: string } | undefined) => {
      if (key?.name === "paste-start") entries.pasteStart();
      else if (key?.name === "paste-end") take(entries.pasteEnd(rl.line));
    });
  }

  rl.on("SIGINT", () => {
    if (running) {
      status.label = "stopping";
      // A forced restart shows up as the evaluation's own error.
      void engine.interrupt();
      return;
    }
    const hadInput = rl.line !== "" || entries.pending !== "";
    entries.clear();
    rl.setPrompt(prompt);
    queue.length = 0;
    if (hadInput) {
      rl.write(null, { ctrl: true, name: "e" });
      rl.write(null, { ctrl: true, name: "u" });
      io.stdout.write("\n");
    } else {
      io.stdout.write(`\n${paint(p.dim, "(Ctrl-D or :quit to leave)", p)}\n`);
    }
    showPrompt();
  });

  const done = new Promise<void>((resolve) =>
    rl.on("close", () => {
      closed = true;
      resolve();
    }),
  );
  showPrompt();
  await done;
  // Input ended (Ctrl-D or a closed pipe): let what was already typed finish, then leave.
  while (draining) await new Promise((r) => setTimeout(r, 10));
  if (queue.length > 0) await drain();
  if (terminal) io.stdout.write("\x1b[?2004l\n");
  await engine.close();
  return 0;
}

/** A multi-line entry goes into readline's history as one item, replacing the `items` it was read as. */
function foldHistory(rl: Interface, entry: string, items: number): void {
  if (!entry.includes("\n")) return;
  const history = (rl as unknown as { history?: string[] }).history;
  if (!Array.isArray(history)) return;
  history.splice(0, Math.min(items, history.length), entry.replace(/\s*\n\s*/g, " "));
}
