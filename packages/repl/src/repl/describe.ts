/**
 * Texts the REPL shows about the language rather than about values: an op's help (signatures, doc, examples,
 * all from the registry declaration) and a syntax tree; the loaded runs' schema is schema-command.ts's.
 */
import { printType, type Expr, type Type } from "@qel/lang";
import { printSignature, type OpDef, type Registry } from "@qel/ops";
import { escapeControls, paint, type Palette } from "../render-format.js";
import { keyText } from "../render.js";

/** `name(param: type, param?: type) → result` for each overload of `op`. */
export function signatures(op: OpDef): string[] {
  return op.overloads.map((o) => printSignature(op, o));
}

/** The other names an op answers to, as "alias `config`; also `groupby`". */
function spellings(op: OpDef): string {
  const parts: string[] = [];
  if (op.alias !== undefined) parts.push(`alias ${op.alias} (x.${op.alias})`);
  if (op.aliases !== undefined && op.aliases.length > 0) parts.push(`also ${op.aliases.join(", ")}`);
  if (op.deprecated !== undefined && op.deprecated.length > 0) parts.push(`deprecated ${op.deprecated.join(", ")}`);
  return parts.join("; ");
}

/**
 * Every op of the registry by category, for `:help` without an argument; an op written as an operator shows
 * how (`coalesce (a ?? b)`).
 */
export function opIndex(registry: Registry, width: number): string {
  const byCategory = new Map<string, string[]>();
  for (const op of registry.all()) {
    const list = byCategory.get(op.category) ?? [];
    const form = operatorForm(op);
    list.push(form === undefined ? op.name : `${op.name} (${form})`);
    byCategory.set(op.category, list);
  }
  const lines: string[] = [];
  for (const [category, names] of byCategory) {
    let line = `  ${category.padEnd(10)}`;
    for (const n of names) {
      if (line.length + n.length + 1 > width && line.trim() !== category) {
        lines.push(line);
        line = " ".repeat(12);
      }
      line += ` ${n}`;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

/** How an operator is written, for the op index and help: `a ?? b`, `xs[i]`, `-x`. */
function operatorForm(op: OpDef): string | undefined {
  const symbol = op.operator;
  if (symbol === undefined) return undefined;
  if (symbol === "neg" || symbol === "!") return `${symbol === "neg" ? "-" : "!"}x`;
  if (symbol === "[]") return "xs[i]";
  if (symbol === "?:") return "c ? a : b";
  return `a ${symbol} b`;
}

/** The op `name` names: an op's name or alias, or an operator's symbol (`??`, `+`, `[]`; `neg` for unary minus). */
function findOp(name: string, registry: Registry): OpDef | undefined {
  return registry.lookup(name) ?? registry.operator(name) ?? registry.operator(name === "-x" ? "neg" : name === "?" ? "?:" : name);
}

/** `:help OP`: signatures, summary, details, parameters and examples; undefined when no op has that name. */
export function opHelp(name: string, registry: Registry, p: Palette): string | undefined {
  const op = findOp(name, registry);
  if (op === undefined) return undefined;
  const lines = signatures(op).map((s) => paint(p.bold, s, p));
  const names = spellings(op);
  const form = operatorForm(op);
  if (op.name !== name && op.operator !== name) lines.push(paint(p.dim, `(${name} is a spelling of ${op.name})`, p));
  if (form !== undefined) lines.push(paint(p.dim, `written \`${form}\``, p));
  if (names !== "") lines.push(paint(p.dim, names, p));
  lines.push("", op.doc.summary);
  if (op.doc.details !== undefined) lines.push("", op.doc.details);
  if (op.doc.params !== undefined && op.doc.params.length > 0) {
    lines.push("");
    for (const prm of op.doc.params) lines.push(`  ${paint(p.keyword, prm.name, p)}  ${prm.doc}`);
  }
  if (op.doc.returns !== undefined) lines.push("", `Returns: ${op.doc.returns}`);
  if (op.doc.examples.length > 0) {
    lines.push("", "Examples:");
    for (const ex of op.doc.examples) {
      const title = ex.title !== undefined ? paint(p.dim, `  # ${ex.title}`, p) : "";
      lines.push(`  ${ex.expr}${title}`);
      if (ex.result !== undefined) lines.push(paint(p.dim, `    ⇒ ${JSON.stringify(ex.result)}`, p));
    }
  }
  if (op.doc.seeAlso !== undefined && op.doc.seeAlso.length > 0) lines.push("", `See also: ${op.doc.seeAlso.join(", ")}`);
  return lines.join("\n");
}

/** One node's label in `:ast`: its kind and the data that is not a child, with its span. */
function label(e: Expr): string {
  switch (e.kind) {
    case "Number":
      return `Number ${e.value}`;
    case "String":
      return `String ${escapeControls(JSON.stringify(e.value))}`;
    case "Boolean":
      return `Boolean ${e.value}`;
    case "Null":
      return "Null";
    case "Duration":
      return `Duration ${e.amount}${e.unit}`;
    case "List":
      return `List (${e.items.length})`;
    case "Dict":
      return `Dict (${e.entries.length})`;
    case "Name":
      return `Name ${e.name}`;
    case "Lambda":
      return `Lambda (${e.params.map((x) => x.name).join(", ")})`;
    case "Member":
      return `Member .${e.name}`;
    case "Index":
      return "Index";
    case "Call":
      return `Call (${e.args.length} args)`;
    case "Unary":
      return `Unary ${e.op}`;
    case "Binary":
      return `Binary ${e.op}`;
    case "Conditional":
      return "Conditional";
  }
}

/** Each child with the name of the field that holds it. */
function named(e: Expr): [string, Expr][] {
  switch (e.kind) {
    case "List":
      return e.items.map((x, i) => [`[${i}]`, x]);
    case "Dict":
      return e.entries.map((x) => [keyText(x.key), x.value]);
    case "Lambda":
      return [["body", e.body]];
    case "Member":
      return [["object", e.object]];
    case "Index":
      return [["object", e.object], ["index", e.index]];
    case "Call":
      return [["callee", e.callee], ...e.args.map((a, i): [string, Expr] => [`arg ${i}`, a])];
    case "Unary":
      return [["operand", e.operand]];
    case "Binary":
      return [["left", e.left], ["right", e.right]];
    case "Conditional":
      return [["test", e.test], ["then", e.consequent], ["else", e.alternate]];
    default:
      return [];
  }
}

/** `:ast`: the tree drawn with box characters, each node with its span; types after the span when given. */
export function astTree(root: Expr, p: Palette, types?: ReadonlyMap<Expr, Type>): string {
  const lines: string[] = [];
  const visit = (e: Expr, prefix: string, childPrefix: string, field: string): void => {
    const type = types?.get(e);
    const extra = `${paint(p.dim, ` ${e.span.start}..${e.span.end}`, p)}${type !== undefined ? paint(p.keyword, ` : ${printType(type)}`, p) : ""}`;
    lines.push(`${prefix}${field !== "" ? paint(p.dim, `${field}: `, p) : ""}${label(e)}${extra}`);
    const kids = named(e);
    kids.forEach(([name, child], i) => {
      const last = i === kids.length - 1;
      visit(child, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "), name);
    });
  };
  visit(root, "", "", "");
  return lines.join("\n");
}
