/**
 * Which checked expressions can be evaluated one run at a time (stream.ts): `runs` followed by standard `filter`
 * and `map` calls with a lambda written in place (the loops of compile-hot.ts) whose body reads no host variable,
 * ending in `count`, `sum`, `avg`, `min` or `max`, or in the list itself. And whether two analyses of one tree
 * decided the same everywhere, so that evaluating by one gives what the other would.
 */
import { printType, standardRegistry, typeEquals, type Overload } from "@qel/ops";
import type { Expr, Lambda } from "../syntax/ast.js";
import { children } from "../syntax/visit.js";
import type { Checked, OpCallPlan, Plan } from "../check/check-plan.js";
import { isHot } from "./compile-hot.js";

/** One `filter` or `map` of a pipeline: the call node and its lambda. */
export interface StreamStage {
  readonly kind: "filter" | "map";
  readonly call: Expr;
  readonly lambda: Lambda;
}

/** The op a pipeline ends in: `count` (only the number of elements matters) or one that reads the elements. */
export interface StreamTerminal {
  readonly kind: "count" | "elements";
  readonly call: Expr;
  readonly plan: OpCallPlan;
}

/** A pipeline over `runs`: its stages in order, and its last op (none when the result is the list). */
export interface StreamShape {
  readonly stages: readonly StreamStage[];
  readonly terminal: StreamTerminal | undefined;
}

const row = (name: string): Overload | undefined => standardRegistry.lookup(name)?.overloads[0];
const FILTER = row("filter");
const COUNT = row("count");
/** Ops that read every element once, in order, and whose result does not depend on anything else. */
const ELEMENTWISE = new Set([row("sum"), row("avg"), row("min"), row("max")]);

/** The pipeline `checked` is, or undefined when it is anything else. */
export function streamShape(checked: Checked): StreamShape | undefined {
  const root = checked.ast;
  const plan = checked.plans.get(root);
  const only = plan?.kind === "op" && plan.candidates.length === 1 && plan.mapDepth === 0 && plan.args.length === 1 ? plan.candidates[0]!.overload : undefined;
  if (plan?.kind === "op" && only !== undefined && (only === COUNT || ELEMENTWISE.has(only))) {
    const stages = pipeline(checked, plan.args[0]!);
    if (stages === undefined || (only !== COUNT && stages.length === 0)) return undefined;
    return { stages, terminal: { kind: only === COUNT ? "count" : "elements", call: root, plan } };
  }
  const stages = pipeline(checked, root);
  return stages !== undefined && stages.length > 0 ? { stages, terminal: undefined } : undefined;
}

function pipeline(checked: Checked, e: Expr): StreamStage[] | undefined {
  const plan = checked.plans.get(e);
  if (plan?.kind === "slot") return plan.depth === 0 && plan.name === "runs" ? [] : undefined;
  if (plan?.kind !== "op" || !isHot(plan)) return undefined;
  const fn = plan.args[1]!;
  if (fn.kind !== "Lambda" || readsHost(checked, fn.body, 1)) return undefined;
  const kind = plan.candidates[0]!.overload === FILTER ? "filter" : "map";
  if (fn.params.length > (kind === "filter" ? 1 : 2)) return undefined;
  const before = pipeline(checked, plan.args[0]!);
  return before === undefined ? undefined : [...before, { kind, call: e, lambda: fn }];
}

/** Whether `node`, `level` lambdas deep, reads a host variable (a slot of the root frame). */
function readsHost(checked: Checked, node: Expr, level: number): boolean {
  const plan = checked.plans.get(node);
  if (plan?.kind === "slot" && plan.depth >= level) return true;
  const inner = node.kind === "Lambda" ? level + 1 : level;
  return children(node).some((c) => readsHost(checked, c, inner));
}

/**
 * Whether two analyses of the same tree gave every node the same type and plan (same overloads, kind checks,
 * mapping and null rules), so that the closures compiled from either compute the same values.
 */
export function plansAgree(a: Checked, b: Checked): boolean {
  if (a.ast !== b.ast || a.types.size !== b.types.size || a.plans.size !== b.plans.size) return false;
  for (const [node, t] of a.types) {
    const u = b.types.get(node);
    if (u === undefined || !typeEquals(t, u) || printType(t) !== printType(u)) return false;
  }
  for (const [node, p] of a.plans) {
    const q = b.plans.get(node);
    if (q === undefined || planKey(p) !== planKey(q)) return false;
  }
  return true;
}

/** What a plan decides, as text (the op by identity through its name in the one registry both analyses use). */
function planKey(p: Plan | Omit<OpCallPlan, "args"> | undefined): string {
  if (p === undefined) return "-";
  const call = (c: Omit<OpCallPlan, "args">): string =>
    `${c.op.name}|${c.candidates.map((k) => `${k.index}(${k.params.map(printType).join(",")})`).join(";")}|${c.dynamic.join(",")}|${c.mapDepth}|${c.bigResult}|${c.lenient}`;
  switch (p.kind) {
    case "op":
      return `op:${call(p)}`;
    case "key":
      return `key:${typeof p.key === "string" ? JSON.stringify(p.key) : "expr"}|${p.mapDepth}`;
    case "dynamicMember":
      return `dyn:${p.key}|${p.op !== undefined ? call(p.op) : "-"}|${p.mapDepth}|${p.lenient}`;
    case "slot":
      return `slot:${p.depth}|${p.index}`;
    case "opValue":
      return `opValue:${p.op.name}|${p.arity}|${p.call !== undefined ? call(p.call) : "-"}`;
    case "callValue":
      return `callValue:${p.args.length}`;
    case "lambda":
      return `lambda:${p.arity}|${p.nested}`;
    default:
      return `${(p as { kind: string }).kind}`;
  }
}
