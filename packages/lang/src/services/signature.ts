/**
 * Signatures as editors show them: `filter(list: list<T>, pred: (T) => boolean) → list<T>`, with the offsets of
 * each parameter inside the label (what signature help highlights). Parameter names come from the op's docs.
 */
import { printType, type OpDef, type Overload, type Type } from "@qel/ops";

/** A parameter's text and where it sits in its signature's label (`from` inclusive, `to` exclusive). */
export interface ParameterLabel {
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

export interface SignatureLabel {
  readonly label: string;
  readonly params: readonly ParameterLabel[];
}

/**
 * The label of one overload of `op`, written with the op's canonical name; `resolved` gives the parameter and
 * result types a call instantiated (type variables bound), when known.
 */
export function signatureLabel(op: OpDef, overload: Overload, resolved?: { readonly params: readonly Type[]; readonly result: Type }): SignatureLabel {
  const names = op.doc.params ?? [];
  let label = `${op.name}(`;
  const params: ParameterLabel[] = [];
  overload.params.forEach((p, i) => {
    if (i > 0) label += ", ";
    const name = names[i]?.name;
    const optional = i >= overload.params.length - overload.optional ? "?" : "";
    const type = printType(resolved?.params[i] ?? p);
    const text = `${name !== undefined ? `${name}${optional}: ` : ""}${type}${name === undefined ? optional : ""}`;
    params.push({ label: text, from: label.length, to: label.length + text.length });
    label += text;
  });
  const result = resolved?.result ?? (typeof overload.result === "function" ? undefined : overload.result);
  label += `) → ${result === undefined ? "…" : printType(result)}`;
  return { label, params };
}

/** The op's one-line summary. */
export function summaryOf(op: OpDef): string {
  return op.doc.summary;
}
