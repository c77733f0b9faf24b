import { T, type RunSchema } from "@qel/ops";
import { describe, expect, test } from "vitest";
import { renameKeys } from "./rename-key.js";
import { replaceOp } from "./replace-op.js";
import { substituteVariable } from "./substitute.js";

const schema: RunSchema = {
  config: new Map([["lr", T.Number], ["batch_size", T.Number]]),
  summary: new Map([["acc", T.Number], ["lr", T.Number]]),
  history: new Map([["lr", T.Number], ["loss", T.Number]]),
};

describe("renameKeys renames a run dict's key wherever it is read", () => {
  test.for([
    ["runs.map(r => r.config.lr)", "runs.map(r => r.config.learning_rate)"],
    ['runs.map(r => r.config["lr"])', 'runs.map(r => r.config["learning_rate"])'],
    ["runs.map(r => runConfig(r).lr)", "runs.map(r => runConfig(r).learning_rate)"],
    ["runs.config.lr", "runs.config.learning_rate"],
    ["runs[0].history.lr.max", "runs[0].history.learning_rate.max"],
    ["runs.map(r => r.config).map(c => c.lr * 2)", "runs.map(r => r.config).map(c => c.learning_rate * 2)"],
    ["runs.filter(r => (r.config.lr ?? 0) > 0.01).count", "runs.filter(r => (r.config.learning_rate ?? 0) > 0.01).count"],
  ])("%s", ([source, expected]) => {
    const r = renameKeys(source!, [{ from: "lr", to: "learning_rate" }], {});
    expect(r.expr).toBe(expected);
    expect(r.changed).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  test("leaves unrelated dicts and names alone", () => {
    const r = renameKeys('{lr: 1}.lr + runs.map(lr => lr.config.batch_size).sum + {"lr": 2}["lr"]', [{ from: "lr", to: "learning_rate" }]);
    expect(r.changed).toBe(false);
    expect(r.expr).toBe('{lr: 1}.lr + runs.map(lr => lr.config.batch_size).sum + {lr: 2}["lr"]');
  });

  test("a part limits the rename to that dict", () => {
    const r = renameKeys("runs.map(r => r.config.lr + r.summary.lr)", [{ part: "summary", from: "lr", to: "final_lr" }], { schema });
    expect(r.expr).toBe("runs.map(r => r.config.lr + r.summary.final_lr)");
    expect(r.changes.map((c) => c.message)).toEqual(['summary key "lr" renamed to "final_lr"']);
    expect(r.changes[0]!.span).toEqual({ start: 38, end: 40 });
  });

  test("a new key that is not a plain name is written as an index", () => {
    const r = renameKeys("runs.map(r => r.summary.acc)", [{ from: "acc", to: "val/acc" }]);
    expect(r.expr).toBe('runs.map(r => r.summary["val/acc"])');
  });

  test("the result is re-checked against the schema", () => {
    const r = renameKeys("runs.map(r => r.config.lr)", [{ from: "lr", to: "learning_rate" }], { schema });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unknown_key"]);
    expect(r.type).toBe("list<any>");
  });

  test("a key named in a string argument is reported, not changed", () => {
    const r = renameKeys('runs.filter(r => r.config.has("lr")).map(r => r.config.lr)', [{ from: "lr", to: "learning_rate" }]);
    expect(r.expr).toBe('runs.filter(r => r.config.has("lr")).map(r => r.config.learning_rate)');
    expect(r.skipped).toEqual([{ span: { start: 30, end: 34 }, message: 'the string "lr" may name the key; left as is' }]);
  });

  test("text that does not parse comes back unchanged with its errors", () => {
    const r = renameKeys("runs.map(r => r.config.lr", [{ from: "lr", to: "learning_rate" }]);
    expect(r.expr).toBe("runs.map(r => r.config.lr");
    expect(r.changed).toBe(false);
    expect(r.diagnostics[0]!.code).toBe("unclosed_paren");
  });

  test("an expression with type errors is still renamed", () => {
    const r = renameKeys("runs.map(r => r.config.lr + r.nosuch)", [{ from: "lr", to: "learning_rate" }]);
    expect(r.expr).toBe("runs.map(r => r.config.learning_rate + r.nosuch)");
    expect(r.type).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unknown_field"]);
  });
});

describe("replaceOp", () => {
  test.for([
    ["runs.map(r => r.runtime)", "runs.map(r => r.duration)"],
    ["runs.map(r => r.runtime())", "runs.map(r => r.duration())"],
    ["runs.map(runtime)", "runs.map(duration)"],
  ])("%s", ([source, expected]) => {
    expect(replaceOp(source!, "runtime", "duration").expr).toBe(expected);
  });

  test("only the spelling written is replaced, and only where it names an op", () => {
    const r = replaceOp("runs.map(r => runRuntime(r) + r.runtime + {runtime: 1}.runtime)", "runRuntime", "runDuration");
    expect(r.expr).toBe("runs.map(r => runDuration(r) + r.runtime + {runtime: 1}.runtime)");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unknown_op"]);
  });

  test("a lambda parameter named like the op is not the op", () => {
    expect(replaceOp("runs.map(count => count.name)", "count", "size").changed).toBe(false);
  });

  test("a use the new name's parameter would shadow is reported", () => {
    const r = replaceOp("runs.map(avg => [1, 2].mean)", "mean", "avg");
    expect(r.changed).toBe(false);
    expect(r.skipped.map((s) => s.message)).toEqual(["`mean` not replaced: a parameter named `avg` is in scope here"]);
  });
});

describe("substituteVariable", () => {
  test("replaces free uses and keeps the structure with the fewest parentheses", () => {
    const r = substituteVariable("x * 2 + runs.map(x => x).count", "x", "a + 1", { variables: { x: T.Number, a: T.Number, runs: T.List(T.Run) } });
    expect(r.expr).toBe("(a + 1) * 2 + runs.map(x => x).count");
    expect(r.type).toBe("number");
  });

  test("a lambda that would capture the replacement's names is reported", () => {
    const r = substituteVariable("runs.map(a => x)", "x", "a", { variables: { x: T.Number, a: T.Number, runs: T.List(T.Run) } });
    expect(r.changed).toBe(false);
    expect(r.skipped).toHaveLength(1);
  });

  test("a replacement that does not parse is an error, not an edit", () => {
    const r = substituteVariable("x", "x", "a +", {});
    expect(r.changed).toBe(false);
    expect(r.diagnostics[0]!.message).toMatch(/^in the replacement/);
  });
});
