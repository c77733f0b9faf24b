/**
 * Tab completion for the REPL's readline: commands after ":", op names after ":help", file paths after ":load",
 * and inside expressions whatever `complete()` offers (ops valid for the type before the dot, variables, keys).
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { complete, standardRegistry, type Type } from "@qel/lang";
import type { RunSchema } from "@qel/ops";

/** What the completer needs to know about the session. */
export interface CompletionEnv {
  readonly variables: Record<string, Type>;
  readonly schema?: RunSchema;
}

const COMMAND_NAMES = [":help", ":type", ":ast", ":fmt", ":let", ":time", ":show", ":load", ":schema", ":problems", ":vars", ":set", ":quit"];

/**
 * readline's completion for `line` (the text before the cursor), with `pending` the earlier lines of a multi-line
 * entry. Returns the candidates and the text they replace; never throws.
 */
export function completeLine(line: string, pending: string, env: () => CompletionEnv): [string[], string] {
  try {
    if (pending === "" && line.startsWith(":")) return completeCommand(line, env);
    const source = pending === "" ? line : `${pending}\n${line}`;
    return completeExpression(source, source.length, env());
  } catch {
    return [[], ""];
  }
}

/**
 * readline replaces the text before the cursor from the result's `from`: items that replace more (a key written
 * `["val/acc"]` in place of the dot) are left out, and an op that needs arguments stops after its `(`.
 */
function completeExpression(source: string, offset: number, env: CompletionEnv): [string[], string] {
  const result = complete(source, offset, env);
  const texts = result.items
    .filter((c) => c.from === result.from)
    .map((c) => (c.caret !== undefined ? c.insert.slice(0, c.caret) : c.insert));
  return [[...new Set(texts)], source.slice(result.from, offset)];
}

function completeCommand(line: string, env: () => CompletionEnv): [string[], string] {
  const space = line.search(/\s/);
  if (space === -1) return [COMMAND_NAMES.filter((c) => c.startsWith(line)), line];
  const name = line.slice(0, space);
  const rest = line.slice(space).replace(/^\s+/, "");
  if (name === ":help") {
    const names = standardRegistry.names().filter((n) => n.startsWith(rest)).sort();
    return [names, rest];
  }
  // `:load "/tmp/x y/…` completes as the path inside the quote (load-arg.ts), which stays where it is.
  if (name === ":load") return completePath(rest.replace(/^["']/, ""));
  if (name === ":let") {
    const eq = rest.indexOf("=");
    if (eq === -1) return [[], rest];
    const expr = rest.slice(eq + 1);
    return completeExpression(expr, expr.length, env());
  }
  if (name === ":type" || name === ":ast" || name === ":fmt" || name === ":time") return completeExpression(rest, rest.length, env());
  return [[], line];
}

/** File and folder names starting with the last path segment; folders end in "/". */
function completePath(text: string): [string[], string] {
  const dir = text.endsWith("/") ? text : dirname(text);
  const base = text.endsWith("/") ? "" : text.slice(text.lastIndexOf("/") + 1);
  const lookIn = text === "" ? "." : dir === "" ? "." : dir;
  const entries = readdirSync(lookIn).filter((e) => e.startsWith(base) && (base.startsWith(".") || !e.startsWith(".")));
  const out = entries.sort().map((e) => {
    let isDir = false;
    try {
      isDir = statSync(join(lookIn, e)).isDirectory();
    } catch {
      // a dangling link completes as a file
    }
    return isDir ? `${e}/` : e;
  });
  return [out, base];
}
