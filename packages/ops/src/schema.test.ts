import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { docRuns } from "./doc-dataset.js";
import { loadRunsDocument } from "./runs-format.js";
import { stringifyJsonLenient } from "./runs-json.js";
import { inferSchema, inferSchemaLazily, mergeTypes, typeOfValue } from "./schema.js";
import { T, printType } from "./types.js";
import { DateValue, DurationValue, EMPTY_DICT, FunctionValue, Run, User, type Dict, type Value } from "./values.js";

const d = (o: Record<string, Value>): Dict => new Map(Object.entries(o));
const run = (config: Dict, summary: Dict = EMPTY_DICT, history: Dict[] = []): Run =>
  new Run("r", null, null, null, new DateValue(0), new DateValue(0), null, config, summary, history, [], [], [], null, null);
const printed = (m: ReadonlyMap<string, unknown>): Record<string, string> =>
  Object.fromEntries([...m].map(([k, t]) => [k, printType(t as Parameters<typeof printType>[0])]));

describe("typeOfValue", () => {
  test.for<[Value, string]>([
    [null, "null"],
    [1, "number"],
    [NaN, "number"],
    ["s", "string"],
    [true, "boolean"],
    [new DateValue(0), "date"],
    [new DurationValue(0), "duration"],
    [[], "list<never>"],
    [[1, 2], "list<number>"],
    [[1, "a", null], "list<number|string|null>"],
    [[[1], ["a"]], "list<list<number|string>>"],
    [d({ a: 1, "b c": [true] }), '{a: number, "b c": list<boolean>}'],
    [[d({ a: 1 }), d({ b: "x" })], "list<{a: number|null, b: string|null}>"],
    [docRuns[0]!, "Run"],
    [docRuns[0]!.loggedArtifacts[0]!, "ArtifactVersion"],
    [new User("u", null, null), "User"],
    [new FunctionValue("f", 2, () => null), "(any, any) => any"],
  ])("%j", ([v, expected]) => {
    expect(printType(typeOfValue(v))).toBe(expected);
  });
});

describe("mergeTypes", () => {
  test("unions, with lists and typed dicts merged member-wise", () => {
    expect(printType(mergeTypes(T.Number, T.String))).toBe("number|string");
    expect(printType(mergeTypes(T.List(T.Never), T.List(T.Number)))).toBe("list<number>");
    expect(printType(mergeTypes(mergeTypes(T.Null, T.List(T.String)), T.List(T.Number)))).toBe("list<string|number>|null");
    expect(mergeTypes(T.Number, T.Number)).toBe(T.Number);
  });
});

describe("inferSchema", () => {
  test("keys in first-appearance order; missing in some runs means nullable; mixed means a union", () => {
    const s = inferSchema([
      run(d({ lr: 0.1, opt: "adam", model: d({ layers: 4 }) }), d({ acc: 0.9 }), [d({ _step: 0, loss: 1 }), d({ _step: 1, acc: 0.5 })]),
      run(d({ lr: 0.2, opt: 3, model: d({ layers: 6, dropout: 0.1 }) }), d({ acc: null })),
      run(d({ lr: 0.3, seed: 1, model: d({ layers: 8 }) }), EMPTY_DICT, [d({ _step: 0, loss: 2, acc: 0.1 })]),
    ]);
    expect(printed(s.config)).toEqual({
      lr: "number",
      opt: "string|number|null",
      model: "{layers: number, dropout: number|null}",
      seed: "number|null",
    });
    expect(printed(s.summary)).toEqual({ acc: "number|null" });
    expect(printed(s.history)).toEqual({ _step: "number", loss: "number|null", acc: "number|null" });
  });

  test("no runs give empty maps", () => {
    const s = inferSchema([]);
    expect([s.config.size, s.summary.size, s.history.size]).toEqual([0, 0, 0]);
  });

  test("the documentation dataset", () => {
    const s = inferSchema(docRuns);
    expect(printed(s.config)["learning_rate"]).toBe("number|null");
    expect(printed(s.summary)["accuracy"]).toBe("number|null");
    expect(printed(s.history)["_step"]).toBe("number");
    expect([...s.config.keys()]).toEqual(["learning_rate", "batch_size", "optimizer", "epochs", "checkpoint", "seed"]);
  });
});

describe("inferSchema of runs whose config and summary are still JSON", () => {
  const key = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("value", "desc", "_wandb", "0", "10", "__proto__"));
  const json = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constant(null), fc.boolean(), fc.integer(), fc.constantFrom(NaN, Infinity), fc.string({ maxLength: 2 }),
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(key, tie("v"), { maxKeys: 3 }),
      // W&B's config wrapper, unwrapped in a config
      fc.record({ value: tie("v"), desc: fc.string({ maxLength: 2 }) }, { requiredKeys: ["value"] }),
    ),
  })).v;
  const dict = fc.dictionary(key, json, { maxKeys: 4 });
  const runs = fc.array(fc.record({ config: dict, summary: dict }), { maxLength: 5 });

  test("gives the types of the dicts they become, without building them", () => {
    fc.assert(
      fc.property(runs, (rs) => {
        const text = stringifyJsonLenient(rs.map((r, i) => ({ name: `r${i}`, createdAt: "2026-01-01T00:00:00Z", ...r })));
        const loaded = loadRunsDocument(text, { fileName: "runs.json" }).runs;
        const lazily = inferSchemaLazily(loaded);
        const fromJson = inferSchema(loaded);
        // nothing was built: every config and summary is still the loader's JSON
        expect(loaded.every((r) => !(r.configSource instanceof Map) && !(r.summarySource instanceof Map))).toBe(true);
        for (const r of loaded) void [r.config, r.summary];
        const fromDicts = inferSchema(loaded);
        for (const part of ["config", "summary", "history"] as const) {
          expect(printed(fromJson[part])).toEqual(printed(fromDicts[part]));
          expect([...fromJson[part].keys()]).toEqual([...fromDicts[part].keys()]);
          expect(printed(lazily[part])).toEqual(printed(fromDicts[part]));
        }
      }),
      { numRuns: 200 },
    );
  });

  test("runs that repeat a few shapes (as a big project's do) give the types, gradual or not, of the dicts they become", () => {
    // a few shapes of config, each run one of them with its own values: most keys meet a type already counted
    // values from a few keys and kinds, so the same key often holds dicts of fewer or more keys, or other kinds
    const small = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(null, 1, "s", true), fc.array(tie("v"), { maxLength: 2 }),
        fc.dictionary(fc.constantFrom("x", "y"), tie("v"), { maxKeys: 2 }), json,
      ),
    })).v;
    const shapes = fc.array(fc.dictionary(fc.constantFrom("a", "b", "model"), small, { maxKeys: 3 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(shapes, fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 8 }), (configs, picks) => {
        const rs = picks.map(([k, twice], i) => ({ name: `r${i}`, createdAt: "2026-01-01T00:00:00Z", config: configs[k % configs.length], summary: twice ? configs[0] : {} }));
        const loaded = loadRunsDocument(stringifyJsonLenient(rs), { fileName: "runs.json" }).runs;
        const fromJson = inferSchema(loaded);
        for (const r of loaded) void [r.config, r.summary];
        const fromDicts = inferSchema(loaded);
        for (const part of ["config", "summary"] as const) expect(fromJson[part]).toEqual(fromDicts[part]);
      }),
      { numRuns: 300 },
    );
  });
});

