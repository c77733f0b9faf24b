/**
 * The type checker: resolves every name, member and call statically (uniform call syntax, property-style calls,
 * list mapping, dict keys; docs/language.md) and collects every diagnostic. analyze.ts runs it; its plans drive
 * `compile()`.
 *
 * Where the spec is silent:
 * - Mapping goes through nested lists one level at a time, outermost first: an op (or a lambda argument's body)
 *   that fits the list itself wins, then each deeper level is tried (`runs.history.loss` is `list<list<…>>`).
 * - A schema key is `T|null` (a run may lack it); a key the schema lacks warns (`unknown_key`) and is `any`, so a
 *   stale schema never rejects an expression that runs. Without a schema dict values are `any`.
 * - `a.name` on `any` is decided at run time: a dict's key, else the one-argument op `name`. Lists are not mapped
 *   at run time: only static list types map.
 * - An argument of static type `any` is checked at run time against the overloads it could match; a value of
 *   another kind is a `type_mismatch` error, never a silent null.
 * - Calling null gives null.
 */
import { standardRegistry, T, union } from "@qel/ops";
import type { Registry, RunSchema, Type } from "@qel/ops";
import type { DictLit, Expr, Lambda } from "../syntax/ast.js";
import { assertNever } from "../syntax/ast.js";
import { some } from "../syntax/visit.js";
import { checkCall, checkName, checkOperator, probeKey } from "./check-call.js";
import { checkIndex, checkMember } from "./check-member.js";
import type { Checked, Plan } from "./check-plan.js";
import { Scope } from "./check-scope.js";
import { error, type Diagnostic } from "../syntax/diagnostics.js";
import type { ParseOptions } from "../syntax/parse.js";

export type { Checked, Plan } from "./check-plan.js";

/** What a checked expression may refer to. */
export interface CheckEnv {
  /** Host variables and their types; default `{ runs: list<Run> }`. */
  readonly variables?: Readonly<Record<string, Type>>;
  /** Known config/summary/history keys: typed key access and `unknown_key` warnings. */
  readonly schema?: RunSchema;
  /**
   * The schema was inferred from exactly the runs the expression is evaluated over (a project's own: a DuckDB
   * database's, the runs `qel` loaded), so the kinds it gives a key are trusted, as the data cannot disagree.
   * Otherwise they are gradual run data, checked at run time (docs/language.md "Types from data"): a host's
   * schema may be older than its runs.
   */
  readonly exactSchema?: boolean;
  /** The ops; default `standardRegistry`. */
  readonly registry?: Registry;
  readonly parse?: ParseOptions;
}

export const defaultVariables: Readonly<Record<string, Type>> = Object.freeze({ runs: T.List(T.Run) });

/** State shared by a checker and the trial checkers it runs lambda bodies in. */
export interface Shared {
  readonly registry: Registry;
  readonly schema: RunSchema | undefined;
  /** See CheckEnv.exactSchema. */
  readonly exactSchema: boolean;
  readonly probes: Map<Lambda, Map<string, Probe>>;
  readonly opValues: Map<Expr, Map<string, Plan>>;
}

/** A lambda body checked once with some parameter types; committed when the overload using it is chosen. */
export interface Probe {
  readonly checker: Checker;
  readonly type: Type;
  readonly ok: boolean;
}

export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly types = new Map<Expr, Type>();
  readonly plans = new Map<Expr, Plan>();
  /** The scope each node was checked in (for a lambda body checked several times, the committed one). */
  readonly scopes = new Map<Expr, Scope>();
  readonly #committed = new Set<Probe>();
  errors = 0;

  constructor(readonly shared: Shared) {}

  report(d: Diagnostic): void {
    if (d.severity === "error") this.errors++;
    this.diagnostics.push(d);
  }

  visit(node: Expr, scope: Scope): Type {
    this.scopes.set(node, scope);
    const t = this.#visit(node, scope);
    this.types.set(node, t);
    return t;
  }

  /** Checks a lambda's body with these parameter types, once per (types, enclosing scope types). */
  probe(lambda: Lambda, params: readonly Type[], scope: Scope): Probe {
    const key = probeKey(params, scope);
    let memo = this.shared.probes.get(lambda);
    if (memo === undefined) this.shared.probes.set(lambda, (memo = new Map()));
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const checker = new Checker(this.shared);
    if (lambda.params.length > 1) duplicateParams(checker, lambda);
    const inner = scope.child(lambda.params.map((p, i) => [p.name, params[i] ?? T.Any] as const));
    const type = checker.visit(lambda.body, inner);
    checker.plans.set(lambda, { kind: "lambda", arity: lambda.params.length, nested: containsLambda(lambda.body) });
    checker.types.set(lambda, T.Fn(lambda.params.map((_, i) => params[i] ?? T.Any), type));
    const probe = { checker, type, ok: checker.errors === 0 };
    memo.set(key, probe);
    return probe;
  }

  /** Adopts a probe's diagnostics, types and plans (once). */
  commit(probe: Probe): void {
    if (this.#committed.has(probe)) return;
    this.#committed.add(probe);
    for (const d of probe.checker.diagnostics) this.report(d);
    for (const [k, v] of probe.checker.types) this.types.set(k, v);
    for (const [k, v] of probe.checker.plans) this.plans.set(k, v);
    for (const [k, v] of probe.checker.scopes) this.scopes.set(k, v);
  }

  #visit(node: Expr, scope: Scope): Type {
    switch (node.kind) {
      case "Number":
        return T.Number;
      case "String":
        return T.String;
      case "Boolean":
        return T.Boolean;
      case "Null":
        return T.Null;
      case "Duration":
        return T.Duration;
      case "List":
        return T.List(union(...node.items.map((item) => this.visit(item, scope))));
      case "Dict":
        return this.#dict(node, scope);
      case "Name":
        return checkName(this, node, scope);
      case "Lambda": {
        const probe = this.probe(node, node.params.map(() => T.Any), scope);
        this.commit(probe);
        return probe.checker.types.get(node)!;
      }
      case "Member":
        return checkMember(this, node, scope);
      case "Index":
        return checkIndex(this, node, scope);
      case "Call":
        return checkCall(this, node, scope);
      case "Unary":
        return checkOperator(this, node, node.op === "-" ? "neg" : "!", node.op, [{ expr: node.operand }], scope);
      case "Binary":
        return checkOperator(this, node, node.op, node.op, [{ expr: node.left }, { expr: node.right }], scope);
      case "Conditional":
        // a special form of the registry, as `&&`, `||` and `??` are (docs/language.md "Nulls")
        return checkOperator(this, node, "?:", "?:", [{ expr: node.test }, { expr: node.consequent }, { expr: node.alternate }], scope);
      default:
        return assertNever(node);
    }
  }

  #dict(node: DictLit, scope: Scope): Type {
    const fields = new Map<string, Type>();
    for (const e of node.entries) {
      const t = this.visit(e.value, scope);
      if (fields.has(e.key)) this.report(error("duplicate_name", `key "${e.key}" appears twice in this dict`, e.keySpan));
      fields.set(e.key, t);
    }
    return T.Dict(T.Never, fields);
  }
}

/** Reports each parameter name a lambda declares again. */
function duplicateParams(checker: Checker, lambda: Lambda): void {
  const seen = new Set<string>();
  for (const p of lambda.params) {
    if (seen.has(p.name)) checker.report(error("duplicate_name", `parameter \`${p.name}\` is declared twice`, p.span));
    seen.add(p.name);
  }
}

function containsLambda(node: Expr): boolean {
  return some(node, (n) => n.kind === "Lambda");
}
