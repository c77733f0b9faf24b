/**
 * What an op implementation may read of the evaluation that runs it. The evaluator passes its own context, as the
 * first argument, to every overload declared with `contextual()` (define.ts): there is no module-level state, so
 * two evaluations that interleave (one running inside a host op of the other) each keep their own clock and limits.
 * See docs/language.md, "Limits", and docs/host.md.
 */
export interface EvalContext {
  /** The instant `now()` returns, in milliseconds since the epoch: fixed for the whole evaluation. */
  readonly now: number;
  /** The longest string, in UTF-16 code units, an op may build (`toString`, `join`, `+` on strings). */
  readonly maxStringLength: number;
}

/** The context of an op called outside an expression (`invokeOp`): the system clock now, and no string limit. */
export function hostContext(): EvalContext {
  return { now: Date.now(), maxStringLength: Number.POSITIVE_INFINITY };
}
