/**
 * A project in a DuckDB database (docs/duckdb.md): expressions are checked against the schema stored at import,
 * planned, their pushed parts run as SQL and the rest as qel's closures over the rows that come back. The answer
 * is the in-memory evaluator's answer over the same runs; only where it is computed changes.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { check, compile, QelError, error, type CheckEnv, type Expr, type RunOptions } from "@qel/lang";
import { T, type Run, type RunSchema, type RunsProject, type Type, type Value } from "@qel/ops";
import { duckdbDialect } from "./sql/print-duckdb.js";
import { planQuery, type QueryPlan } from "./plan/plan.js";
import { ALL_RULES, type SemanticRules } from "./plan/lower-scalar.js";
import { mentionsRuns, replaceNodes } from "./plan/replace.js";
import { schemaFromJson } from "./schema-codec.js";
import { FORMAT_VERSION } from "./tables.js";
import { RunReader } from "./read-rows.js";

export interface Explanation {
  /** One entry per query, in the order they run. */
  readonly queries: readonly { readonly expr: string; readonly sql: string }[];
  /** Nodes that stay local, with why. */
  readonly local: readonly { readonly expr: string; readonly reason: string }[];
}

/** Host variables beside `runs`, by name. */
export type HostVariables = Readonly<Record<string, { readonly type: Type; readonly value: Value }>>;

/** Plans kept per project. */
const PLAN_CACHE = 64;

export class DuckDbProject {
  readonly env: CheckEnv;
  readonly #reader: RunReader;

  private constructor(readonly connection: DuckDBConnection, readonly schema: RunSchema, readonly project: RunsProject | null, readonly rules: SemanticRules) {
    // the schema is the database's own, written at import: exact, so its kinds are trusted (and pushed into SQL)
    this.env = Object.freeze({ schema, exactSchema: true, variables: Object.freeze({ runs: T.List(T.Run) }) });
    this.#reader = new RunReader(connection);
  }

  /** Opens a database file written by `importRuns`; throws a QelError (`invalid_argument`) for any other file. */
  static async open(path: string): Promise<DuckDbProject> {
    let connection: DuckDBConnection;
    try {
      const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
      connection = await instance.connect();
    } catch (e) {
      throw notQel(path, e);
    }
    return DuckDbProject.attach(connection, path);
  }

  /** A project over an open connection whose database `importRuns` wrote (an in-memory one, say). */
  static async attach(connection: DuckDBConnection, label = "the database", rules: SemanticRules = ALL_RULES): Promise<DuckDbProject> {
    let meta: Map<string, unknown>;
    try {
      const rows = (await connection.runAndReadAll(`SELECT "key", CAST("value" AS VARCHAR) AS v FROM qel_meta`)).getRowObjectsJS();
      meta = new Map(rows.map((r) => [String(r.key), JSON.parse(String(r.v)) as unknown]));
    } catch (e) {
      throw notQel(label, e);
    }
    if (meta.get("format") !== FORMAT_VERSION) {
      throw new QelError(error("invalid_argument", `${label} was written by another version of qel (format ${String(meta.get("format"))}, this one reads ${FORMAT_VERSION}); import it again`, { start: 0, end: 0 }));
    }
    return new DuckDbProject(connection, schemaFromJson(meta.get("schema")), (meta.get("project") as RunsProject | null) ?? null, rules);
  }

  /** Every run, in order: what `runs` is. */
  allRuns(): Promise<readonly Run[]> {
    return this.#reader.runs(`SELECT "_ord" FROM runs ORDER BY "_ord"`);
  }

  /** Variables besides `runs` (a REPL's `:let` values): their types, and their values when evaluating. */
  #env(variables: HostVariables | undefined): CheckEnv {
    if (variables === undefined) return this.env;
    return { schema: this.schema, exactSchema: true, variables: { ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.type])), runs: T.List(T.Run) } };
  }

  /** Plans of expressions without host variables, by source: a repeated query skips checking and planning. */
  readonly #plans = new Map<string, { readonly plan: QueryPlan; readonly ast: Expr; readonly type: Type }>();

  /** Checks and plans `source`: its queries, its tree and its type; throws the in-memory engine's QelErrors. */
  plan(source: string, variables?: HostVariables): { readonly plan: QueryPlan; readonly ast: Expr; readonly type: Type } {
    if (variables === undefined || Object.keys(variables).length === 0) {
      const known = this.#plans.get(source);
      if (known !== undefined) return known;
      const planned = this.#planIn(source, this.env);
      if (this.#plans.size >= PLAN_CACHE) this.#plans.delete(this.#plans.keys().next().value!);
      this.#plans.set(source, planned);
      return planned;
    }
    return this.#planIn(source, this.#env(variables));
  }

  #planIn(source: string, env: CheckEnv): { readonly plan: QueryPlan; readonly ast: Expr; readonly type: Type } {
    compile(source, env); // throws the same diagnostics as the in-memory engine
    const checked = check(source, env);
    if (!checked.ok) throw new QelError(checked.diagnostics[0]!, checked.diagnostics);
    return { plan: planQuery(checked.value, duckdbDialect, this.rules), ast: checked.value.ast, type: checked.value.type };
  }

  explain(source: string, variables?: HostVariables): Explanation {
    const { plan } = this.plan(source, variables);
    const text = (e: Expr) => source.slice(e.span.start, e.span.end);
    return {
      queries: plan.pushed.map((q) => ({
        expr: q.conjuncts === undefined ? text(q.node) : `${text(q.node)} filtered by ${q.conjuncts.map(text).join(" && ")}`,
        sql: q.sql,
      })),
      local: plan.local.map((l) => ({ expr: text(l.node), reason: l.reason })),
    };
  }

  /** Evaluates `source` over the database's runs, as `evaluate()` would over the same runs in memory. */
  async evaluate(source: string, options: RunOptions = {}, host?: HostVariables): Promise<Value> {
    const { plan, ast } = this.plan(source, host);
    const names = new Map<Expr, string>();
    const variables: Record<string, Type> = { runs: T.List(T.Run) };
    const bindings: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(host ?? {})) {
      if (k === "runs") continue;
      variables[k] = v.type;
      bindings[k] = v.value;
    }
    for (const [i, q] of plan.pushed.entries()) {
      const value = await this.#reader.result(q);
      if (q.node === ast) return value;
      const name = `__qel_pushed_${i}`;
      names.set(q.node, name);
      variables[name] = q.type;
      bindings[name] = value;
    }
    const residual = replaceNodes(ast, names);
    if (mentionsRuns(residual)) bindings.runs = await this.allRuns();
    else bindings.runs = [];
    return compile(residual, { schema: this.schema, exactSchema: true, variables }).run(bindings, options);
  }

  close(): void {
    this.connection.closeSync();
  }
}

function notQel(label: string, e: unknown): QelError {
  return new QelError(error("invalid_argument", `${label} is not a qel database: ${String((e as Error).message).split("\n")[0]}`, { start: 0, end: 0 }));
}
