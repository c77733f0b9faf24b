/** Format on a key: replaces the document with its canonical form when it parses (else leaves it alone). */
import type { Command } from "@codemirror/view";
import { format } from "./services.js";

/** Formats the whole document; true when the document parses (whether or not it changed). */
export const formatCommand: Command = (view) => {
  const doc = view.state.doc.toString();
  const formatted = format(doc);
  if (formatted === null) return false;
  if (formatted !== doc) view.dispatch({ changes: { from: 0, to: doc.length, insert: formatted }, userEvent: "input.format" });
  return true;
};
