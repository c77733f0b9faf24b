/**
 * The progress line of a one-shot command's load: on a terminal only, once the load has taken a second, on
 * stderr (`loading runs.jsonl… 120,000 runs, 104 of 868 MB, 95 MB/s`), erased when the load ends.
 */
import { openProject, type LoadProgress, type Project } from "./project.js";
import type { Io } from "./io.js";

/** Milliseconds before the line first shows, and between redraws. */
const DELAY_MS = 1000;
const REDRAW_MS = 100;

/** openProject with a progress line on io.stderr when it is a terminal. */
export async function openProjectWithProgress(path: string | undefined, io: Io): Promise<Project> {
  if (path === undefined || io.stderr.isTTY !== true) return openProject(path);
  const line = progressLine(path, io);
  try {
    return await openProject(path, line.progress);
  } finally {
    line.close();
  }
}

/** The progress line of reading `path` (drawn only on a terminal, after a second); `close` erases it. */
export function progressLine(path: string, io: Io): { readonly progress: LoadProgress; close(): void } {
  const started = Date.now();
  let drawn = 0;
  let shown = false;
  const progress: LoadProgress = (done, total, detail) => {
    if (io.stderr.isTTY !== true) return;
    const now = Date.now();
    if (now - started < DELAY_MS || now - drawn < REDRAW_MS) return;
    drawn = now;
    shown = true;
    const what = detail ?? (total !== undefined ? `${done}/${total} run folders` : `${done}`);
    io.stderr.write(`\r\x1b[Kloading ${path}… ${what}`);
  };
  return {
    progress,
    close: () => {
      if (shown) io.stderr.write("\r\x1b[K");
      shown = false;
    },
  };
}
