/**
 * Saved panels keep their meaning only if the language under them changes on purpose. The registry's public
 * surface (op names, aliases, operators, signatures) is committed per language version in surface/v<N>.json:
 * - the current surface must equal the snapshot of LANGUAGE_VERSION. New ops and names may be recorded in it
 *   (`QEL_UPDATE_SURFACE=1 npx vitest run test/panels/surface.test.ts`); a change or removal may not: raise
 *   LANGUAGE_VERSION, add an entry to the migration table (packages/lang/src/migrations/table.ts) and a stored
 *   document of the old version under migrations/, then record the new version's snapshot the same way;
 * - every name an older version knew still resolves, or a migration renames it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { diffSurfaces, LANGUAGE_VERSION, migrations, registrySurface, standardRegistry, surfaceNames, type OpSurface } from "@qel/lang";

const dir = fileURLToPath(new URL("./surface/", import.meta.url));
const file = (v: number): string => join(dir, `v${v}.json`);
const read = (v: number): OpSurface[] => JSON.parse(readFileSync(file(v), "utf8")) as OpSurface[];
const current = registrySurface(standardRegistry);

if (process.env["QEL_UPDATE_SURFACE"] === "1") {
  const change = existsSync(file(LANGUAGE_VERSION)) ? diffSurfaces(read(LANGUAGE_VERSION), current) : { added: [], changed: [] };
  if (change.changed.length === 0) writeFileSync(file(LANGUAGE_VERSION), `${JSON.stringify(current, null, 1)}\n`);
}

describe("the registry's surface is versioned", () => {
  test(`the surface equals the snapshot of language version ${LANGUAGE_VERSION}`, () => {
    expect(existsSync(file(LANGUAGE_VERSION)), `no snapshot ${file(LANGUAGE_VERSION)}: record it with QEL_UPDATE_SURFACE=1`).toBe(true);
    const change = diffSurfaces(read(LANGUAGE_VERSION), current);
    expect(change.changed, "changed or removed since this language version: raise LANGUAGE_VERSION and add a migration").toEqual([]);
    expect(change.added, "new since the snapshot: record them with QEL_UPDATE_SURFACE=1").toEqual([]);
    expect(current).toEqual(read(LANGUAGE_VERSION));
  });

  test("every version up to the current one has a snapshot, and every later one a migration entry", () => {
    const versions = readdirSync(dir).map((f) => /^v(\d+)\.json$/.exec(f)?.[1]).filter((v) => v !== undefined).map(Number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: LANGUAGE_VERSION }, (_, i) => i + 1));
    expect(migrations.map((m) => m.version)).toEqual(versions.slice(1));
  });

  test.for(Array.from({ length: LANGUAGE_VERSION }, (_, i) => i + 1))("every name of version %i resolves or is migrated", (v) => {
    const renamed = new Set(migrations.filter((m) => m.version > v).flatMap((m) => m.changes.flatMap((c) => (c.kind === "renameOp" ? [c.from] : []))));
    const lost = read(v).flatMap(surfaceNames).filter((n) => standardRegistry.lookup(n) === undefined && !renamed.has(n));
    expect(lost).toEqual([]);
  });
});

test("the comparison sees changes, removals and additions", () => {
  const saved = registrySurface(standardRegistry);
  const edited = saved.filter((op) => op.name !== "abs").map((op) => (op.name === "count" ? { ...op, signatures: ["count(any) → number"], deprecated: ["size"] } : op));
  edited.push({ name: "zzz", signatures: ["zzz() → number"] });
  const change = diffSurfaces(saved, edited);
  expect(change.changed).toEqual([
    "op `abs` was removed",
    "`size` became a deprecated name of `count`",
    expect.stringMatching(/^`count`'s overloads changed from count\(list<any>\|null\) → number to count\(any\) → number$/),
  ]);
  expect(change.added).toEqual(["`count` answers to `size`", "op `zzz` (zzz() → number)"]);
});
