/**
 * The language's history as data: each entry says what changed when the language version was raised to
 * `version`, in terms a rewrite can undo for an expression saved before. `load()` applies every entry newer than a
 * document's version, oldest first (docs/panels.md, "Migrations").
 *
 * Rules for a change:
 * - An op renamed keeps its old name in its declaration's `deprecated` list, so old text still checks (with a
 *   `deprecated_name` warning and a fix), and gets a `renameOp` entry here, so loading rewrites it.
 * - An optional parameter whose default changed gets an `explicitDefault` entry: calls saved without the argument
 *   get the old default written out, so they keep their meaning.
 */

/** An op's name changed from `from` to `to`. */
export interface RenameOp {
  readonly kind: "renameOp";
  readonly from: string;
  readonly to: string;
}

/**
 * The default of an optional parameter of `op` changed. Calls with `arity` arguments (the receiver of `a.f(b)`
 * counts) get `value` (qel text) appended, the default they were saved with.
 */
export interface ExplicitDefault {
  readonly kind: "explicitDefault";
  readonly op: string;
  readonly arity: number;
  readonly value: string;
}

export type LanguageChange = RenameOp | ExplicitDefault;

/** What raising the language to `version` changed. */
export interface Migration {
  readonly version: number;
  readonly summary: string;
  readonly changes: readonly LanguageChange[];
}

/**
 * Every migration, by ascending version. Version 1 is the first versioned language: no document older than it
 * exists.
 */
export const migrations: readonly Migration[] = [
  {
    version: 2,
    summary:
      "Gradual types for run data: a call or member that fits some kind of a config, summary or history value is " +
      "accepted, and gives null where a run holds another kind; `a.f` on null is `f(a)`; `.key` on a union of dict " +
      "shapes looks the key up; toNumber and toString take every kind; dropna drops NaN; typeOf and the conditional " +
      "op are new. Expressions valid before keep their text; none needs rewriting.",
    changes: [],
  },
];
