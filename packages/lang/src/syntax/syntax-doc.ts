// A small Wadler-style document layout (the algorithm Prettier uses): a group prints on one line when it fits in
// the remaining width, else its lines break and its indents apply. Rendering is a loop, never recursion.

/** A layout document. */
export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak;

interface Group {
  readonly t: "group";
  readonly doc: Doc;
}
interface Indent {
  readonly t: "indent";
  readonly doc: Doc;
}
interface Line {
  readonly t: "line";
  /** Flat, a soft line prints nothing and a line prints one space. */
  readonly soft: boolean;
}
interface IfBreak {
  readonly t: "ifBreak";
  readonly broken: Doc;
  readonly flat: Doc;
}

/** One line when it fits, else broken. */
export function group(doc: Doc): Doc {
  return { t: "group", doc };
}

/** Indents by two the lines that break inside `doc`. */
export function indent(doc: Doc): Doc {
  return { t: "indent", doc };
}

/** A space, or a line break. */
export const line: Doc = { t: "line", soft: false };
/** Nothing, or a line break. */
export const softline: Doc = { t: "line", soft: true };

/** `broken` when the enclosing group breaks, else `flat`. */
export function ifBreak(broken: Doc, flat: Doc = ""): Doc {
  return { t: "ifBreak", broken, flat };
}

/** `items` separated by `separator`. */
export function joinDocs(separator: Doc, items: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(separator);
    out.push(item);
  });
  return out;
}

const FLAT = 0;
const BREAK = 1;
type Mode = typeof FLAT | typeof BREAK;
type Cmd = readonly [indentation: number, mode: Mode, doc: Doc];

function isArray(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}

/** True when `next` printed flat, followed by `rest` up to its first possible line break, fits in `width`. */
function fits(next: Cmd, rest: readonly Cmd[], width: number): boolean {
  const stack: Cmd[] = [next];
  let restIndex = rest.length;
  let remaining = width;
  while (remaining >= 0) {
    let cmd = stack.pop();
    if (cmd === undefined) {
      if (restIndex === 0) return true;
      cmd = rest[--restIndex];
      if (cmd === undefined) return true;
    }
    const [ind, mode, doc] = cmd;
    if (typeof doc === "string") remaining -= doc.length;
    else if (isArray(doc)) for (let i = doc.length - 1; i >= 0; i--) stack.push([ind, mode, doc[i] ?? ""]);
    else if (doc.t === "line") {
      if (mode === BREAK) return true;
      if (!doc.soft) remaining -= 1;
    } else if (doc.t === "ifBreak") stack.push([ind, mode, mode === BREAK ? doc.broken : doc.flat]);
    else stack.push([ind, mode, doc.doc]);
  }
  return false;
}

/** Lays `doc` out within `width` columns where it can. */
export function render(doc: Doc, width: number): string {
  const out: string[] = [];
  const cmds: Cmd[] = [[0, BREAK, group(doc)]];
  let column = 0;
  for (;;) {
    const cmd = cmds.pop();
    if (cmd === undefined) break;
    const [ind, mode, d] = cmd;
    if (typeof d === "string") {
      out.push(d);
      column += d.length;
    } else if (isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) cmds.push([ind, mode, d[i] ?? ""]);
    } else {
      switch (d.t) {
        case "indent":
          cmds.push([ind + 2, mode, d.doc]);
          break;
        case "group":
          cmds.push([ind, mode === FLAT || fits([ind, FLAT, d.doc], cmds, width - column) ? FLAT : BREAK, d.doc]);
          break;
        case "ifBreak":
          cmds.push([ind, mode, mode === BREAK ? d.broken : d.flat]);
          break;
        case "line":
          if (mode === FLAT) {
            if (!d.soft) {
              out.push(" ");
              column += 1;
            }
          } else {
            out.push("\n", " ".repeat(ind));
            column = ind;
          }
          break;
      }
    }
  }
  return out.join("");
}
