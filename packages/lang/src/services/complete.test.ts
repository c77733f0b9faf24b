import { describe, expect, it } from "vitest";
import { T, type RunSchema, type Type } from "@qel/ops";
import { complete, type Completion } from "./complete.js";

const schema: RunSchema = {
  config: new Map<string, Type>([["lr", T.Number], ["batch_size", T.Number], ["model.name", T.String]]),
  summary: new Map<string, Type>([["acc", T.Number], ["val/loss", T.Number]]),
  history: new Map<string, Type>([["_step", T.Number], ["loss", T.Number]]),
};
const env = { schema };

/** Completions at the `|` in `text`. */
function at(text: string, e: Parameters<typeof complete>[2] = env): Completion[] {
  const offset = text.indexOf("|");
  return [...complete(text.replace("|", ""), offset, e).items];
}
const labels = (text: string, e?: Parameters<typeof complete>[2]): string[] => at(text, e).map((c) => c.label);

describe("complete", () => {
  it("offers list ops after a dot on a list, filtered by the partial name", () => {
    const items = at("runs.cou|");
    expect(items.map((c) => c.label)).toEqual(["count", "countBy"]);
    expect(items[0]).toMatchObject({ kind: "op", detail: expect.stringContaining("count(") });
  });

  it("offers run ops and their short aliases after a dot on a run (in a lambda)", () => {
    const items = at("runs.filter(r => r.|)");
    const names = items.map((c) => c.label);
    expect(names).toEqual(expect.arrayContaining(["config", "summary", "runtime", "runConfig", "runRuntime", "jobType"]));
    expect(items.find((c) => c.label === "config")).toMatchObject({ kind: "alias" });
    expect(items.find((c) => c.label === "runConfig")).toMatchObject({ kind: "op", detail: expect.stringContaining("ConfigDict") });
    expect(names).not.toContain("count");
    // aliases (property syntax) come before the long names
    expect(names.indexOf("config")).toBeLessThan(names.indexOf("runConfig"));
  });

  it("offers ops of the element type on a list (they map over it)", () => {
    expect(labels("runs.runt|")).toEqual(expect.arrayContaining(["runtime"]));
  });

  it("offers the schema's config keys after `config.`, then dict ops", () => {
    const items = at("runs.map(r => r.config.|)");
    const keys = items.filter((c) => c.kind === "key").map((c) => c.label);
    expect(keys.sort()).toEqual(['["model.name"]', "batch_size", "lr"]);
    expect(items[0]!.kind).toBe("key");
    expect(items.find((c) => c.label === "lr")!.detail).toBe("number");
    expect(items.map((c) => c.label)).toEqual(expect.arrayContaining(["keys"]));
  });

  it("offers every key, also those that are not names, inside `summary[\"`", () => {
    expect(labels('runs[0].summary["|')).toEqual(expect.arrayContaining(["acc", "val/loss"]));
    expect(labels('runs.map(r => r.summary["val|')).toEqual(["val/loss"]);
    expect(labels("runs.map(r => r.config['model|")).toEqual(["model.name"]);
  });

  it("offers variables, lambda parameters in scope, keywords and ops at a bare name", () => {
    const items = at("runs.map(run => r|)", { ...env, variables: { runs: T.List(T.Run), rate: T.Number } });
    const names = items.map((c) => c.label);
    expect(names.slice(0, 3)).toEqual(["run", "runs", "rate"]);
    expect(items[0]).toMatchObject({ kind: "variable", detail: "Run" });
    expect(names).toEqual(expect.arrayContaining(["range", "round", "runConfig"]));
    expect(labels("tr|")).toEqual(["true", "trim", "truncate"]);
    expect(at("no|").find((c) => c.label === "not")).toMatchObject({ kind: "keyword" });
  });

  it("does not offer a lambda's parameters outside it", () => {
    expect(labels("runs.map(q => q.name).concat(q|")).not.toContain("q");
  });

  it("falls back to matching case-insensitively", () => {
    expect(labels("runs.COU|")).toEqual(["count", "countBy"]);
  });

  it.each(["", "runs.", "runs.filter(r => r.", "runs.filter(r => r.config[", '"abc', "1.", ")))", "runs.map(r => r.x).|", "{a: 1}.|", "[[[", "r => r.", "1 +* runs."])(
    "never throws on broken input %j",
    (text) => {
      for (let i = 0; i <= text.length; i++) expect(() => complete(text, i, env)).not.toThrow();
      expect(complete(text, 999, env).items).toBeInstanceOf(Array);
      expect(complete(text, -5, env).items).toBeInstanceOf(Array);
    },
  );

  it("offers nothing inside a plain string or after a number's dot", () => {
    expect(at('"run|')).toEqual([]);
    expect(at("1.|")).toEqual([]);
  });

  it("offers the keys of a dict literal", () => {
    expect(labels("{lr: 1, name: 2}.|").slice(0, 2).sort()).toEqual(["lr", "name"]);
  });
});

/** The item labelled `label` at the `|` in `text`. */
function item(text: string, label: string, e: Parameters<typeof complete>[2] = env): Completion {
  const found = at(text, e).find((c) => c.label === label);
  if (found === undefined) throw new Error(`no item ${label} at ${text}`);
  return found;
}

/** The text after applying `c` to `text` (with the `|` removed). */
function applied(text: string, c: Completion): string {
  const src = text.replace("|", "");
  return src.slice(0, c.from) + c.insert + src.slice(c.to);
}

describe("complete: items carry what to insert and the range they replace", () => {
  it("replaces the whole word under the cursor", () => {
    const c = item("runs.cou|nt", "count");
    expect([c.from, c.to]).toEqual([5, 10]);
    expect(complete("runs.cou", 8, env)).toMatchObject({ from: 5, to: 8, situation: { kind: "member" } });
  });

  it("calls an op with () where `.name` would read a key of a dict", () => {
    expect(applied("runs[0].summary.ke|", item("runs[0].summary.ke|", "keys"))).toBe("runs[0].summary.keys()");
    expect(item("runs.cou|", "count").insert).toBe("count");
  });

  it("puts the cursor inside the parentheses of an op that needs arguments", () => {
    const c = item("runs.fil|", "filter");
    expect(c.insert).toBe("filter()");
    expect(c.caret).toBe("filter(".length);
  });

  it("offers keys that are not names after a dot as [\"key\"], replacing the dot", () => {
    const text = "runs[0].summary.va|";
    const c = item(text, '["val/loss"]');
    expect(c.kind).toBe("key");
    expect(applied(text, c)).toBe('runs[0].summary["val/loss"]');
  });

  it("closes the string and the bracket of a key", () => {
    expect(applied('runs[0].summary["va|', item('runs[0].summary["va|', "val/loss"))).toBe('runs[0].summary["val/loss"]');
    expect(applied("runs[0].summary['va|", item("runs[0].summary['va|", "val/loss"))).toBe("runs[0].summary['val/loss']");
    expect(applied('runs[0].summary["va|"]', item('runs[0].summary["va|"]', "val/loss"))).toBe('runs[0].summary["val/loss"]');
    expect(applied('runs[0].summary["va|"', item('runs[0].summary["va|"', "val/loss"))).toBe('runs[0].summary["val/loss"]');
  });

  it("offers quoted keys right after `[`", () => {
    const text = "runs.map(r => r.summary[|";
    expect(applied(text, item(text, '"val/loss"'))).toBe('runs.map(r => r.summary["val/loss"]');
  });

  it("keeps alternate spellings out of the list, and offers the op when one is typed", () => {
    const all = labels("runs.map(r => r.summary.acc).|");
    expect(all).toContain("avg");
    expect(all).not.toContain("mean");
    expect(all).not.toContain("groupby");
    expect(labels("runs.groupb|")).toEqual(["groupBy"]);
    expect(labels("runs.map(r => r.summary.acc).mea|")).toEqual(["avg"]);
    expect(labels("Dat|")).not.toContain("Date");
    expect(labels("runs.map(r => r.name).joinT|")).toEqual(["join"]);
  });

  it("gives ops a signature and a one-line doc", () => {
    const c = item("runs.cou|", "count");
    expect(c.detail).toMatch(/^count\(\w+: list<.*\) → number$/);
    expect(c.doc).toMatch(/\S/);
    expect(c.doc).not.toContain("\n");
  });
});

describe("complete: every syntactic position of unfinished input", () => {
  const cases: [string, string, string, string][] = [
    // [what, text with |, a label that must be offered, the situation]
    ["after a dot", "runs.|", "count", "member"],
    ["after a dot in a lambda", "runs.filter(r => r.|", "config", "member"],
    ["a member in a lambda", "runs.filter(r => r.con|", "config", "member"],
    ["a key in a lambda, nothing after", "runs.filter(r => r.config.|", "lr", "member"],
    ["inside [", "runs[|", "runs", "name"],
    ["inside [\"", 'runs.map(r => r.config["|', "lr", "key"],
    ["inside call parentheses", "runs.map(|", "runs", "name"],
    ["after a comma", "runs.sort(r => r.name, |", "runs", "name"],
    ["a lambda body", "runs.map(r => |", "r", "name"],
    ["a lambda body, partial", "runs.map(r => r|)", "r", "name"],
    ["after an operator", "runs.count + |", "runs", "name"],
    ["after an operator in a lambda", "runs.filter(r => r.summary.acc > 0.5 && r.|", "summary", "member"],
    ["after a prefix operator", "!|", "true", "name"],
    ["after ?", "runs.count > 1 ? |", "runs", "name"],
    ["after :", "runs.count > 1 ? 1 : |", "runs", "name"],
    ["in a list", "[runs.count, |", "runs", "name"],
    ["in a dict value", "{a: runs.|", "count", "member"],
    ["at the start", "|", "runs", "name"],
    ["after a member of a member", "runs[0].config.|", "lr", "member"],
  ];
  it.each(cases)("%s: %j offers %s", (_what, text, label, situation) => {
    const offset = text.indexOf("|");
    const result = complete(text.replace("|", ""), offset, env);
    expect(result.situation.kind).toBe(situation);
    expect(result.items.map((c) => c.label)).toContain(label);
    for (const c of result.items) expect(c.from <= offset && offset <= c.to).toBe(true);
  });

  it("knows the parameter's type inside an unfinished lambda", () => {
    const result = complete("runs.map(r => r.", 16, env);
    expect(result.situation).toMatchObject({ kind: "member", receiver: { kind: "run" } });
  });

  it("offers nothing right after a finished operand or inside a number", () => {
    expect(complete("runs ", 5, env).items).toEqual([]);
    expect(complete("12", 1, env).items).toEqual([]);
  });
});
