/**
 * The clock `now()` reads. Hosts fix it for one evaluation with `withNow`, so a result that depends on the time
 * is reproducible (`qel eval --now 2026-03-11T00:00:00Z`); outside `withNow` it is the system clock.
 * See docs/language.md: `now()` is the host's clock, injectable.
 */

let fixedNow: number | undefined;

/** The current instant in milliseconds since the epoch: the one fixed by the innermost `withNow`, else the system clock. */
export function currentNow(): number {
  return fixedNow ?? Date.now();
}

/**
 * Runs `fn` with `now()` fixed at `ms` (milliseconds since the epoch; `undefined` means the system clock) and
 * returns its result. Restores the previous clock afterwards, also when `fn` throws; calls nest.
 */
export function withNow<R>(ms: number | undefined, fn: () => R): R {
  const previous = fixedNow;
  fixedNow = ms;
  try {
    return fn();
  } finally {
    fixedNow = previous;
  }
}
