import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { History } from "./history.js";
import { inferSchema } from "./schema.js";
import { fromJson as convert } from "./from-data.js";
import { DateValue, Run, type Dict } from "./values.js";

const fromJson = (x: unknown): ReturnType<typeof convert> => convert(x);

const rowsOf = (json: readonly Record<string, unknown>[]): readonly Dict[] => json.map((r) => fromJson(r) as Dict);

describe("History kept by column", () => {
  const value = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -0), fc.string(), fc.boolean(),
    fc.constant(null), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }), fc.array(fc.integer(), { maxLength: 2 }));
  const key = fc.constantFrom("_step", "loss", "acc", "val/loss", "__proto__", "a\u0000b", "a", "b");
  const rows = fc.array(fc.dictionary(key, value, { maxKeys: 4 }), { maxLength: 12 });

  it("gives the rows it was built from, each key in its row's order, and each column as the rows give it", () => {
    fc.assert(
      fc.property(rows, key, (json, k) => {
        const h = History.fromJsonRows(json, fromJson);
        const expected = rowsOf(json);
        expect(h.length).toBe(json.length);
        expect(h.rows()).toEqual(expected);
        h.rows().forEach((row, i) => expect([...row.keys()]).toEqual(Object.keys(json[i]!)));
        const column = h.column(k);
        expect(column).toEqual(expected.map((r) => r.get(k) ?? null));
        column.forEach((v, i) => typeof v === "number" && expect(Object.is(v, expected[i]!.get(k))).toBe(true));
        expect(History.fromRows(expected).column(k)).toEqual(column);
        const run = (history: readonly Dict[] | History) => new Run("r", null, null, null, new DateValue(0), new DateValue(0), null, new Map(), new Map(), history, [], [], [], null, null);
        expect(inferSchema([run(h), run(h)]).history).toEqual(inferSchema([run(expected), run(expected)]).history);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a numeric column in a typed array and switches when another kind of value comes", () => {
    const h = History.fromJsonRows([{ _step: 0, loss: 1 }, { _step: 1 }, { _step: 2, loss: "nan?" }, { loss: { a: 1 }, _step: 3 }], fromJson);
    expect(h.column("loss")).toEqual([1, null, "nan?", new Map([["a", 1]])]);
    expect(h.column("_step")).toEqual([0, 1, 2, 3]);
    expect(h.column("missing")).toEqual([null, null, null, null]);
    expect([...h.rows()[3]!.keys()]).toEqual(["loss", "_step"]);
  });

  it("builds rows again after they were let go, equal to the first ones", () => {
    const h = History.fromJsonRows([{ _step: 0, loss: 0.5 }], fromJson);
    const first = h.rows();
    expect(h.rows()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
