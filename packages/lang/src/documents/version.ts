/**
 * The language version: raised by any change that could alter a stored expression's meaning or validity (an op
 * renamed or removed, an overload changed, a default changed), together with an entry in the migration table.
 * A test compares the registry's surface with the snapshot committed for this version (docs/panels.md).
 */
export const LANGUAGE_VERSION = 2;
