/**
 * Migrations and rewrites: immutable edits of the tree with immer, chosen from the checker's types and plans,
 * printed canonically and checked again. table.ts is the language's history as data; migrate.ts applies it;
 * rename-key, replace-op and substitute are the edits hosts use for their own changes (renamed metrics).
 */
export { migrations, type Migration, type LanguageChange, type RenameOp, type ExplicitDefault } from "./table.js";
export { migrateExpression, type MigrateOptions } from "./migrate.js";
export { renameKeys, type KeyRename, type RunDictPart } from "./rename-key.js";
export { replaceOp } from "./replace-op.js";
export { substituteVariable } from "./substitute.js";
export type { Rewritten, RewriteNote } from "./rewrite.js";
