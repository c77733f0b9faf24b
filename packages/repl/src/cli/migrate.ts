/**
 * `qel migrate FILE [--rename OLD=NEW …] [--runs PATH] [--write] [--json]`: upgrades every saved expression
 * document in a JSON file (any object holding `qel` and `expr`, however deep: a list of panels or a whole
 * dashboard) to the current language version, renames keys, and reports every change and every expression that
 * no longer checks. With `--runs`, expressions are checked against that project's keys. The file is rewritten
 * only with `--write`, in its own indentation, every other field kept as it was. Exit code 1 when a document is
 * invalid, from a newer version, or no longer checks.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { LANGUAGE_VERSION, lineColAt, renderDiagnostic, upgradeDocument, type KeyRename, type RunSchema, type Upgraded } from "@qel/lang";
import { booleanFlag, COMMANDS, parseArgs, stringFlag, stringsFlag, UsageError } from "./args.js";
import { useColor, writeLine, type Io } from "./io.js";
import { openProject } from "./project.js";

const spec = COMMANDS["migrate"]!;

/** `--rename OLD=NEW`, `--rename config.OLD=NEW`: a key of every run dict, or of the one named. */
export function parseRename(text: string): KeyRename {
  const eq = text.indexOf("=");
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`--rename expects OLD=NEW (e.g. lr=learning_rate or config.lr=learning_rate), not "${text}"`, spec.usage);
  let from = text.slice(0, eq);
  let to = text.slice(eq + 1);
  const part = /^(config|summary|history)\./.exec(from)?.[1] as KeyRename["part"];
  if (part === undefined) return { from, to };
  from = from.slice(part.length + 1);
  if (to.startsWith(`${part}.`)) to = to.slice(part.length + 1);
  return { part, from, to };
}

interface Found {
  readonly path: string;
  readonly doc: Record<string, unknown>;
}

/** Every object holding both `qel` and `expr`, with its JSON path, in document order. */
function findDocuments(value: unknown, path = "$", out: Found[] = []): Found[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => findDocuments(v, `${path}[${i}]`, out));
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (Object.hasOwn(record, "qel") && Object.hasOwn(record, "expr")) {
      out.push({ path, doc: record });
    } else {
      for (const [k, v] of Object.entries(record)) findDocuments(v, /^[A-Za-z_]\w*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, out);
    }
  }
  return out;
}

/** `value` with each found document replaced by its upgrade; untouched parts are the same objects. */
function replaceDocuments(value: unknown, upgrades: ReadonlyMap<object, unknown>): unknown {
  if (typeof value !== "object" || value === null) return value;
  const upgraded = upgrades.get(value);
  if (upgraded !== undefined) return upgraded;
  if (Array.isArray(value)) return value.map((v) => replaceDocuments(v, upgrades));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDocuments(v, upgrades)]));
}

/** The indentation the file uses (its first indented line), so a rewrite keeps the file's look. */
function indentOf(text: string): string | number {
  const m = /\n([ \t]+)\S/.exec(text);
  return m?.[1] ?? (text.trimStart().startsWith("[") || text.includes("\n") ? 2 : 0);
}

function readJson(file: string): { text: string; value: unknown } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(e)}`, spec.usage);
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`, spec.usage);
  }
}

function jsonLine(path: string, u: Upgraded): string {
  const note = (n: { span: { start: number; end: number }; message: string }) => ({ message: n.message, span: n.span });
  return JSON.stringify({
    path, status: u.status, version: u.version, before: u.before, expr: u.expr, changed: u.changed, type: u.type ?? null,
    changes: u.changes.map(note), skipped: u.skipped.map(note),
    diagnostics: u.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, span: d.span })),
  });
}

function peopleLines(path: string, u: Upgraded, color: boolean): string[] {
  const failed = u.status === "invalid" || u.status === "newer" || u.diagnostics.some((d) => d.severity === "error");
  const refused = u.diagnostics.some((d) => d.code === "invalid_argument");
  const state = u.status === "invalid" ? (refused ? "not migrated: the renames cannot be used" : "not a saved expression")
    : u.status === "newer" ? `saved by the newer version ${u.version}`
    : u.status === "pending" ? `left at v${u.version ?? "?"}: its migrations wait until the text parses`
    : failed ? "no longer checks" : u.status === "migrated" ? `upgraded to v${LANGUAGE_VERSION}` : u.changed ? "changed" : "unchanged";
  const lines = [`${path} (v${u.version ?? "?"}): ${state}`];
  const at = (offset: number): string => {
    const { line, column } = lineColAt(u.before, offset);
    return `${line}:${column}`;
  };
  for (const c of u.changes) lines.push(`  changed (${at(c.span.start)}): ${c.message}`);
  for (const s of u.skipped) lines.push(`  left as is (${at(s.span.start)}): ${s.message}`);
  if (u.expr !== u.before) lines.push(`  was: ${u.before.replace(/\n\s*/g, " ")}`, `  now: ${u.expr.replace(/\n\s*/g, " ")}`);
  if (u.status === "invalid" || u.status === "newer") {
    for (const d of u.diagnostics) lines.push(`  ${d.message}${d.hint !== undefined ? ` (${d.hint})` : ""}`);
  } else {
    for (const d of u.diagnostics) lines.push(...renderDiagnostic(u.expr, d, { color }).split("\n").map((l) => `  ${l}`));
  }
  return lines;
}

/** Runs `qel migrate`; resolves to the exit code. Throws UsageError for usage errors. */
export async function migrateCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  if (args.flags.has("help")) {
    writeLine(io.stdout, `usage: ${spec.usage}`);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError("give exactly one FILE of saved expressions", spec.usage);
  const file = args.positionals[0]!;
  const renames = stringsFlag(args, "rename").map(parseRename);
  const json = booleanFlag(args, "json");
  const runs = stringFlag(args, "runs");
  const schema: RunSchema | undefined = runs !== undefined ? (await openProject(runs)).schema : undefined;
  const { text, value } = readJson(file);
  const found = findDocuments(value);
  if (found.length === 0) {
    writeLine(io.stderr, `qel: ${file} holds no saved expressions (objects with "qel" and "expr")`);
    return 1;
  }
  const color = useColor(io.stdout, io.env);
  const upgrades = new Map<object, unknown>();
  let failed = 0;
  let changed = 0;
  for (const { path, doc } of found) {
    const u = upgradeDocument(doc, { renames, ...(schema !== undefined ? { schema } : {}) });
    if (u.changed) {
      changed++;
      upgrades.set(doc, u.document);
    }
    if (u.status === "invalid" || u.status === "newer" || u.diagnostics.some((d) => d.severity === "error")) failed++;
    if (json) writeLine(io.stdout, jsonLine(path, u));
    else for (const line of peopleLines(path, u, color)) writeLine(io.stdout, line);
  }
  const write = booleanFlag(args, "write") && changed > 0;
  if (write) {
    const out = `${JSON.stringify(replaceDocuments(value, upgrades), null, indentOf(text))}${text.endsWith("\n") ? "\n" : ""}`;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, file);
  }
  if (!json) {
    const tail = changed === 0 ? "nothing to write" : write ? `written to ${file}` : "not written (pass --write to save the changes)";
    writeLine(io.stdout, `${found.length} saved expression(s): ${changed} changed, ${failed} with problems; ${tail}`);
  }
  return failed > 0 ? 1 : 0;
}
