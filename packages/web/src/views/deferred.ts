/**
 * Work the first view of the page does not need (mounting the panels' editors, the rows of a long table below the
 * first screenful): held until the first panels' results are painted, then done at once, so it never delays them.
 * Once they are, work asked for is done at once.
 */

let held: (() => void)[] | null = [];

/** Runs `task` once the first panels' results are painted (now, when they are). */
export function afterFirstResults(task: () => void): void {
  if (held !== null) held.push(task);
  else task();
}

/** The first panels' results are painted (or the page waited long enough): held work is done now. */
export function firstResultsShown(): void {
  const tasks = held ?? [];
  held = null;
  for (const t of tasks) t();
}

// A first panel that takes long (a slow saved expression) does not hold the rest of the page back for long.
setTimeout(firstResultsShown, 3000);
