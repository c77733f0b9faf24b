import { describe, expect, test } from "vitest";
import { defineOp, overload, printType, Registry, standardRegistry, T, type RunSchema, type Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { check } from "./analyze.js";
import type { CheckEnv } from "./check.js";
import type { Checked } from "./check-plan.js";
import { renderDiagnostic, type Diagnostic } from "../syntax/diagnostics.js";

const schema: RunSchema = {
  config: new Map<string, Type>([["learning_rate", T.Number], ["optimizer", T.String]]),
  summary: new Map<string, Type>([["acc", T.Number], ["val/loss", T.Number]]),
  history: new Map<string, Type>([["_step", T.Number], ["loss", T.Number]]),
};

function checked(src: string, env: CheckEnv = {}): Checked {
  const r = check(src, env);
  if (!r.ok) throw new Error(`${src}: ${r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("; ")}`);
  return r.value;
}

function typeOf(src: string, env: CheckEnv = {}): string {
  return printType(checked(src, env).type);
}

function problems(src: string, env: CheckEnv = {}): readonly Diagnostic[] {
  return check(src, env).diagnostics;
}

describe("types", () => {
  test.for([
    ["1 + 2", "number"],
    ['"a" + 1', "string"],
    ["[1, \"a\"]", "list<number|string>"],
    ["{lr: 0.1, name: \"x\"}", "{lr: number, name: string}"],
    ["runs", "list<Run>"],
    ["runs.count", "number"],
    ["runs[0]", "Run|null"],
    ["runs.name", "list<string>"],
    ["runs.jobType", "list<string|null>"],
    ["runs.map(runRuntime)", "list<number>"],
    ['runs.filter(r => r.jobType == "train")', "list<Run>"],
    ['runs.summary["acc"]', "list<any>"],
    ["runs.history", "list<list<HistoryRow>>"],
    ["runs.history.count", "number"],
    ["runs.history.loss", "list<list<any>>"],
    ["runs[0].config", "ConfigDict|null"],
    ["runs.reduce((acc, r) => acc + r.runtime, 0)", "number"],
    ["[1, null].map(x => x * 2)", "list<number|null>"],
    ["null ?? 1", "number"],
    ["x => x", "(any) => any"],
    ["(x => x + 1)(2)", "number"],
    ["true && null", "boolean|null"],
    ["1 < 2 ? 1 : \"a\"", "number|string"],
    ["runs.groupBy(r => r.jobType).map(g => g.key)", "list<string|null>"],
  ] as const)("%s : %s", ([src, type]) => {
    expect(typeOf(src)).toBe(type);
  });

  test.for([
    ['runs.summary["acc"]', "list<number|null>"],
    ["runs.summary.acc.avg", "number|null"],
    ["runs.map(r => r.config.learning_rate)", "list<number|null>"],
    ["runs[0].history.loss", "list<number|null>|null"],
    ['runs.map(r => r.summary["val/loss"] > 1)', "list<boolean|null>"],
  ] as const)("with a schema, %s : %s", ([src, type]) => {
    expect(typeOf(src, { schema })).toBe(type);
  });

  test("every node gets a type, lambda parameters from the overload", () => {
    const c = checked('runs.filter(r => r.jobType == "train")');
    const nodes: Expr[] = [];
    const walk = (e: Expr): void => {
      nodes.push(e);
      if (e.kind === "Call") [e.callee, ...e.args].forEach(walk);
      if (e.kind === "Lambda") walk(e.body);
      if (e.kind === "Member") walk(e.object);
      if (e.kind === "Binary") [e.left, e.right].forEach(walk);
    };
    walk(c.ast);
    for (const n of nodes) expect(c.types.has(n), n.kind).toBe(true);
    const lambda = nodes.find((n) => n.kind === "Lambda")!;
    expect(printType(c.types.get(lambda)!)).toBe("(Run) => boolean");
  });

  test("host variables", () => {
    expect(typeOf("x * 2", { variables: { x: T.Number } })).toBe("number");
    expect(problems("runs", { variables: { x: T.Number } })[0]?.code).toBe("unknown_name");
  });

  test("lambda parameters shadow ops and variables, under any name", () => {
    expect(typeOf("[1, 2].map(count => count + 1)")).toBe("list<number>");
    expect(typeOf("runs.map(runs => runs.name)")).toBe("list<string>");
  });
});

describe("diagnostics", () => {
  test.for([
    ["runz", "unknown_name", 0, 4, "did you mean `runs`?"],
    ["runs.map(r => r.jobtype)", "unknown_field", 16, 23, "did you mean `jobType`?"],
    ["runs.fliter(r => true)", "unknown_op", 5, 11, "did you mean `filter`?"],
    ["runs.filter(r => r.runtime)", "wrong_lambda_result", 17, 26, undefined],
    ["runs.filter((a, b, c) => true)", "wrong_arity", 12, 29, undefined],
    ["round(1, 2, 3)", "wrong_arity", 0, 14, undefined],
    ['1 - "a"', "no_matching_overload", 0, 7, undefined],
    ["(1)(2)", "not_callable", 0, 3, undefined],
    ["{a: 1, a: 2}", "duplicate_name", 7, 8, undefined],
    ["((a, a) => a)(1, 2)", "duplicate_name", 5, 6, undefined],
    ["1 && true", "no_matching_overload", 0, 1, undefined],
    ['1 ? 2 : 3', "no_matching_overload", 0, 1, undefined],
    ["runs.filter", "wrong_arity", 5, 11, undefined],
  ] as const)("%s → %s", ([src, code, start, end, hint]) => {
    const d = problems(src).find((x) => x.severity === "error")!;
    expect({ code: d.code, span: d.span }).toEqual({ code, span: { start, end } });
    if (hint !== undefined) expect(d.hint).toBe(hint);
  });

  test("no matching overload lists the candidates' signatures", () => {
    const d = problems('runs.sort(r => r.name, 1, 2)')[0]!;
    expect(d.code).toBe("wrong_arity");
    const e = problems('[1].contains("a", "b")')[0]!;
    expect(e.notes?.length).toBeGreaterThan(0);
    const f = problems('2 - "x"')[0]!;
    expect(f.message).toBe("no overload of `-` accepts (number, string)");
    expect(f.notes?.map((n) => n.message)).toContain("-(a: number, b: number) → number");
  });

  test("every error is collected", () => {
    const ds = problems("[runz, runs.fliter(r => true), runs.map(r => r.nope)]");
    expect(ds.map((d) => d.code)).toEqual(["unknown_name", "unknown_op", "unknown_field"]);
  });

  test("unknown schema keys warn with suggestions and still check", () => {
    const r = check("runs.map(r => r.config.learning_rat)", { schema });
    expect(r.ok).toBe(true);
    const w = r.diagnostics[0]!;
    expect(w).toMatchObject({ code: "unknown_key", severity: "warning", span: { start: 23, end: 35 }, hint: 'did you mean "learning_rate"?' });
    expect(r.ok && printType(r.value.type)).toBe("list<any>");
  });

  test("a key that names a dict op suggests calling it", () => {
    const w = check("runs[0].config.keys", { schema }).diagnostics[0]!;
    expect(w.hint).toMatch(/keys\(\)/);
  });

  test("deprecated names warn", () => {
    const old = defineOp({
      name: "twice", deprecated: ["double"], category: "number",
      overloads: [overload([T.Number], T.Number, (x) => x * 2)],
      doc: { summary: "Twice.", examples: [{ expr: "2.twice" }] },
    });
    const r = check("3.double", { registry: standardRegistry.extend([old]) });
    expect(r.ok).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ code: "deprecated_name", severity: "warning" });
  });
});

describe("resolution", () => {
  const registry = new Registry([
    ...standardRegistry.all(),
    defineOp({
      name: "describe", category: "number",
      overloads: [
        overload([T.Number], T.String, (x) => `number ${x}`),
        overload([T.String], T.String, (s) => `string ${s}`),
        overload([T.List(T.Any)], T.String, (xs) => `list of ${xs.length}`),
      ],
      doc: { summary: "Describes.", examples: [{ expr: "1.describe" }] },
    }),
  ]);

  test("an any argument keeps every possible overload", () => {
    const c = checked("runs.map(r => r.config.lr.describe)", { registry });
    const plans = [...c.plans.values()].filter((p) => p.kind === "dynamicMember");
    expect(plans).toHaveLength(1);
    const op = plans[0]!.kind === "dynamicMember" ? plans[0]!.op : undefined;
    expect(op?.candidates.map((k) => k.index)).toEqual([0, 1, 2]);
  });

  test("a list op is chosen before mapping", () => {
    expect(typeOf("[1, 2].describe", { registry })).toBe("string");
    expect(typeOf('[["a"], ["b"]].count', { registry })).toBe("number");
    expect(typeOf("[[1], [2]].sum", { registry })).toBe("list<number>");
  });

  test("an op used as a value takes the parameters it needs", () => {
    expect(typeOf('["a", "b"].map(len)')).toBe("list<number>");
  });
});

describe("rendered diagnostics", () => {
  test.for([
    "runs.map(r => r.jobtype)",
    "runs.filter(r => r.runtime)",
    '2 - "x"',
  ])("%s", (src) => {
    const text = problems(src).map((d) => renderDiagnostic(src, d)).join("\n");
    expect(text).toMatchSnapshot();
  });
});
