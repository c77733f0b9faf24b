/**
 * The standard library: every op of docs/ops.md, assembled into the default registry.
 */
import { aggregateOps } from "./aggregate.js";
import { artifactOps } from "./artifact.js";
import { booleanOps } from "./boolean.js";
import { compareOps } from "./compare.js";
import { dateOps } from "./date.js";
import type { OpDef } from "./define.js";
import { checkOpSpec, describeGiven } from "./define-check.js";
import { OpError } from "./errors.js";
import { dictOps } from "./dict.js";
import { trustOps } from "./host-ops.js";
import { listOps } from "./list.js";
import { listOrderOps } from "./list-order.js";
import { listShapeOps } from "./list-shape.js";
import { nullOps } from "./null.js";
import { kindOps } from "./kind.js";
import { numberOps } from "./number.js";
import { arithmeticOps } from "./operators.js";
import { Registry } from "./registry.js";
import { runArtifactOps } from "./run-artifacts.js";
import { runOps } from "./run.js";
import { runDetailOps } from "./run-details.js";
import { stringOps } from "./string.js";
import { regexOps } from "./string-regex.js";
import { userOps } from "./user.js";

/** Every standard op, grouped by domain in reference order. */
export const standardOps: readonly OpDef[] = Object.freeze([
  ...runOps, ...runDetailOps, ...runArtifactOps, ...artifactOps, ...userOps,
  ...listOps, ...listOrderOps, ...listShapeOps, ...aggregateOps,
  ...dictOps, ...numberOps, ...stringOps, ...regexOps, ...booleanOps, ...nullOps, ...kindOps, ...dateOps,
  ...arithmeticOps, ...compareOps,
]);

// Trusted before any registry holds them: a standard op is registered as it is, never guarded as a host's is.
trustOps(standardOps);

/** The registry of the standard ops. Shared and never changed: hosts add ops with `createRegistry`. */
export const standardRegistry: Registry = new Registry(standardOps);

/**
 * A new registry with the standard ops and the host's `extra` ops (absent: none), whose results are converted and
 * checked against their declared types as they cross into qel (host-ops.ts). Throws an OpError
 * (`invalid_argument`) when `extra` is not an iterable of ops (null included, as other APIs refuse it), an op is
 * not of the shape defineOp gives, or an op reuses a name, alias or operator already taken.
 */
export function createRegistry(extra: Iterable<OpDef> = []): Registry {
  const ops = extraOps(extra);
  return new Registry([...standardOps, ...ops]);
}

/** `extra` read once into an array, each op checked as defineOp checks a declaration. */
function extraOps(extra: unknown): readonly OpDef[] {
  const given = "createRegistry's ops must be an array (or iterable) of ops made with defineOp";
  if (typeof extra !== "object" || extra === null) throw new OpError("invalid_argument", `${given}, got ${describeGiven(extra)}`);
  let ops: unknown[];
  try {
    if (typeof (extra as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function") throw new OpError("invalid_argument", `${given}, got ${describeGiven(extra)}`);
    ops = Array.from(extra as Iterable<unknown>);
  } catch (e) {
    if (e instanceof OpError) throw e;
    throw new OpError("invalid_argument", `${given}; they could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  ops.forEach((op, i) => checkOpSpec(op, `createRegistry (op ${i})`));
  return ops as OpDef[];
}
