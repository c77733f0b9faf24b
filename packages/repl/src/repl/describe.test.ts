import { describe, expect, it } from "vitest";
import { defineOp, overload, standardRegistry, T, type RunSchema, type Type } from "@qel/ops";
import { palette } from "../render-format.js";
import { schemaQuery, schemaText } from "./schema-command.js";
import { opHelp, opIndex } from "./describe.js";

const keys = (entries: readonly (readonly [string, Type])[]): ReadonlyMap<string, Type> => new Map(entries);

describe(":schema text", () => {
  const wide = T.Dict(T.Never, new Map(Array.from({ length: 12 }, (_, i) => [`field_${i}`, T.Number] as const)));
  const schema = {
    config: keys([["lr", T.Number], ["batch_size", T.Number], ["Optimizer", T.String]]),
    summary: keys([["table", T.Nullable(wide)]]),
    history: keys([]),
  } as unknown as RunSchema;

  it("lists each part's keys in alphabetical order under a count", () => {
    const lines = schemaText(schema, palette(false), 100).split("\n");
    expect(lines.slice(0, 4)).toEqual(["config (3 keys)", "  batch_size  number", "  lr          number", "  Optimizer   string"]);
    expect(lines).toContain("history (0 keys)");
  });

  it("cuts a type too long for the width, so every line fits", () => {
    const lines = schemaText(schema, palette(false), 60).split("\n");
    const table = lines.find((l) => l.startsWith("  table"))!;
    expect(table.length).toBe(60);
    expect(table.endsWith("…")).toBe(true);
    expect(table.startsWith("  table  {field_0: number, field_1: number")).toBe(true);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
  });

  it("keeps the keys starting with a prefix, in any case, and narrows to one part with `part.`", () => {
    const big = {
      config: keys([["lr", T.Number], ["LR_decay", T.Number], ["seed", T.Number]]),
      summary: keys([["lr", T.Number], ["val/acc", T.Number], ["val/loss", T.Number]]),
      history: keys([["lr", T.Number]]),
    } as unknown as RunSchema;
    expect(schemaText(big, palette(false), 100, schemaQuery("lr")).split("\n")).toEqual([
      'config (2 of 3 keys start with "lr")', "  lr        number", "  LR_decay  number",
      'summary (1 of 3 keys start with "lr")', "  lr  number",
      'history (1 of 1 key start with "lr")', "  lr  number",
    ]);
    expect(schemaText(big, palette(false), 100, schemaQuery("summary.val/")).split("\n")).toEqual([
      'summary (2 of 3 keys start with "val/")', '  "val/acc"   number', '  "val/loss"  number',
    ]);
    expect(schemaText(big, palette(false), 100, schemaQuery("history")).split("\n")).toEqual(["history (1 key)", "  lr  number"]);
  });

  it("says how many keys it left out and how to see them; --all shows every one", () => {
    const many = { config: keys(Array.from({ length: 250 }, (_, i) => [`k${String(i).padStart(3, "0")}`, T.Number] as const)), summary: keys([]), history: keys([]) } as unknown as RunSchema;
    const cut = schemaText(many, palette(false), 100).split("\n");
    expect(cut.filter((l) => l.startsWith("  k"))).toHaveLength(200);
    expect(cut).toContain("  … 50 more config keys not shown");
    expect(cut.at(-1)).toBe("50 keys not shown: `:schema PREFIX` lists the keys starting with PREFIX (`:schema summary.val` only summary's); `:schema --all` lists every one");
    const narrowed = schemaText(many, palette(false), 100, schemaQuery("config.k")).split("\n");
    expect(narrowed.at(-1)).toBe("50 keys not shown: `:schema config.k --all` lists every one");
    const all = schemaText(many, palette(false), 100, schemaQuery("config.k --all")).split("\n");
    expect(all.filter((l) => l.startsWith("  k"))).toHaveLength(250);
    expect(all.some((l) => l.includes("not shown"))).toBe(false);
    expect(schemaQuery("--all val")).toEqual({ parts: ["config", "summary", "history"], prefix: "val", limit: Number.POSITIVE_INFINITY });
  });
});

describe(":help", () => {
  it("lists every op of the registry, operators with how they are written", () => {
    const index = opIndex(standardRegistry, 100);
    const listed = new Set(index.split(/\s+/));
    for (const op of standardRegistry.all()) expect(listed.has(op.name), op.name).toBe(true);
    expect(index).toContain("coalesce (a ?? b)");
    expect(index).toContain("at (xs[i])");
    // generated from the registry: a host's op shows up too
    const extra = defineOp({ name: "hostOnly", category: "run", overloads: [overload([T.Run], T.Number, () => 1)], doc: { summary: "x", examples: [{ expr: "runs[0].hostOnly" }] } });
    expect(opIndex(standardRegistry.extend([extra]), 100)).toMatch(/\bhostOnly\b/);
  });

  it("shows every op's signatures with their return types", () => {
    for (const op of standardRegistry.all()) {
      const text = opHelp(op.name, standardRegistry, palette(false))!;
      const signatures = text.split("\n").filter((l) => l.startsWith(`${op.name}(`));
      expect(signatures, op.name).toHaveLength(op.overloads.length);
      for (const s of signatures) expect(s, op.name).toMatch(/\) → (?!…)\S/);
    }
  });

  it("finds an op by its operator", () => {
    expect(opHelp("??", standardRegistry, palette(false))!.split("\n").slice(0, 2)).toEqual([
      "coalesce(a: any, b: any, c?: any, d?: any, e?: any, f?: any, g?: any, h?: any) → any",
      "written `a ?? b`",
    ]);
    expect(opHelp("-x", standardRegistry, palette(false))).toContain("written `-x`");
    expect(opHelp("+", standardRegistry, palette(false))!.split("\n")[0]).toMatch(/^add\(/);
  });
});
