/**
 * The public surface of a registry: every op's names and overload signatures, as plain data. Saved expressions
 * depend on exactly this, so a committed snapshot of it per language version shows any change that could alter a
 * stored expression's meaning or validity (docs/panels.md, "Language versions").
 */
import { printSignature, Registry } from "@qel/ops";
import { QelError } from "../syntax/diagnostics.js";
import { describeValue, invalidArgument, isRecord } from "../migrations/arguments.js";

/** One op as saved expressions see it. */
export interface OpSurface {
  readonly name: string;
  readonly alias?: string;
  readonly aliases?: readonly string[];
  readonly deprecated?: readonly string[];
  readonly operator?: string;
  /** `name(param, …) → result`, one per overload, in declaration order (the order resolution tries them). */
  readonly signatures: readonly string[];
}

/** The surface of `registry`, sorted by op name. Throws only a QelError (`invalid_argument`) for what is no Registry. */
export function registrySurface(registry: Registry): OpSurface[] {
  if (!(registry instanceof Registry)) refuse(`registrySurface takes a Registry (such as standardRegistry), not ${describeValue(registry)}`);
  return registry
    .all()
    .map((op): OpSurface => ({
      name: op.name,
      ...(op.alias !== undefined ? { alias: op.alias } : {}),
      ...(op.aliases !== undefined && op.aliases.length > 0 ? { aliases: [...op.aliases] } : {}),
      ...(op.deprecated !== undefined && op.deprecated.length > 0 ? { deprecated: [...op.deprecated] } : {}),
      ...(op.operator !== undefined ? { operator: op.operator } : {}),
      signatures: op.overloads.map((o) => printSignature(op, o, { paramNames: false })),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every name an op of the surface answers to. */
export function surfaceNames(op: OpSurface): string[] {
  return [op.name, ...(op.alias !== undefined ? [op.alias] : []), ...(op.aliases ?? []), ...(op.deprecated ?? [])];
}

/** How `current` differs from `saved`: what was added (harmless to stored expressions) and what was changed or removed. */
export interface SurfaceChange {
  readonly added: readonly string[];
  /** Removed ops and names, and ops whose signatures or operator changed. */
  readonly changed: readonly string[];
}

/** Compares two surfaces op by op. */
export function diffSurfaces(saved: readonly OpSurface[], current: readonly OpSurface[]): SurfaceChange {
  checkSurface(saved, "saved");
  checkSurface(current, "current");
  const added: string[] = [];
  const changed: string[] = [];
  const now = new Map(current.map((op) => [op.name, op]));
  const before = new Map(saved.map((op) => [op.name, op]));
  for (const old of saved) {
    const op = now.get(old.name);
    if (op === undefined) {
      changed.push(`op \`${old.name}\` was removed`);
      continue;
    }
    const names = new Set(surfaceNames(op));
    for (const n of surfaceNames(old)) if (!names.has(n)) changed.push(`\`${old.name}\` no longer answers to \`${n}\``);
    for (const n of op.deprecated ?? []) if (!(old.deprecated ?? []).includes(n)) changed.push(`\`${n}\` became a deprecated name of \`${op.name}\``);
    const oldNames = new Set(surfaceNames(old));
    for (const n of surfaceNames(op)) if (!oldNames.has(n)) added.push(`\`${op.name}\` answers to \`${n}\``);
    if (old.alias !== op.alias) changed.push(`\`${op.name}\`'s short alias changed from ${String(old.alias)} to ${String(op.alias)}`);
    if (old.operator !== op.operator) changed.push(`\`${op.name}\`'s operator changed from ${String(old.operator)} to ${String(op.operator)}`);
    if (old.signatures.join("\n") !== op.signatures.join("\n")) {
      changed.push(`\`${op.name}\`'s overloads changed from ${old.signatures.join("; ")} to ${op.signatures.join("; ")}`);
    }
  }
  for (const op of current) if (!before.has(op.name)) added.push(`op \`${op.name}\` (${op.signatures.join("; ")})`);
  return { added, changed };
}

/** Throws an `invalid_argument` QelError unless `surface` is a list of ops as registrySurface gives them. */
function checkSurface(surface: unknown, name: string): void {
  if (!Array.isArray(surface)) refuse(`diffSurfaces's \`${name}\` must be a list of ops as registrySurface gives them, not ${describeValue(surface)}`);
  (surface as unknown[]).forEach((op, i) => {
    const ok = isRecord(op) && typeof op["name"] === "string" && Array.isArray(op["signatures"]) && op["signatures"].every((x) => typeof x === "string");
    if (!ok) refuse(`diffSurfaces's \`${name}[${i}]\` must be an op as registrySurface gives it ({name, signatures, …}), not ${describeValue(op)}`);
  });
}

function refuse(message: string): never {
  throw new QelError(invalidArgument(message));
}
