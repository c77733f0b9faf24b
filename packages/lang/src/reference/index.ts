/**
 * Reference: the tree-walking interpreter that states what a checked expression means, with no fast paths; the
 * compiled evaluator is tested against it.
 */
export { interpret, ReferenceFailure } from "./interpret.js";
