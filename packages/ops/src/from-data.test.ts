import fc from "fast-check";
import { describe, expect, it, test } from "vitest";
import { CUT_CYCLE, CUT_TOO_DEEP, MAX_DATA_DEPTH, fromJson, type DataLoss } from "./from-data.js";
import { findDuplicateKeys } from "./json-duplicates.js";
import { typeOfValue } from "./schema.js";
import { DateValue, type Value } from "./values.js";

function convert(x: unknown, depth = 0): { value: Value; losses: DataLoss[] } {
  const losses: DataLoss[] = [];
  return { value: fromJson(x, { depth, onLoss: (l) => losses.push(l) }), losses };
}

/** `levels` nested single-key dicts `{"a": …}` around 1. */
function chain(levels: number): unknown {
  let x: unknown = 1;
  for (let i = 0; i < levels; i++) x = { a: x };
  return x;
}

function levelsOf(v: Value): { levels: number; end: Value } {
  let levels = 0;
  while (v instanceof Map) {
    levels++;
    v = v.get("a") ?? null;
  }
  return { levels, end: v };
}

const plain = (v: Value): unknown =>
  v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [k, plain(x)])) : Array.isArray(v) ? v.map(plain) : v;

describe("depth", () => {
  test.for([
    [MAX_DATA_DEPTH, 0, MAX_DATA_DEPTH, 1],
    [MAX_DATA_DEPTH + 1, 0, MAX_DATA_DEPTH, CUT_TOO_DEEP],
    [1_000_000, 0, MAX_DATA_DEPTH, CUT_TOO_DEEP],
    [MAX_DATA_DEPTH, 1, MAX_DATA_DEPTH - 1, CUT_TOO_DEEP],
  ] as const)("%i levels below %i: %i kept, then %s", ([levels, above, kept, end]) => {
    const { value, losses } = convert(chain(levels), above);
    expect(levelsOf(value)).toEqual({ levels: kept, end });
    expect(losses.map((l) => l.severity)).toEqual(end === 1 ? [] : ["error"]);
  });

  it("names the place of a cut, shortening a long path", () => {
    expect(convert({ x: [chain(200)] }).losses).toEqual([
      { kind: "too_deep", severity: "error", path: ".x[0].a.a…93 levels…a.a.a", text: "nested deeper than 100 levels; cut" },
    ]);
    expect(convert([[{ b: chain(1) }]], MAX_DATA_DEPTH - 3).losses.map((l) => l.path)).toEqual(["[0][0].b"]);
  });

  it("types a value cut at the limit without exhausting the stack", () => {
    expect(() => typeOfValue(fromJson(chain(100_000)))).not.toThrow();
  });
});

describe("shared and cyclic data", () => {
  it("cuts a cycle where it closes, and reports it", () => {
    const o: Record<string, unknown> = { n: 1 };
    o.self = o;
    o.list = [o, 2];
    const { value, losses } = convert(o);
    expect(plain(value)).toEqual({ n: 1, self: CUT_CYCLE, list: [CUT_CYCLE, 2] });
    expect(losses.map((l) => l.path)).toEqual([".self", ".list[0]"]);
  });

  it("converts `o = [o, o]` forty times over in time linear in its 41 distinct lists, sharing them", () => {
    let o: unknown = [];
    for (let i = 0; i < 40; i++) o = [o, o];
    let calls = 0;
    const v = fromJson(o, { onProgress: () => calls++ }) as readonly Value[];
    expect([v[0] === v[1], calls]).toEqual([true, 0]); // fewer than 4096 values converted
    expect(typeOfValue(v).kind).toBe("list");
  });

  it("converts the same object again where it sits deeper, so no path passes the limit", () => {
    const shared = chain(MAX_DATA_DEPTH - 1);
    const { value } = convert({ near: shared, far: { x: shared } });
    const m = value as ReadonlyMap<string, Value>;
    expect(levelsOf(m.get("near") ?? null)).toEqual({ levels: MAX_DATA_DEPTH - 1, end: 1 });
    expect(levelsOf((m.get("far") as ReadonlyMap<string, Value>).get("x") ?? null)).toEqual({ levels: MAX_DATA_DEPTH - 2, end: CUT_TOO_DEEP });
  });
});

describe("values the data model has no place for are kept in another form and reported", () => {
  test.for([
    ["a set", new Set(["a", "b"]), ["a", "b"], "warning", "a set; kept as the list of its members"],
    ["bytes", new Uint8Array([104, 101, 108, 108, 111, 33]), "aGVsbG8h", "warning", "binary data (6 bytes); kept as its base64 text"],
    ["a date", new Date(5), new DateValue(5), null, ""],
    ["a function", () => 1, null, "error", "a function is not data; null kept"],
    ["a huge bigint", 2n ** 70n, 2 ** 70, null, ""],
    ["an inexact bigint", 2n ** 70n + 1n, 2 ** 70, "warning", "an integer too large for a number; kept as the nearest one"],
    ["a Map with a number key", new Map<unknown, unknown>([[1, "x"]]), new Map([["1", "x"]]), "warning", "a key that is not text; kept as text"],
  ] as const)("%s", ([, x, expected, severity, text]) => {
    const { value, losses } = convert({ k: x });
    expect((value as ReadonlyMap<string, Value>).get("k")).toEqual(expected);
    expect(losses.map((l) => [l.severity, l.text])).toEqual(severity === null ? [] : [[severity, text]]);
  });

  it("base64 matches the standard encoding for every padding", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      const { btoa } = globalThis as unknown as { btoa(s: string): string };
      expect(fromJson(bytes)).toBe(btoa(String.fromCharCode(...bytes)));
    }));
  });

  it("reads no getter and no prototype key when told the data is a host's", () => {
    const o = Object.create({ inherited: 1 }, { shown: { value: 2, enumerable: true }, got: { get: () => { throw new Error("ran"); }, enumerable: true } });
    expect(plain(fromJson(o, { ownDataOnly: true }))).toEqual({ shown: 2, got: null });
  });
});

describe("keys written twice", () => {
  test.for([
    ['{"a": 1, "a": 2}', [["a", '"a": 2']]],
    ['{"a": {"b": [1, {"x": 1, "\\u0078": 2}]}}', [["a.b[1].x", '"\\u0078"']]],
    ['[{"k": 1}, {"k": 1, "q": "\\"k\\"", "k": 3}]', [["[1].k", '"k": 3']]],
    ['{"a": 1, "b": {"a": 2}, "c": ["a", "a"]}', []],
    [`{${Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(", ")}, "k39": 0}`, [["k39", '"k39": 0']]],
  ] as const)("%s", ([text, found]) => {
    const expected = found.map(([path, at]) => [path, text.lastIndexOf(at)]);
    expect(findDuplicateKeys(text).map((d) => [d.path, d.offset])).toEqual(expected);
  });

  it("finds every key written again in the same object, however spelled", () => {
    type Json = { readonly kind: "leaf" } | { readonly kind: "list"; readonly items: readonly Json[] } | { readonly kind: "object"; readonly entries: readonly (readonly [string, Json])[] };
    const key = fc.constantFrom("a", "b", "\\u0061", "__proto__");
    const json = fc.letrec<{ v: Json }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        fc.constant<Json>({ kind: "leaf" }),
        fc.array(tie("v"), { maxLength: 3 }).map((items): Json => ({ kind: "list", items })),
        fc.array(fc.tuple(key, tie("v")), { maxLength: 4 }).map((entries): Json => ({ kind: "object", entries })),
      ),
    })).v;
    const text = (j: Json): string =>
      j.kind === "leaf" ? "1" : j.kind === "list" ? `[${j.items.map(text).join(",")}]` : `{${j.entries.map(([k, v]) => `"${k}":${text(v)}`).join(",")}}`;
    const repeats = (j: Json): number =>
      j.kind === "leaf" ? 0 : j.kind === "list" ? j.items.reduce((n, x) => n + repeats(x), 0)
        : j.entries.length - new Set(j.entries.map(([k]) => (k === "\\u0061" ? "a" : k))).size + j.entries.reduce((n, [, x]) => n + repeats(x), 0);
    fc.assert(fc.property(json, (j) => {
      expect(findDuplicateKeys(text(j), "", Infinity).length).toBe(repeats(j));
    }));
  });
});
