/**
 * The options of `load` and `upgradeDocument`, and their check. `load` never throws (docs/panels.md), so options
 * it cannot use (not an object, a table that is not a list of migrations, a version that is not one) are refused
 * with an `invalid_argument` diagnostic before any document is touched.
 */
import type { CheckEnv } from "../check/check.js";
import type { Diagnostic } from "../syntax/diagnostics.js";
import { invalidArgument, quoteValue } from "../migrations/arguments.js";
import type { Migration } from "../migrations/table.js";
import { checkMigrationTable } from "../migrations/table-check.js";
import { LANGUAGE_VERSION } from "./version.js";

/** Options of `load`: a checking environment, and a migration table replacing the standard one (tests). */
export interface LoadOptions extends CheckEnv {
  readonly migrations?: readonly Migration[];
  /** The version this library writes; default {@link LANGUAGE_VERSION} (tests of migrations set it). */
  readonly currentVersion?: number;
}

/** Options that passed {@link checkLoadOptions}, with the version to migrate to. */
export interface CheckedOptions {
  readonly options: LoadOptions;
  readonly current: number;
}

/**
 * `options` with the current version when `load` can use them, else the `invalid_argument` diagnostic saying
 * why. The checking environment's own fields are checked by the checker. Never throws.
 */
export function checkLoadOptions(options: unknown): CheckedOptions | Diagnostic {
  if (options === undefined) return { options: {}, current: LANGUAGE_VERSION };
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    return invalidArgument(`load's options must be an object (or left out), not ${quoteValue(options)}`);
  }
  const given = options as LoadOptions;
  const current: unknown = given.currentVersion ?? LANGUAGE_VERSION;
  if (typeof current !== "number" || !Number.isInteger(current) || current < 1) {
    return invalidArgument(`\`currentVersion\` must be a whole number from 1, not ${quoteValue(current)}`);
  }
  const badTable = given.migrations === undefined ? undefined : checkMigrationTable(given.migrations, current);
  return badTable ?? { options: given, current };
}

/** Whether {@link checkLoadOptions} refused the options. */
export function isRefusal(x: CheckedOptions | Diagnostic): x is Diagnostic {
  return "code" in x;
}
