/**
 * What a result was sorted by, read from the expression that made it, so its table can show that column among
 * the first: `runs.sort(r => r.summary.acc, "desc").limit(10)` was sorted by `summary.acc`. Only steps that keep
 * the order (`limit`, `offset`, `filter`, `unique`, `dropna`) may follow the sort.
 */
import type { Expr } from "@qel/lang";

const KEEPS_ORDER: ReadonlySet<string> = new Set(["limit", "offset", "filter", "unique", "dropna"]);

/** The receiver and name of a call written `xs.f(…)` or `f(xs, …)`, or of a member `xs.f`. */
function step(e: Expr): { name: string; receiver: Expr; args: readonly Expr[] } | undefined {
  if (e.kind === "Member") return { name: e.name, receiver: e.object, args: [] };
  if (e.kind !== "Call") return undefined;
  const callee = e.callee;
  if (callee.kind === "Member") return { name: callee.name, receiver: callee.object, args: e.args };
  if (callee.kind === "Name" && e.args.length > 0) return { name: callee.name, receiver: e.args[0]!, args: e.args.slice(1) };
  return undefined;
}

/** `p.a.b["c"]` as ["a", "b", "c"] when it starts at the name `param`. */
function pathFrom(e: Expr, param: string): string[] | undefined {
  const keys: string[] = [];
  for (let x = e; ; ) {
    if (x.kind === "Name") return x.name === param && keys.length > 0 ? keys.reverse() : undefined;
    if (x.kind === "Member") {
      keys.push(x.name);
      x = x.object;
    } else if (x.kind === "Index" && x.index.kind === "String") {
      keys.push(x.index.value);
      x = x.object;
    } else return undefined;
  }
}

/** The key path a result was sorted by (`["summary", "acc"]`, `["loss"]`), or undefined when it was not sorted. */
export function sortKeyOf(root: Expr): readonly string[] | undefined {
  for (let e: Expr | undefined = root; e !== undefined; ) {
    const s = step(e);
    if (s === undefined) return undefined;
    if (s.name === "sort") {
      const key = s.args[0];
      if (key?.kind === "String") return [key.value];
      if (key?.kind === "Lambda" && key.params.length === 1) return pathFrom(key.body, key.params[0]!.name);
      return undefined;
    }
    if (!KEEPS_ORDER.has(s.name)) return undefined;
    e = s.receiver;
  }
  return undefined;
}
