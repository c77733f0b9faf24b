/**
 * Services for editors and the REPL: completion (and later hover, signature help, quick fixes), each a pass over
 * the checked tree that works on incomplete input.
 */
export { complete, type Completion, type CompletionKind } from "./complete.js";
