/**
 * Problems found while loading runs. Loading never throws on bad data: every problem becomes a LoadIssue, and
 * whatever could be read is kept.
 */

/**
 * One problem in the input. `severity` is "error" when something was not loaded (a run, a field, a row, a file)
 * and "warning" when everything was loaded but may not mean what the file says (a guessed time zone, an unknown
 * state, a duplicate run name). `file` is the file or folder it was found in, `path` the place inside it
 * (`runs[12].createdAt`, or `""` for the file as a whole), `line` the 1-based line when known. `message` is
 * complete on its own: it repeats file, line and path (`runs.json: runs[12].createdAt: "yesterday" is not an
 * ISO-8601 date; run skipped`).
 */
export interface LoadIssue {
  readonly severity: "error" | "warning";
  readonly file: string;
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

/** Where issues go and how they are located: the file, and the line when the whole context sits on one line. */
export interface IssueContext {
  readonly file: string;
  readonly line?: number;
  readonly issues: LoadIssue[];
}

/** Builds a LoadIssue whose message is prefixed with `file[:line]: path: `. */
export function createLoadIssue(
  severity: LoadIssue["severity"],
  file: string,
  path: string,
  text: string,
  line?: number,
): LoadIssue {
  const where = line === undefined ? file : `${file}:${line}`;
  const message = path === "" ? `${where}: ${text}` : `${where}: ${path}: ${text}`;
  return line === undefined ? { severity, file, path, message } : { severity, file, path, line, message };
}

/** Appends an issue to `ctx.issues`, taking file and line from the context. */
export function report(ctx: IssueContext, severity: LoadIssue["severity"], path: string, text: string): void {
  ctx.issues.push(createLoadIssue(severity, ctx.file, path, text, ctx.line));
}

/** Joins a path and a field name: `joinPath("runs[3]", "name")` is `runs[3].name`; an empty base gives `name`. */
export function joinPath(base: string, field: string): string {
  return base === "" ? field : `${base}.${field}`;
}

/** A short description of a JSON value for messages: `"yesterday"`, `42`, `a list`, `an object`, `null`. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "nothing";
  if (Array.isArray(x)) return "a list";
  switch (typeof x) {
    case "string": {
      const s = JSON.stringify(x.length > 60 ? `${x.slice(0, 57)}...` : x);
      return s;
    }
    case "number":
    case "boolean":
      return String(x);
    case "object":
      return "an object";
    default:
      return typeof x;
  }
}

/** True for a plain JSON object: not null, not an array. */
export function isJsonObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Reads an own property without ever consulting the prototype chain. */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
