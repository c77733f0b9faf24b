/**
 * Documents: expressions as panels store them, `{qel, expr, ...host fields}`. save() writes the current language
 * version and the canonical text; load() migrates (migrations/), checks and reports; surface.ts snapshots what a
 * language version means, so a change that could alter a stored expression is seen.
 */
export { save, load, type SavedExpression, type SaveRefused, type Loaded, type LoadStatus, type LoadOptions } from "./document.js";
export { LANGUAGE_VERSION } from "./version.js";
export { upgradeDocument, type Upgraded, type UpgradeOptions } from "./upgrade.js";
export { registrySurface, diffSurfaces, surfaceNames, type OpSurface, type SurfaceChange } from "./surface.js";
