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
  return complete(text.replace("|", ""), offset, e);
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
    expect(keys.sort()).toEqual(["batch_size", "lr"]);
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
      expect(complete(text, 999, env)).toBeInstanceOf(Array);
      expect(complete(text, -5, env)).toBeInstanceOf(Array);
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
