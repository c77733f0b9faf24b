/**
 * The @qel/ops functions a host calls directly, as @qel/lang exports them: an OpError they throw for a bad argument
 * (a malformed op declaration, an op name taken twice, runs that are not Run objects) becomes the QelError
 * (`invalid_argument`, at 0:0) that is all @qel/lang ever throws at a host (docs/host.md).
 */
import {
  checkOpSpec, createRegistry as createOpsRegistry, defineOp as defineOpsOp, inferSchema as inferOpsSchema, OpError,
  type OpDef, type OpSpec, type Registry, type Run, type RunSchema,
} from "@qel/ops";
import { error, QelError } from "../syntax/diagnostics.js";

function hostCall<R>(call: () => R): R {
  try {
    return call();
  } catch (e) {
    if (e instanceof OpError) throw new QelError(error(e.code, e.message, { start: 0, end: 0 }, e.hint !== undefined ? { hint: e.hint } : undefined));
    throw e;
  }
}

/**
 * Declares an op (see @qel/ops `defineOp`). Throws a QelError (`invalid_argument`) naming the first bad field of a
 * malformed declaration.
 */
export function defineOp(spec: OpSpec): OpDef {
  return hostCall(() => {
    checkOpSpec(spec, "defineOp");
    return defineOpsOp(spec);
  });
}

/**
 * A registry of the standard ops and `extra` (see @qel/ops `createRegistry`). Throws a QelError
 * (`invalid_argument`) when `extra` is not an iterable of ops (null included), or an op is malformed or reuses a
 * name, alias or operator.
 */
export function createRegistry(extra: Iterable<OpDef> = []): Registry {
  return hostCall(() => createOpsRegistry(extra));
}

/**
 * The schema of runs (see @qel/ops `inferSchema`). Throws a QelError (`invalid_argument`) unless `runs` is an
 * iterable of Run objects: plain JSON runs are converted by `loadRuns` first.
 */
export function inferSchema(runs: Iterable<Run>): RunSchema {
  return hostCall(() => inferOpsSchema(runs));
}
