/**
 * The shape check of an AST a host hands in (check, analyze, compile, evaluate, print, visit accept "a string or a
 * parsed expression"): every node's fields of the JS types ast.ts declares, read once at the entry so that no pass
 * meets a `Number` whose value is "5" and answers "51". Runs in one iterative walk, linear in the tree's nodes.
 */
import type { DictEntry, Expr, Param } from "./ast.js";
import { describeGiven as describeValue } from "@qel/ops";
import { error, QelError, type Diagnostic } from "./diagnostics.js";

/** Deeper given trees are refused: no parse builds one, and every pass after this one recurses. */
export const MAX_AST_DEPTH = 10_000;

/** What one field check found wrong: the path below the field (`.end`, `[2].name`) and what it should be. */
interface Problem {
  readonly at: string;
  readonly message: string;
}

/** Checks one field's value; child nodes it holds are handed to `push` with their paths, to be checked in turn. */
type FieldCheck = (value: unknown, push: (node: unknown, at: string) => void) => Problem | undefined;

/** For each field of a node kind but `kind`, its check: a kind or field added to ast.ts fails to compile here. */
type Shape<N> = { readonly [F in Exclude<keyof N, "kind">]-?: FieldCheck };

const unaryOps: ReadonlySet<string> = new Set(["-", "!"]);
const binaryOps: ReadonlySet<string> = new Set(["??", "||", "&&", "==", "!=", "<", "<=", ">", ">=", "in", "+", "-", "*", "/", "%", "**"]);
const durationUnits: ReadonlySet<string> = new Set(["ms", "s", "m", "h", "d", "w"]);

const wrong = (what: string, value: unknown, at = ""): Problem => ({ at, message: `must be ${what}, got ${describeValue(value)}` });

const number: FieldCheck = (v) => (typeof v === "number" ? undefined : wrong("a number", v));
const string: FieldCheck = (v) => (typeof v === "string" ? undefined : wrong("a string", v));
const boolean: FieldCheck = (v) => (typeof v === "boolean" ? undefined : wrong("a boolean", v));
const oneOf = (names: ReadonlySet<string>): FieldCheck => (v) =>
  typeof v === "string" && names.has(v) ? undefined : wrong(`one of ${[...names].map((n) => JSON.stringify(n)).join(", ")}`, v);
const expr: FieldCheck = (v, push) => {
  push(v, "");
  return undefined;
};

function spanProblem(v: unknown): Problem | undefined {
  if (typeof v !== "object" || v === null) return wrong("a span {start, end}", v);
  const { start, end } = v as { start: unknown; end: unknown };
  if (!Number.isSafeInteger(start) || (start as number) < 0) return wrong("an offset (a whole number ≥ 0)", start, ".start");
  if (!Number.isSafeInteger(end) || (end as number) < (start as number)) return wrong(`an offset ≥ start (${String(start)})`, end, ".end");
  return undefined;
}
const span: FieldCheck = (v) => spanProblem(v);

/** An array whose every item passes `item` (given the item's index path, `[i]`). */
const listOf = (item: (v: unknown, at: string, push: (node: unknown, at: string) => void) => Problem | undefined): FieldCheck => (v, push) => {
  if (!Array.isArray(v)) return wrong("an array", v);
  for (let i = 0; i < v.length; i++) {
    const p = item(v[i], `[${i}]`, push);
    if (p !== undefined) return p;
  }
  return undefined;
};

/** The fields of a record that is not a node (a lambda's parameter, a dict's entry), each checked at `at.field`. */
const record = <R>(fields: { readonly [F in keyof R]-?: FieldCheck }) =>
  (v: unknown, at: string, push: (node: unknown, at: string) => void): Problem | undefined => {
    if (typeof v !== "object" || v === null) return wrong("an object", v, at);
    for (const [name, check] of Object.entries(fields) as [string, FieldCheck][]) {
      const p = check((v as Record<string, unknown>)[name], (node, below) => push(node, `${at}.${name}${below}`));
      if (p !== undefined) return { at: `${at}.${name}${p.at}`, message: p.message };
    }
    return undefined;
  };

const param = record<Param>({ name: string, span });
const entry = record<DictEntry>({ key: string, keySpan: span, value: expr });

/** Every node kind of ast.ts with the check of each of its fields, in source order of the children. */
const shapes: { readonly [K in Expr["kind"]]: Shape<Extract<Expr, { kind: K }>> } = {
  Number: { span, value: number },
  String: { span, value: string },
  Boolean: { span, value: boolean },
  Null: { span },
  Duration: { span, amount: number, unit: oneOf(durationUnits) },
  List: { span, items: listOf((v, at, push) => expr(v, (node) => push(node, at))) },
  Dict: { span, entries: listOf(entry) },
  Name: { span, name: string },
  Lambda: { span, params: listOf(param), body: expr },
  Member: { span, object: expr, name: string, nameSpan: span },
  Index: { span, object: expr, index: expr },
  Call: { span, callee: expr, args: listOf((v, at, push) => expr(v, (node) => push(node, at))) },
  Unary: { span, op: oneOf(unaryOps), operand: expr },
  Binary: { span, op: oneOf(binaryOps), left: expr, right: expr },
  Conditional: { span, test: expr, consequent: expr, alternate: expr },
};

const kinds: ReadonlySet<string> = new Set(Object.keys(shapes));

/** Each kind's fields as [name, ".name", check], made once: the walk below runs on every given tree. */
const fieldsOf: ReadonlyMap<string, readonly (readonly [string, string, FieldCheck])[]> = new Map(
  Object.entries(shapes).map(([kind, shape]) => [kind, Object.entries(shape as Record<string, FieldCheck>).map(([name, check]) => [name, `.${name}`, check] as const)]),
);

/** A node still to check, or (`leaving`) one whose children are all checked; its path is built only for a message. */
interface Pending {
  readonly node: unknown;
  readonly parent: Pending | undefined;
  /** The step from the parent: `.left`, `.args[2]`, `.entries[0].value`. */
  readonly step: string;
  readonly depth: number;
  readonly leaving: boolean;
}

function pathOf(p: Pending | undefined): string {
  let path = "";
  for (let q = p; q !== undefined; q = q.parent) path = q.step + path;
  return path;
}

/**
 * Why `root` is not an AST of ast.ts, as one `invalid_argument` diagnostic at 0:0 naming the path of the first bad
 * field in source order (`.left.value`); undefined when it is one. A node shared by two parents is checked once; a
 * node inside itself (a cycle) and nesting over MAX_AST_DEPTH are refused. Never throws: a field that cannot be
 * read (a throwing getter or Proxy) is a diagnostic too.
 */
export function astProblem(root: unknown): Diagnostic | undefined {
  const current: { at: Pending | undefined } = { at: undefined };
  try {
    const found = walk(root, current);
    return found === undefined ? undefined : refusal(`${found.at === "" ? "the expression" : `\`${found.at}\``} ${found.message}`);
  } catch (e) {
    const at = pathOf(current.at);
    return refusal(`\`${at === "" ? "(root)" : at}\` could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** `root` itself when it is an AST; else throws the QelError (`invalid_argument`) astProblem describes. */
export function checkedAst(root: unknown): Expr {
  const problem = astProblem(root);
  if (problem !== undefined) throw new QelError(problem);
  return root as Expr;
}

function refusal(detail: string): Diagnostic {
  return error("invalid_argument", `not a parsed expression: ${detail}`, { start: 0, end: 0 });
}

function walk(root: unknown, current: { at: Pending | undefined }): Problem | undefined {
  const stack: Pending[] = [{ node: root, parent: undefined, step: "", depth: 0, leaving: false }];
  // a node being checked (its subtree not finished) is `true`; a node checked whole, `false`
  const state = new Map<object, boolean>();
  const children: { node: unknown; step: string }[] = [];
  let field = "";
  const push = (child: unknown, below: string): void => void children.push({ node: child, step: below === "" ? field : field + below });
  const nodeProblem = (node: Record<string, unknown>): Problem | undefined => {
    const kind = node["kind"];
    const fields = typeof kind === "string" ? fieldsOf.get(kind) : undefined;
    if (fields === undefined) return wrong(`a node kind (${[...kinds].join(", ")})`, kind, ".kind");
    for (let i = 0; i < fields.length; i++) {
      const [name, step, check] = fields[i]!;
      field = step;
      const p = check(node[name], push);
      if (p !== undefined) return { at: step + p.at, message: p.message };
    }
    return undefined;
  };
  while (stack.length > 0) {
    const next = stack.pop()!;
    const node = next.node;
    if (next.leaving) {
      state.set(node as object, false);
      continue;
    }
    current.at = next;
    if (typeof node !== "object" || node === null) return wrong("a node (an object with a `kind`)", node, pathOf(next));
    const seen = state.get(node);
    if (seen === false) continue;
    if (seen === true) return { at: pathOf(next), message: "contains itself: an expression is a tree, not a cycle" };
    if (next.depth > MAX_AST_DEPTH) return { at: pathOf(next), message: `nests deeper than ${MAX_AST_DEPTH} levels` };
    children.length = 0;
    const problem = nodeProblem(node as Record<string, unknown>);
    if (problem !== undefined) return { at: pathOf(next) + problem.at, message: problem.message };
    state.set(node, true);
    stack.push({ node, parent: next.parent, step: next.step, depth: next.depth, leaving: true });
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]!;
      stack.push({ node: c.node, parent: next, step: c.step, depth: next.depth + 1, leaving: false });
    }
  }
  return undefined;
}
