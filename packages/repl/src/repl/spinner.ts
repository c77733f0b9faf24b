/**
 * A one-line spinner for slow work (loading runs, long evaluations). It appears only after a short delay, so fast
 * work never flickers, draws only on a terminal, and erases itself when the work ends.
 */
import type { Writable } from "node:stream";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface SpinnerOptions {
  readonly stream: Writable;
  /** Draw at all (a terminal). */
  readonly enabled: boolean;
  readonly color: boolean;
  /** Milliseconds before the spinner first shows (default 200). */
  readonly delayMs?: number;
}

/** What the spinner shows; its owner may change the label while the work runs ("stopping"). */
export interface SpinnerStatus {
  label: string;
}

/** Runs `task`, showing the status label, elapsed time and progress counts while it takes long; resolves to its result. */
export async function withSpinner<T>(
  status: SpinnerStatus,
  options: SpinnerOptions,
  task: (progress: (done: number, total?: number, detail?: string) => void) => Promise<T>,
): Promise<T> {
  let progress = "";
  let frame = 0;
  let shown = false;
  const started = Date.now();
  const draw = (): void => {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const text = `${FRAMES[frame++ % FRAMES.length]} ${status.label}… ${progress}${progress !== "" ? " " : ""}${secs}s  (Ctrl-C to stop)`;
    options.stream.write(`\r\x1b[K${options.color ? `\x1b[2m${text}\x1b[0m` : text}`);
    shown = true;
  };
  let interval: ReturnType<typeof setInterval> | undefined;
  const timer = options.enabled
    ? setTimeout(() => {
        draw();
        interval = setInterval(draw, 80);
      }, options.delayMs ?? 200)
    : undefined;
  const onProgress = (done: number, total?: number, detail?: string): void => {
    progress = detail ?? (total !== undefined ? `${done}/${total}` : String(done));
  };
  try {
    return await task(onProgress);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (interval !== undefined) clearInterval(interval);
    if (shown) options.stream.write("\r\x1b[K");
  }
}
