/**
 * Checks a migration table a host passes to `load` or `migrateExpression` (docs/panels.md, "Migrations"). A
 * malformed entry is refused with one `invalid_argument` diagnostic naming it, instead of a raw TypeError, or a
 * change that is silently skipped (an unknown kind, a default that does not parse) while the version still moves.
 */
import type { Diagnostic } from "../syntax/diagnostics.js";
import { parse } from "../syntax/parse.js";
import { invalidArgument, isPlainName, isRecord, quoteValue, unknownFields } from "./arguments.js";
import type { Migration } from "./table.js";

/** Why one change of a migration is not usable, or undefined when it is. */
function changeProblem(change: unknown): string | undefined {
  if (!isRecord(change)) return "a change must be an object";
  if (change["kind"] === "renameOp") {
    const extra = unknownFields(change, ["kind", "from", "to"]);
    if (extra.length > 0) return `a renameOp change has no field \`${extra[0]}\``;
    if (!isPlainName(change["from"]) || !isPlainName(change["to"])) return "a renameOp change needs `from` and `to`, each an op name";
    return undefined;
  }
  if (change["kind"] === "explicitDefault") {
    const extra = unknownFields(change, ["kind", "op", "arity", "value"]);
    if (extra.length > 0) return `an explicitDefault change has no field \`${extra[0]}\``;
    if (!isPlainName(change["op"])) return "an explicitDefault change needs `op`, an op name";
    const arity = change["arity"];
    if (typeof arity !== "number" || !Number.isInteger(arity) || arity < 0) return "an explicitDefault change needs `arity`, a whole number from 0";
    const value = change["value"];
    if (typeof value !== "string" || !parse(value).ok) return "an explicitDefault change needs `value`, qel text that parses";
    return undefined;
  }
  return 'a change\'s `kind` must be "renameOp" or "explicitDefault"';
}

/** Why one entry is not a migration (its changes aside), or undefined when it is one. */
function entryProblem(entry: unknown, current: number): string | undefined {
  if (!isRecord(entry)) return "an entry must be an object {version, summary, changes}";
  const version = entry["version"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 2) return "`version` must be a whole number from 2";
  if (version > current) return `\`version\` ${version} is above the current version ${current}`;
  if (typeof entry["summary"] !== "string") return "`summary` must be a string";
  const changes = entry["changes"];
  if (!Array.isArray(changes)) return "`changes` must be a list";
  return undefined;
}

/**
 * Why `table` cannot be used to migrate to version `current`, as an `invalid_argument` diagnostic, or undefined
 * when every entry is well formed and the versions ascend (they are applied in the table's order). `option` is
 * the table's name in the caller's options, for the message. Never throws.
 */
export function checkMigrationTable(table: unknown, current: number, option = "migrations"): Diagnostic | undefined {
  if (!Array.isArray(table)) return invalidArgument(`\`${option}\` must be a list of migrations {version, summary, changes}, not ${quoteValue(table)}`);
  let previous = 1;
  for (const [i, entry] of (table as readonly Migration[]).entries()) {
    const problem = entryProblem(entry, current);
    if (problem !== undefined) return invalidArgument(`${option}[${i}] ${quoteValue(entry)}: ${problem}`);
    for (const [j, change] of entry.changes.entries()) {
      const bad = changeProblem(change);
      if (bad !== undefined) return invalidArgument(`${option}[${i}].changes[${j}] ${quoteValue(change)}: ${bad}`);
    }
    if (entry.version <= previous) return invalidArgument(`${option}[${i}]: versions must ascend, and ${entry.version} follows ${previous}`);
    previous = entry.version;
  }
  return undefined;
}
