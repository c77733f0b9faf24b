/**
 * Work the first view of the page does not need (the rows of a long table below the first screenful): held until
 * the first panels show their results, then done when the browser is idle, so it never delays them.
 */

let held: (() => void)[] | null = [];

function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => task(), { timeout: 500 });
  else setTimeout(task, 0);
}

/** Runs `task` once the first panels have shown their results and the browser is idle. */
export function afterFirstResults(task: () => void): void {
  if (held !== null) held.push(task);
  else whenIdle(task);
}

/** The first panels show their results (or waited long enough): held work may start. */
export function firstResultsShown(): void {
  const tasks = held ?? [];
  held = null;
  for (const t of tasks) whenIdle(t);
}

// A first panel that takes long (a slow saved expression) does not hold the rest of the page back for long.
setTimeout(firstResultsShown, 3000);
