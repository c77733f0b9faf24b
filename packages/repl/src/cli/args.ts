/**
 * Command-line parsing for `qel`: each command declares its flags; anything else starting with `--` is a usage
 * error (exit code 2). `--name value` and `--name=value` both work, `--` ends the flags, and a lone `-h` asks for
 * help. Arguments starting with a single `-` are expressions (`qel eval -1`).
 */
import { parseIsoDate } from "@qel/ops";

/** A mistake in how the command was called; `main` prints it with the usage line and exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}

/** `strings` flags may be given several times; their values are kept in order, joined by "\n". */
export type FlagKind = "boolean" | "string" | "strings";

export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly flags: Readonly<Record<string, FlagKind>>;
}

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/** Splits `argv` by `spec`; throws UsageError on an unknown flag or a flag missing its value. */
export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      flags.set("help", true);
      continue;
    }
    if (!arg.startsWith("--") || arg.length === 2) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = name === "help" ? "boolean" : spec.flags[name];
    if (kind === undefined) throw new UsageError(`unknown flag --${name} for \`qel ${spec.name}\``, spec.usage);
    if (kind === "boolean") {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`, spec.usage);
      flags.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`, spec.usage);
    // `--runs --json 1` forgot the path: the next flag is not it (a value starting with -- is given as --runs=--x).
    if (eq === -1 && value.startsWith("--")) throw new UsageError(`--${name} needs a value, not the flag ${value}`, spec.usage);
    const earlier = flags.get(name);
    flags.set(name, kind === "strings" && typeof earlier === "string" ? `${earlier}\n${value}` : value);
  }
  return { flags, positionals };
}

/** The string value of a flag, if given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

/** Every value of a repeatable flag, in the order given. */
export function stringsFlag(args: ParsedArgs, name: string): string[] {
  const v = args.flags.get(name);
  return typeof v === "string" ? v.split("\n") : [];
}

/** Whether a boolean flag was given. */
export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

/** `--now ISO` as milliseconds since the epoch; throws UsageError when it is not an ISO-8601 date. */
export function parseNow(text: string | undefined, usage: string): number | undefined {
  if (text === undefined) return undefined;
  // strict ISO-8601, a time without zone read as UTC (as date() reads it), whatever the machine's time zone
  const ms = parseIsoDate(text);
  if (ms === null) throw new UsageError(`--now expects an ISO-8601 date such as 2026-03-01T12:00:00Z, not "${text}"`, usage);
  return ms;
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  repl: {
    name: "repl",
    usage: "qel [repl] [--runs PATH]",
    summary: "the interactive REPL",
    flags: { runs: "string" },
  },
  eval: {
    name: "eval",
    usage: "qel eval [--runs PATH] [--json] [--now ISO] [--max-steps N] [--timeout SECONDS] [--max-output N] EXPR…",
    summary: "evaluate each expression against `runs`",
    flags: { runs: "string", json: "boolean", now: "string", "max-steps": "string", timeout: "string", "max-output": "string" },
  },
  check: {
    name: "check",
    usage: "qel check [--runs PATH] [--json] EXPR…",
    summary: "each expression's type, or its diagnostics",
    flags: { runs: "string", json: "boolean" },
  },
  fmt: {
    name: "fmt",
    usage: "qel fmt [--json] [--check] EXPR…",
    summary: "the canonical form; --check exits 1 when an input is not canonical",
    flags: { json: "boolean", check: "boolean" },
  },
  export: {
    name: "export",
    usage: "qel export [--runs PATH] [--jsonl]",
    summary: "write the runs as a canonical runs file (JSON, or JSON Lines) to stdout",
    flags: { runs: "string", jsonl: "boolean" },
  },
  import: {
    name: "import",
    usage: "qel import PATH --db FILE.duckdb [--workers N]",
    summary: "write the runs at PATH into a new DuckDB database (JSON Lines read on N worker threads, 0 for none)",
    flags: { db: "string", workers: "string" },
  },
  explain: {
    name: "explain",
    usage: "qel explain --runs FILE.duckdb [--json] EXPR…",
    summary: "the SQL an expression runs on a database, and what stays local",
    flags: { runs: "string", json: "boolean" },
  },
  complete: {
    name: "complete",
    usage: "qel complete [--runs PATH] [--at OFFSET] [--json] EXPR…",
    summary: "completions at an offset (default: the end), each with the range it replaces",
    flags: { runs: "string", at: "string", json: "boolean" },
  },
  problems: {
    name: "problems",
    usage: "qel problems [--runs PATH] [--json]",
    summary: "every load problem of PATH: file, place, what is wrong",
    flags: { runs: "string", json: "boolean" },
  },
  hover: {
    name: "hover",
    usage: "qel hover [--runs PATH] --at OFFSET [--json] EXPR…",
    summary: "the type at an offset; for an op its signature and doc",
    flags: { runs: "string", at: "string", json: "boolean" },
  },
  migrate: {
    name: "migrate",
    usage: "qel migrate FILE [--rename OLD=NEW …] [--runs PATH] [--write] [--json]",
    summary: "upgrade a JSON file of saved expressions; rename keys",
    flags: { rename: "strings", runs: "string", write: "boolean", json: "boolean" },
  },
  serve: {
    name: "serve",
    usage: "qel serve [--runs PATH] [--port N]",
    summary: "the panels page on 127.0.0.1 over the runs (default port 4173)",
    flags: { runs: "string", port: "string" },
  },
};

/** The text of `qel COMMAND --help`: its usage, what it does, and its flags as `qel --help` describes them. */
export function commandHelp(spec: CommandSpec): string {
  const general = helpText().split("\n");
  const flagLines = (flag: string): string[] => {
    const i = general.findIndex((l) => l.startsWith(`  --${flag} `) || l === `  --${flag}`);
    if (i < 0) return [];
    const out = [general[i] as string];
    for (let j = i + 1; j < general.length && /^ {5,}/.test(general[j] as string); j++) out.push(general[j] as string);
    return out;
  };
  const lines = [`usage: ${spec.usage}`, "", `${spec.summary}.`];
  const described = [...Object.keys(spec.flags), "-"].flatMap((f) => flagLines(f === "-" ? "" : f));
  if (described.length > 0) lines.push("", ...described);
  return lines.join("\n");
}

/** Whether `argv` asks for help (`--help` or `-h` before any `--`). */
export function asksHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}

/** The text of `qel --help`. */
export function helpText(): string {
  const lines = ["qel: a query-expression language for ML experiment runs", "", "Usage:"];
  for (const spec of Object.values(COMMANDS)) lines.push(`  ${spec.usage.padEnd(52)} ${spec.summary}`);
  lines.push(
    "",
    "Expressions come from the arguments, or from stdin one per line (blank lines skipped) when none are given.",
    "  --runs PATH   a runs file (JSON, JSON Lines), a W&B run folder, an MLflow mlruns folder, or a folder tree of them",
    "                (default: the sample project)",
    "  --json        one JSON value per expression, per line; failures as {\"error\": {code, message, span}}",
    "                (dates as ISO-8601 strings, NaN and ±Infinity as the strings \"NaN\", \"Infinity\", \"-Infinity\",",
    "                durations as {\"duration_ms\": n}, runs/users/artifact versions as canonical runs-file objects)",
    "  --now ISO     fix now() for reproducible results",
    "  --max-steps N, --timeout SECONDS, --max-output N",
    "                raise (or lower) an evaluation limit; `off` lifts it (defaults: 10000000 steps, 10 s, 1000000 values)",
    "  --            ends the flags: what follows are expressions, even one starting with - (qel eval -- -1)",
    "",
    "Exit codes: 0 every expression succeeded, 1 some failed or the output could not be written, 2 usage error.",
  );
  return lines.join("\n");
}
