/**
 * `:show [ROW | EXPR]`: a value whole, where tables and one-line forms cut nested values with "…". Without an
 * argument it shows the last result `_`; a whole number shows that row of it (`_[ROW]`, 0 the first, -1 the
 * last); anything else is an expression to evaluate and show. The result does not replace `_`, so one table's
 * rows can be shown one after another.
 */

/** The line under a table whose cells were cut. */
export const CUT_HINT = "(cells cut with …: `:show 0` shows the first row whole, `:show ROW` any other)";

/** The expression `:show ARG` evaluates. */
export function showSource(arg: string): string {
  const a = arg.trim();
  if (a === "") return "_";
  if (/^-?\d+$/.test(a)) return `_[${a}]`;
  return a;
}
