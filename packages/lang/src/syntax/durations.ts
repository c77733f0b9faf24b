/** What a duration literal means (docs/language.md "Syntax"): milliseconds per unit, read by every evaluator. */
import type { DurationLit } from "./ast.js";

/** Milliseconds in one of each duration unit. */
export const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** The span a duration literal stands for, in milliseconds (`90m` is 5 400 000). */
export function durationMs(node: DurationLit): number {
  return node.amount * UNIT_MS[node.unit];
}
