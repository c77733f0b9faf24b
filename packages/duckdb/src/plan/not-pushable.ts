/** Why a node stays local: thrown inside the lowering, caught by the planner, reported by `explain`. */
import type { Expr } from "@qel/lang";

export class NotPushable extends Error {
  constructor(readonly node: Expr, readonly reason: string) {
    super(reason);
  }
}
