/**
 * Input helpers for the REPL: when an entry continues on the next line (brackets still open, an operator or `.` at
 * its end, a line starting with `.`), and the history file
 * (~/.qel_history, or $QEL_HISTORY) that keeps inputs across sessions.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The brackets still open at the end of `text`, innermost last ("(", "[", "{"), ignoring those inside string
 * literals. A closing bracket without its opener is ignored here (the parser reports it).
 */
export function openBrackets(text: string): string[] {
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote || c === "\n") quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[" || c === "{") stack.push(c);
    else if (c === ")" || c === "]" || c === "}") {
      const want = c === ")" ? "(" : c === "]" ? "[" : "{";
      if (stack[stack.length - 1] === want) stack.pop();
      else return [];
    }
  }
  return stack;
}

/** Commands whose argument is an expression: only these continue on the next line (a path or a prefix never does). */
const EXPRESSION_COMMAND = /^:(type|ast|fmt|let|time|show|explain)(\s|$)/;

/** Whether an entry is an expression, or a command whose argument is one. */
export function takesExpression(text: string): boolean {
  const t = text.trimStart();
  return !t.startsWith(":") || EXPRESSION_COMMAND.test(t);
}

/** `text` with the contents of string literals removed (quotes kept), so an operator inside a string does not count. */
function withoutStrings(text: string): string {
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote || c === "\n") {
        out += c;
        quote = null;
      }
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    out += c;
  }
  return out;
}

/** The end of an expression that cannot be its end: a `.`, `=>`, a binary operator or an operator keyword. */
const UNFINISHED_END = /(?:=>|[-.+*/%<>=!&|?:]|(?:^|[^.\w])(?:and|or|not|in))\s*$/;

/**
 * Whether an entry continues on the next line: a bracket is still open, or the text ends with `.`, `=>`, an
 * operator or an operator keyword (a mismatched closer ends it, for the parser to report). Commands other than
 * those taking an expression are always one line.
 */
export function needsMoreInput(text: string): boolean {
  const t = text.trimStart();
  if (!takesExpression(t)) return false;
  if (openBrackets(t).length > 0) return true;
  return UNFINISHED_END.test(withoutStrings(t));
}

/** Whether a line continues the previous entry: it starts with `.` or `?.` (no expression can). */
export function continuesPrevious(line: string): boolean {
  return /^\s*\??\./.test(line);
}

/** The history file: $QEL_HISTORY when set (an empty value turns history off), else ~/.qel_history. */
export function historyPath(env: NodeJS.ProcessEnv): string | null {
  const custom = env["QEL_HISTORY"];
  if (custom !== undefined) return custom === "" ? null : custom;
  return join(homedir(), ".qel_history");
}

/** Entries of the history file, oldest first (one per line); [] when it is missing or unreadable. */
export function readHistory(path: string | null, max = 1000): string[] {
  if (path === null) return [];
  try {
    const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "");
    if (lines.length > max * 2) writeFileSync(path, `${lines.slice(-max).join("\n")}\n`);
    return lines.slice(-max);
  } catch {
    return [];
  }
}

/** Appends one entry (newlines folded into spaces, since whitespace is insignificant); failures are ignored. */
export function appendHistory(path: string | null, entry: string): void {
  if (path === null) return;
  try {
    appendFileSync(path, `${entry.replace(/\s*\n\s*/g, " ")}\n`, { mode: 0o600 });
  } catch {
    // A read-only home must not break the session.
  }
}
