import { describe, expect, it } from "vitest";
import { T, type RunSchema, type Type } from "@qel/ops";
import { palette } from "../render-format.js";
import { schemaText } from "./describe.js";

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
});
