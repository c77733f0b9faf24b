import { describe, expect, it } from "vitest";
import { printType, T, type RunSchema, type Type } from "@qel/ops";
import type { Expr } from "../syntax/ast.js";
import { descendants } from "../syntax/visit.js";
import { analyze, check } from "./analyze.js";
import { isErrorType } from "./error-type.js";
import { nodeAt } from "./node-at.js";

const schema: RunSchema = {
  config: new Map<string, Type>([["lr", T.Number]]),
  summary: new Map<string, Type>([["acc", T.Number]]),
  history: new Map<string, Type>(),
};

function find(root: Expr, test: (n: Expr) => boolean): Expr {
  const found = descendants(root).find(test);
  if (found === undefined) throw new Error("node not found");
  return found;
}

describe("analyze", () => {
  it("keeps the recovered parts of input with syntax errors, typed", () => {
    const a = analyze("runs.filter(r => r.con", { schema });
    expect(a.ok).toBe(false);
    expect(a.diagnostics.map((d) => d.code)).toContain("unclosed_paren");
    const kinds = descendants(a.ast).map((n) => n.kind);
    expect(kinds).toEqual(["Call", "Member", "Name", "Lambda", "Member", "Name"]);
    const r = find(a.ast, (n) => n.kind === "Name" && n.name === "r");
    expect(printType(a.typeOf(r))).toBe("Run");
    expect(printType(a.typeOf(find(a.ast, (n) => n.kind === "Name" && n.name === "runs")))).toBe("list<Run>");
  });

  it("never throws, and gives every node a type", () => {
    for (const src of ["", "(", "a +", "runs.map(x => x.", "f(,", "[1, 2", "{a: }", "'abc", "runs..count", "x ? : 1", 42 as unknown as string]) {
      const a = analyze(src);
      for (const n of descendants(a.ast)) expect(a.typeOf(n)).toBeDefined();
      expect(a.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it("gives broken nodes the error type, which propagates without more diagnostics", () => {
    const a = analyze("nope.count + 1");
    expect(a.diagnostics.map((d) => d.code)).toEqual(["unknown_name"]);
    expect(isErrorType(a.typeOf(find(a.ast, (n) => n.kind === "Name" && n.name === "nope")))).toBe(true);
    expect(isErrorType(analyze("runs.count").type)).toBe(false);
  });

  it("collects every diagnostic: all errors and warnings", () => {
    const a = analyze("runs.map(r => r.config.lrr).count.foo + nope", { schema });
    expect(a.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["unknown_key", "warning"],
      ["unknown_field", "error"],
      ["unknown_name", "error"],
    ]);
  });

  it("records each call's resolved overload with a stable id and its list-mapping levels", () => {
    const a = analyze("runs.map(r => r.summary.acc).avg");
    const map = a.callOf(find(a.ast, (n) => n.kind === "Call"))!;
    expect(map.op.name).toBe("map");
    expect(map.overloads.map((o) => o.id)).toEqual(["map(list<T>, (T, number) => U)"]);
    expect(map.mapDepth).toBe(0);
    const b = analyze("runs.runtime");
    const runtime = b.callOf(b.ast)!;
    expect(runtime).toMatchObject({ name: "runtime", mapDepth: 1 });
    expect(runtime.overloads[0]!.id).toBe("runRuntime(Run)");
  });

  it("knows the names in scope at each node", () => {
    const a = analyze("runs.map(r => [1].map(x => x + r.summary.acc))", { variables: { runs: T.List(T.Run), k: T.Number } });
    const x = find(a.ast, (n) => n.kind === "Binary");
    expect(a.namesAt(x).map((e) => [e.name, e.kind])).toEqual([["x", "parameter"], ["r", "parameter"], ["runs", "variable"], ["k", "variable"]]);
    expect(a.namesAt(a.ast).map((e) => e.name)).toEqual(["runs", "k"]);
  });

  it("is what check() and compile() use", () => {
    expect(check("runs.count")).toMatchObject({ ok: true, value: { type: T.Number } });
    const bad = check("nope + 1 +");
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["unexpected_end", "unknown_name"]);
  });
});

describe("nodeAt", () => {
  it("finds the innermost node under an offset with its type, scope and call", () => {
    const src = "runs.filter(r => r.summary.acc > 0.5)";
    const a = analyze(src, { schema });
    const at = nodeAt(a, src.indexOf("acc") + 1)!;
    expect(at.node).toMatchObject({ kind: "Member", name: "acc" });
    expect(printType(at.type)).toBe("number|null");
    expect(at.names.map((n) => n.name)).toEqual(["r", "runs"]);
    expect(at.ancestors[0]).toBe(a.ast);
    const gt = nodeAt(a, src.indexOf(" > ") + 1)!;
    expect(gt.node.kind).toBe("Binary");
    expect(gt.call).toMatchObject({ name: ">", op: { operator: ">" } });
  });

  it("is on a member right after its name, and on the missing part the cursor is writing", () => {
    const a = analyze("runs.filter(r => r.con");
    expect(nodeAt(a, 22)!.node).toMatchObject({ kind: "Member", name: "con" });
    const b = analyze("runs.map(r => ");
    expect(nodeAt(b, 13)!.node).toMatchObject({ kind: "Name", name: "" });
    expect(nodeAt(b, 13)!.names.map((n) => n.name)).toEqual(["r", "runs"]);
    expect(nodeAt(b, 99)).toBeUndefined();
  });
});
