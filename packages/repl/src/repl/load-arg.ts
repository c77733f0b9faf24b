/**
 * The argument of `:load [PATH]`: the rest of the line, so a path with spaces needs no quotes, or a path in double
 * or single quotes as a shell would take it (`:load "/tmp/x y/runs.json"`), the quotes not part of the path. No
 * escapes are read inside the quotes, so a Windows path's backslashes stay as written.
 */

export type LoadArg =
  /** `path` undefined: the sample project. */
  | { readonly ok: true; readonly path: string | undefined }
  | { readonly ok: false; readonly message: string };

/** Reads `:load`'s argument (already trimmed); never throws. */
export function loadArg(arg: string): LoadArg {
  if (arg === "") return { ok: true, path: undefined };
  const quote = arg[0];
  if (quote !== '"' && quote !== "'") return { ok: true, path: arg };
  if (arg.length < 2 || arg[arg.length - 1] !== quote) {
    return { ok: false, message: `the path opens with ${quote} but does not end with one (usage: :load [PATH], quotes optional)` };
  }
  const path = arg.slice(1, -1);
  if (path === "") return { ok: false, message: "the path in quotes is empty (:load alone loads the sample project)" };
  return { ok: true, path };
}
