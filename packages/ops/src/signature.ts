/**
 * The one printed form of an op signature, shared by the reference, the REPL's help, completion details and the
 * notes of a call that matches no overload: `round(x: number, digits?: number) → number`.
 */
import type { OpDef, Overload } from "./define.js";
import { printType, type Type } from "./types.js";

/** `x: number, digits?: number`: parameter names from the op's docs (else a, b, …), types from the overload. */
function printParams(op: OpDef, o: Overload): string {
  return o.params.map((p, i) => {
    const name = op.doc.params?.[i]?.name.replace(/[^A-Za-z0-9_]/g, "") || String.fromCharCode(97 + i);
    return `${name}${i >= o.params.length - o.optional ? "?" : ""}: ${printType(p)}`;
  }).join(", ");
}

/** The type variables a type mentions, each bound to itself, so a computed result prints in terms of them. */
function selfBindings(ts: readonly Type[], into = new Map<string, Type>()): Map<string, Type> {
  for (const t of ts) {
    if (t.kind === "var") into.set(t.name, t);
    else if (t.kind === "list") selfBindings(t.groupKey === undefined ? [t.element] : [t.element, t.groupKey], into);
    else if (t.kind === "union") selfBindings(t.members, into);
    else if (t.kind === "function") selfBindings([...t.params, t.result], into);
    else if (t.kind === "dict") selfBindings([t.value], into);
  }
  return into;
}

/** The result type of an overload; a computed result is shown for the declared parameter types. */
function printResult(o: Overload): string {
  return printType(typeof o.result === "function" ? o.result(o.params, selfBindings(o.params)) : o.result);
}

/** How to print a signature: under which name, and with parameter names (`x: number`) or types only. */
export interface SignatureStyle {
  /** Default the op's name; an operator's symbol where the call was written with it. */
  readonly name?: string;
  /** Default true; false prints types only and a computed result as `…` (the registry's recorded surface). */
  readonly paramNames?: boolean;
}

/** One overload as `name(param: type, optional?: type) → result`, or `name(type, type?) → result`. Never throws. */
export function printSignature(op: OpDef, o: Overload, style: SignatureStyle = {}): string {
  const name = style.name ?? op.name;
  if (style.paramNames === false) {
    const params = o.params.map((p, i) => `${printType(p)}${i >= o.params.length - o.optional ? "?" : ""}`);
    return `${name}(${params.join(", ")}) → ${typeof o.result === "function" ? "…" : printType(o.result)}`;
  }
  return `${name}(${printParams(op, o)}) → ${printResult(o)}`;
}
