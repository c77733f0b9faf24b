import { T, type RunSchema, type Type } from "@qel/ops";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { diagnose } from "./diagnose.js";
import { hover } from "./hover.js";
import type { QuickFix } from "./quick-fixes.js";
import { signatureHelp } from "./signature-help.js";

const schema: RunSchema = {
  config: new Map<string, Type>([["learning_rate", T.Number], ["optimizer", T.String]]),
  summary: new Map([["accuracy", T.Number], ["val/acc", T.Number], ["val_loss", T.Number]]),
  history: new Map([["loss", T.Number]]),
};
const env = { schema };

/** `|` marks the offset. */
function at(marked: string): [string, number] {
  const i = marked.indexOf("|");
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

describe("hover", () => {
  test.for([
    // after `.`: the op a member calls, with its resolved signature
    ["runs.fil|ter(r => r.jobType == \"train\")", "filter", "list<Run>", "filter(list: list<Run>, pred: (Run) => boolean) → list<Run>"],
    ["runs.filter(r => r.job|Type == \"train\")", "jobType", "string|null", "runJobType(run: Run) → string|null"],
    ["runs.cou|nt", "count", "number", "count(list: list<any>|null) → number"],
    // a key of a run dict
    ["runs.map(r => r.config.learning|_rate)", "learning_rate", "number|null", undefined],
    // inside `[`
    ["runs.map(r => r.summary[\"val/a|cc\"])", "\"val/acc\"", "string", undefined],
    ["runs[0|]", "0", "number", undefined],
    // inside call parentheses and lambdas: a parameter, a variable, a nested call
    ["runs.map(r| => r.name)", "r", "Run", undefined],
    ["runs.map(r => r|.name)", "r", "Run", undefined],
    ["ro|und(1.5)", "round", "number", "round(x: number, digits?: number) → number"],
    ["runs.map(run|Runtime)", "runRuntime", "(Run) => number", "runRuntime(run: Run) → number"],
    // operators
    ["1 +| 2", "+", "number", "add(a: number, b: number) → number"],
    ["runs.count >|= 3", ">=", "boolean", undefined],
    ["ru|ns", "runs", "list<Run>", undefined],
  ] as const)("%s", ([marked, text, type, op]) => {
    const [src, offset] = at(marked);
    const h = hover(src, offset, env)!;
    expect(src.slice(h.from, h.to)).toBe(text);
    expect(h.type).toBe(type);
    if (op !== undefined) expect(h.op).toBe(op);
    if (h.op !== undefined) expect(h.doc).toMatch(/\S/);
  });

  test("the doc is the op's summary", () => {
    const [src, offset] = at("runs.li|mit(2)");
    expect(hover(src, offset)?.doc).toBe("The first `n` elements (all of them when there are fewer).");
  });

  test("on text with errors the rest is still typed", () => {
    const [src, offset] = at("runs.map(r => r.nosuch + r.runti|me)");
    expect(hover(src, offset)).toMatchObject({ type: "number", op: "runRuntime(run: Run) → number" });
  });

  test("on unfinished text, the parts the parser recovered are typed", () => {
    const [src, offset] = at("runs.filter(r => r.config.learning_r|");
    expect(hover(src, offset, env)).toMatchObject({ from: 26, to: 36, type: "any" });
    const [src2, offset2] = at("runs.map(r => r.runti|me + ");
    expect(hover(src2, offset2, env)).toMatchObject({ type: "number", op: "runRuntime(run: Run) → number" });
  });

  test("on text that does not parse, an op name is still described", () => {
    const [src, offset] = at("runs.filter(r => r.created|At >");
    expect(hover(src, offset)).toMatchObject({ from: 19, to: 28, op: expect.stringMatching(/^runCreatedAt\(run: Run\)/) });
  });

  test("outside the expression, or on nothing, there is no hover", () => {
    expect(hover("runs", 10)).toBeNull();
    expect(hover("", 0)).toBeNull();
    expect(hover("  ", 1)).toBeNull();
  });
});

describe("signatureHelp", () => {
  test.for([
    // just after `(` of a uniform call: the receiver is parameter 0
    ["runs.filter(|", "filter(list: list<Run>, pred: (Run) => boolean) → list<Run>", 1],
    ["runs.limit(|)", "limit(list: list<T>, n: number) → list<T>", 1],
    ["runs.limit(|2)", "limit(list: list<Run>, n: number) → list<Run>", 1],
    // after a comma, inside a lambda, inside a list argument
    ["runs.sort(r => r.name, |", undefined, 2],
    ["runs.sort(r => r.na|me)", undefined, 1],
    ["runs[0].config.pick([\"a\", |", "pick(dict: dict<any>, keys: list<string>) → dict<any>", 1],
    // a plain call
    ["round(1.5, |", "round(x: number, digits?: number) → number", 1],
    ["round(|1.5)", "round(x: number, digits?: number) → number", 0],
    // the innermost open call wins, also after an operator
    ["runs.filter(r => r.name.startsWith(\"a\" + |", "startsWith(s: string, prefix: string) → boolean", 1],
  ] as const)("%s", ([marked, label, active]) => {
    const [src, offset] = at(marked);
    const h = signatureHelp(src, offset, env)!;
    expect(h.active).toBe(active);
    if (label !== undefined) expect(h.label).toBe(label);
    expect(h.params[h.active]).toBeDefined();
    const p = h.params[h.active]!;
    expect(h.label.slice(p.from, p.to)).toBe(p.label);
    expect(h.doc).toMatch(/\S/);
  });

  test("an op with several overloads lists them all and marks the resolved one", () => {
    const [src, offset] = at("runs.sort(r => r.name, \"desc|\")");
    const h = signatureHelp(src, offset)!;
    expect(h.overloads.length).toBeGreaterThan(1);
    expect(h.label).toBe(h.overloads[h.activeOverload]!.label);
    expect(h.label).toMatch(/^sort\(list: list<Run>, key: \(Run\) => any, direction\?: string\)/);
  });

  test.for([["runs.count|"], ["(1 + |2)"], ["runs.map(r => r.name)|"], ["[1, |2]"], ["nosuch(|"]] as const)(
    "outside a call's parentheses or not an op: none (%s)",
    ([marked]) => {
      const [src, offset] = at(marked);
      expect(signatureHelp(src, offset)).toBeNull();
    },
  );
});

function applyFix(src: string, fix: QuickFix): string {
  let out = src;
  for (const e of [...fix.edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}

describe("diagnose and quick fixes", () => {
  test.for([
    ["runs.filter(r => r.jobTyp == \"train\")", "unknown_field", "runs.filter(r => r.jobType == \"train\")"],
    ["runs.fliter(r => true)", "unknown_op", "runs.filter(r => true)"],
    ["runs.map(r => r.config.learning_rat)", "unknown_key", "runs.map(r => r.config.learning_rate)"],
    ["runs.map(r => r.summary[\"accuracyy\"])", "unknown_key", "runs.map(r => r.summary[\"accuracy\"])"],
    ["runs.map(r => r.summary.val_acc)", "unknown_key", "runs.map(r => r.summary[\"val/acc\"])"],
    ["runs.filter(r => r.summary.val/acc > 0.5)", "unknown_key", "runs.filter(r => r.summary[\"val/acc\"] > 0.5)"],
    ["runs.filter(r => r.summary.val/acc > 0.5)", "unknown_name", "runs.filter(r => r.summary[\"val/acc\"] > 0.5)"],
    ["runs.filter(r => r.createdAt > \"2026-03-01\")", "no_matching_overload", "runs.filter(r => r.createdAt > date(\"2026-03-01\"))"],
    ["runs.filter(r => r.state === \"x\")", "noncanonical_spelling", "runs.filter(r => r.state == \"x\")"],
    ["runs.filter(r => r.state !== \"x\")", "noncanonical_spelling", "runs.filter(r => r.state != \"x\")"],
    ["runs.filter(r => r.state = \"x\")", "unexpected_character", "runs.filter(r => r.state == \"x\")"],
  ] as const)("%s: %s", ([src, code, fixed]) => {
    const d = diagnose(src, env).find((x) => x.code === code)!;
    expect(d.fixes.length).toBeGreaterThan(0);
    const after = applyFix(src, d.fixes[0]!);
    expect(after).toBe(fixed);
    expect(diagnose(after, env).filter((x) => x.severity !== "warning" || x.code === "unknown_key")).toEqual([]);
  });

  test("a deprecated name gets a fix to its op's name", async () => {
    const { defineOp, overload, standardRegistry } = await import("@qel/ops");
    const registry = standardRegistry.extend([defineOp({
      name: "runTitle", deprecated: ["title"], category: "run",
      overloads: [overload([T.Run], T.String, (r) => r.name)], doc: { summary: "Title.", examples: [{ expr: "runs[0].runTitle" }] },
    })]);
    const src = "runs.map(r => r.title)";
    const [d] = diagnose(src, { registry });
    expect(d).toMatchObject({ code: "deprecated_name", severity: "warning" });
    expect(applyFix(src, d!.fixes[0]!)).toBe("runs.map(r => r.runTitle)");
  });

  test("no fix where the intent is not certain", () => {
    expect(diagnose("runs.map(r => r.zzzzzz)", env)[0]!.fixes).toEqual([]);
    // the key does not exist in the schema: no `["a/b"]` fix
    expect(diagnose("runs.map(r => r.summary.foo/bar)", env).flatMap((d) => d.fixes)).toEqual([]);
    // a string that is not a date
    expect(diagnose("runs.filter(r => r.createdAt > \"yesterday\")", env)[0]!.fixes).toEqual([]);
  });

  test("syntax errors of unfinished text come back in order, with ranges", () => {
    const ds = diagnose("runs.filter(r => r.", env);
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(d.from <= d.to && d.to <= 19).toBe(true);
  });
});

describe("every service, at every offset of unfinished and finished text", () => {
  const texts = [
    "runs.filter(r => r.config.learning_rate > 0.01 && r.summary[\"val/acc\"] >= 0.9).map(r => {name: r.name, acc: r.summary.accuracy}).sort(x => x.acc, \"desc\").limit(5)",
    "runs.filter(r => r.con",
    "runs.map(r => r.summary[\"va",
    "runs.groupBy(r => r.user.username).map(g => g.key + \": \" + g.count.toString(",
    "runs[0].history.loss.max + ",
    "(1 + 2",
    "{a: [1, 2, runs.count ? ",
  ];
  test.for(texts)("%s", (src) => {
    for (let offset = 0; offset <= src.length; offset++) {
      const h = hover(src, offset, env);
      if (h !== null) expect(h.from <= offset && offset <= h.to && h.to <= src.length).toBe(true);
      const s = signatureHelp(src, offset, env);
      if (s !== null) expect(s.active).toBeGreaterThanOrEqual(0);
    }
    for (const d of diagnose(src, env)) expect(0 <= d.from && d.from <= d.to && d.to <= src.length).toBe(true);
  });

  test("never throw on any text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.nat(45), (src, offset) => {
      hover(src, offset, env);
      signatureHelp(src, offset, env);
      diagnose(src, env);
    }), { numRuns: 300 });
  });
});
