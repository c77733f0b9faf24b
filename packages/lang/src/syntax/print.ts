import { assertNever, type Binary, type Expr } from "./ast.js";
import { checkedAst } from "./ast-check.js";
import { error, QelError, type Diagnostic, type Result } from "./diagnostics.js";
import { parse, type ParseOptions } from "./parse.js";
import { group, ifBreak, indent, joinDocs, line, render, softline, type Doc } from "./syntax-doc.js";
import { binaryPrecedence, Prec, precedenceOf } from "./syntax-precedence.js";
import { quoteString } from "./syntax-strings.js";
import { keywords } from "./tokens.js";

/** Options for {@link print}. */
export interface PrintOptions {
  /** The line width to fit in; longer expressions break over lines. Default 80. */
  readonly width?: number;
}

/**
 * The canonical text of `expr`: the fewest parentheses that keep its structure, `==` `!=` `&&` `||` `!` spellings,
 * double-quoted strings with minimal escapes, numbers that read back as the same double. One line when it fits
 * in `width`; else argument lists, lists, dicts, method chains, operator chains and conditionals break, indented
 * by two. `parse(print(e))` equals `e` up to spans. Ignores spans. Throws only a QelError: `invalid_argument`
 * naming the first bad field when `expr` is not an AST of ast.ts (ast-check.ts), `invalid_option` when `options`
 * is not an object or `width` not a positive number.
 */
export function print(expr: Expr, options: PrintOptions = {}): string {
  const bad = printOptionsProblem(options);
  if (bad !== undefined) throw new QelError(bad);
  return printTree(checkedAst(expr), options.width ?? 80);
}

/** print() of a tree known to be an AST (format's, just parsed): not checked again. */
function printTree(expr: Expr, width: number): string {
  return render(layout(expr, Prec.lambda), width);
}

/**
 * Parses `source` and prints it canonically (`qel fmt`). `format` is idempotent and `parse(format(s))` equals
 * `parse(s)` up to spans. Returns the parse diagnostics when `source` does not parse, and one `invalid_option`
 * diagnostic for options that are not an object or a `width` that is not a positive number; never throws.
 */
export function format(source: string, options: ParseOptions & PrintOptions = {}): Result<string> {
  const bad = printOptionsProblem(options);
  if (bad !== undefined) return { ok: false, diagnostics: [bad] };
  const parsed = parse(source, options);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: printTree(parsed.value, options.width ?? 80), diagnostics: [] };
  } catch (e) {
    const span = { start: 0, end: source.length };
    if (e instanceof RangeError && e.message.includes("call stack")) {
      return { ok: false, diagnostics: [error("nesting_too_deep", "the expression nests too deeply to print", span, { hint: "lower the `maxDepth` limit" })] };
    }
    const message = `internal error while formatting: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, diagnostics: [error("internal_error", message, span)] };
  }
}

/**
 * Why `options` cannot be printed with, as an `invalid_option` diagnostic, or undefined. Never throws: options
 * that cannot be read (a throwing getter) are a diagnostic too.
 */
function printOptionsProblem(options: unknown): Diagnostic | undefined {
  const at = { start: 0, end: 0 };
  if (typeof options !== "object" || options === null) {
    return error("invalid_option", `the format options must be an object, got ${options === null ? "null" : typeof options}`, at);
  }
  let width: unknown;
  try {
    width = (options as PrintOptions).width;
  } catch (e) {
    return error("invalid_option", `the format options could not be read (${e instanceof Error ? e.message : String(e)})`, at);
  }
  if (width === undefined || (typeof width === "number" && width > 0)) return undefined;
  // the layout engine needs a positive width; a wrong one is refused rather than replaced by the default
  const got = typeof width === "number" ? String(width) : width === null ? "null" : `a ${typeof width}`;
  return error("invalid_option", `the format option \`width\` must be a positive number, got ${got}`, at);
}

/** A number literal that parses back to exactly `value` (shortest round-trip digits; `1e999` for Infinity). */
export function formatNumber(value: number): string {
  if (value === Infinity) return "1e999";
  if (value === -Infinity) return "-1e999";
  if (Number.isNaN(value)) return "0 / 0";
  if (Object.is(value, -0)) return "-0";
  return String(value);
}

const bareKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A dict key as written: bare when it is a name and not a keyword (`{lr: 1}`), else quoted (`{"val/loss": 1}`). */
export function formatKey(key: string): string {
  return bareKey.test(key) && !keywords.has(key) ? key : quoteString(key);
}

function layout(node: Expr, minPrec: number): Doc {
  const doc = layoutNode(node);
  return precedenceOf(node) < minPrec ? ["(", doc, ")"] : doc;
}

function bracketed(open: string, items: readonly Doc[], close: string): Doc {
  if (items.length === 0) return open + close;
  return group([open, indent([softline, joinDocs([",", line], items), ifBreak(",")]), softline, close]);
}

function layoutNode(node: Expr): Doc {
  switch (node.kind) {
    case "Number":
      return formatNumber(node.value);
    case "String":
      return quoteString(node.value);
    case "Boolean":
      return node.value ? "true" : "false";
    case "Null":
      return "null";
    case "Duration":
      return `${formatNumber(node.amount)}${node.unit}`;
    case "Name":
      return node.name;
    case "List":
      return bracketed("[", node.items.map((item) => layout(item, Prec.lambda)), "]");
    case "Dict":
      return bracketed("{", node.entries.map((e) => [formatKey(e.key), ": ", layout(e.value, Prec.lambda)]), "}");
    case "Lambda": {
      const params = node.params.length === 1 ? (node.params[0]?.name ?? "") : `(${node.params.map((p) => p.name).join(", ")})`;
      return [params, " => ", layout(node.body, Prec.lambda)];
    }
    case "Conditional":
      return group([
        layout(node.test, Prec.coalesce),
        indent([line, "? ", layout(node.consequent, Prec.lambda), line, ": ", layout(node.alternate, Prec.lambda)]),
      ]);
    case "Binary":
      return node.op === "**" ? [layout(node.left, Prec.postfix), " ** ", layout(node.right, Prec.unary)] : binaryChain(node);
    case "Unary": {
      const operand = layout(node.operand, Prec.unary);
      return [node.op, node.op === "-" && startsWithMinus(node.operand) ? " " : "", operand];
    }
    case "Member":
    case "Index":
    case "Call":
      return postfixChain(node);
    default:
      return assertNever(node);
  }
}

/** `-` before an operand printed with a leading `-` needs a space (`- -x`), though `--` is no token. */
function startsWithMinus(node: Expr): boolean {
  if (node.kind === "Unary") return node.op === "-";
  if (node.kind === "Number") return node.value < 0 || Object.is(node.value, -0);
  return node.kind === "Duration" && (node.amount < 0 || Object.is(node.amount, -0));
}

/** `a op b op c` at one precedence level, as one group that breaks after each operator. */
function binaryChain(node: Binary): Doc {
  const prec = binaryPrecedence[node.op];
  const rights: Binary[] = [node];
  let first: Expr = node.left;
  while (first.kind === "Binary" && first.op !== "**" && binaryPrecedence[first.op] === prec) {
    rights.push(first);
    first = first.left;
  }
  const rest: Doc[] = [];
  for (let i = rights.length - 1; i >= 0; i--) {
    const b = rights[i] as Binary;
    rest.push(` ${b.op}`, line, layout(b.right, prec + 1));
  }
  return group([layout(first, prec), indent(rest)]);
}

/**
 * A chain of `.name`, `[index]` and `(args)` steps. With two or more method calls (`.f(…)`) it breaks before each
 * call when too long; otherwise only the brackets inside it break.
 */
function postfixChain(node: Expr): Doc {
  const steps: Expr[] = [];
  let head = node;
  while (head.kind === "Member" || head.kind === "Index" || head.kind === "Call") {
    steps.push(head);
    head = head.kind === "Call" ? head.callee : head.object;
  }
  steps.reverse();
  const parts: Doc[][] = [[layout(head, Prec.postfix)]];
  let calls = 0;
  steps.forEach((step, i) => {
    const methodCall = step.kind === "Member" && steps[i + 1]?.kind === "Call";
    if (methodCall) {
      calls++;
      parts.push([]);
    }
    parts[parts.length - 1]?.push(stepDoc(step));
  });
  if (calls < 2) return parts.flat();
  const [first = [], ...groups] = parts;
  return group([first, indent(groups.map((g) => [softline, g]))]);
}

/** A sole argument that keeps its brackets on the call's line when it breaks: `f([`, `f({`, `f(x => {`. */
function hugs(arg: Expr): boolean {
  const inner = arg.kind === "Lambda" ? arg.body : arg;
  return (inner.kind === "List" && inner.items.length > 0) || (inner.kind === "Dict" && inner.entries.length > 0);
}

function stepDoc(step: Expr): Doc {
  switch (step.kind) {
    case "Member":
      return `.${step.name}`;
    case "Index":
      return group(["[", indent([softline, layout(step.index, Prec.lambda)]), softline, "]"]);
    case "Call": {
      const only = step.args.length === 1 ? step.args[0] : undefined;
      if (only !== undefined && hugs(only)) return ["(", layout(only, Prec.lambda), ")"];
      return bracketed("(", step.args.map((a) => layout(a, Prec.lambda)), ")");
    }
    default:
      return "";
  }
}
