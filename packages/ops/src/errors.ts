/** Codes an op may fail with; the evaluator turns an OpError into a diagnostic at the call's span. */
export type OpErrorCode = "invalid_argument" | "runtime_error" | "output_limit_exceeded";

/** Thrown by op implementations on bad data (a zero range step, an invalid date string). Carries no span. */
export class OpError extends Error {
  override readonly name = "OpError";
  constructor(readonly code: OpErrorCode, message: string, readonly hint?: string) {
    super(message);
  }
}
