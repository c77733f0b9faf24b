/** The qel part of a panel editor (loaded with the language, see language.ts): @qel/codemirror's extension. */
import type { Extension } from "@codemirror/state";
import { qel, type QelEnv } from "@qel/codemirror";

export { updateEnv } from "@qel/codemirror";

/** Completion, lint with quick fixes, hover, signature help, highlighting and the format key, over `env`. */
export function qelExtension(env: QelEnv): Extension {
  return qel({ env });
}
