/**
 * What happens when the output cannot be written: a full disk (`qel eval … > /dev/full`), an I/O error, a closed
 * pipe. A closed pipe is a reader that has seen enough (`qel eval … | head -1`): the command stops quietly with
 * exit code 0. Any other failed write is one line on stderr, `qel: cannot write the output: no space left on
 * device (ENOSPC)`, and exit code 1, the code of a command that did not do all it was asked (`qel --help`).
 */

/** Whether `e` is the failure of a write to a stream or file (it carries `syscall: "write"` and an errno code). */
export function isWriteError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  if (typeof e !== "object" || e === null) return false;
  const { syscall, code } = e as { syscall?: unknown; code?: unknown };
  return syscall === "write" && typeof code === "string";
}

/** `no space left on device (ENOSPC)`: Node's message without the repeated code and syscall. */
function reason(e: NodeJS.ErrnoException & { code: string }): string {
  // Node writes "ENOSPC: no space left on device, write"; the code goes last, in parentheses.
  const m = /^[A-Z0-9_]+: (.*?)(?:, write)?$/.exec(e.message);
  return `${m?.[1] ?? e.message} (${e.code})`;
}

/** The line reporting a failed write of the output (no newline): `qel: cannot write the output: …`. */
export function writeErrorLine(e: NodeJS.ErrnoException & { code: string }): string {
  return `qel: cannot write the output: ${reason(e)}`;
}

/** The exit code after the output failed: 0 for a reader that closed the pipe, else 1. */
export function writeErrorCode(e: NodeJS.ErrnoException & { code: string }): number {
  return e.code === "EPIPE" ? 0 : 1;
}

/**
 * Ends the process on the first failed write to stdout or stderr, as the module comment says, instead of the
 * uncaught exception and stack trace Node prints for an 'error' event nobody handles. For the main thread only.
 */
export function stopOnWriteErrors(): void {
  let stopping = false;
  const stop = (stream: "stdout" | "stderr") => (e: NodeJS.ErrnoException): void => {
    if (stopping) return;
    stopping = true;
    const code = isWriteError(e) ? writeErrorCode(e) : 1;
    // With stderr itself failing there is nowhere to say it; the exit code still does.
    if (code !== 0 && stream === "stdout") {
      try {
        process.stderr.write(`${isWriteError(e) ? writeErrorLine(e) : `qel: cannot write the output: ${e.message}`}\n`);
      } catch {
        // stderr is gone too
      }
    }
    process.exit(code);
  };
  process.stdout.on("error", stop("stdout"));
  process.stderr.on("error", stop("stderr"));
}
