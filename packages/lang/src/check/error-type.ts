/**
 * The error type: the type of a node whose checking already failed (an unknown name, a call no overload
 * accepts, a part the parser had to skip). It is an `any` of its own identity, so it propagates through every
 * node above it without further diagnostics, and services can still tell "unknown because broken" from `any`.
 */
import type { Type } from "@qel/ops";

export const errorType: Type = Object.freeze({ kind: "any" });

/** Whether `t` is the error type (not merely `any`). */
export function isErrorType(t: Type): boolean {
  return t === errorType;
}
