import fc from "fast-check";
import { describe, expect, it, test } from "vitest";
import { formatIsoDate, parseIsoDate } from "./runs-dates.js";
import { lineColumn, parseJsonLenient, stringifyJsonLenient } from "./runs-json.js";

describe("parseJsonLenient", () => {
  test.for([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["-0", -0],
    ['{"a": NaN, "b": [1, -Infinity, Infinity]}', { a: NaN, b: [1, -Infinity, Infinity] }],
    ['{"loss": 1.5e-05, "n": 1.7707848276505349e+09}', { loss: 1.5e-5, n: 1770784827.6505349 }],
    ['  [ ]  ', []],
    ['"\\u00e9\\n\\/"', "é\n/"],
    ['{"a": 1, "a": NaN}', { a: NaN }],
    ['["NaN", "x\\"NaN", NaN,Infinity]', ["NaN", 'x"NaN', NaN, Infinity]],
    ['{"\\u0000qel-NaN\\u0000": NaN}', { "\u0000qel-NaN\u0000": NaN }],
    ['["\\u0000qel-NaN\\u0000", NaN]', ["\u0000qel-NaN\u0000", NaN]],
  ] as const)("%s", ([text, value]) => {
    const r = parseJsonLenient(text);
    expect(r).toEqual({ ok: true, value });
  });

  it("keeps __proto__ as an own key", () => {
    const r = parseJsonLenient('{"__proto__": NaN}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as Record<string, unknown>;
    expect(Object.hasOwn(v, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  test.for([
    ["", "1:1: expected a JSON value, found end of input"],
    ["{\n  \"a\": nan\n}", "2:8: expected a JSON value, found character \"n\""],
    ["[1, 2,]", "1:7: expected a JSON value, found character \"]\""],
    ["{'a': 1}", "1:2: expected a string key in object, found character \"'\""],
    ['{"a" 1}', '1:6: expected ":" after object key, found character "1"'],
    ['[1 2]', '1:4: expected "," or "]" in array, found character "2"'],
    ['{"a": "x', "1:7: unterminated string"],
    ['"a\\qb"', "1:3: malformed escape in string"],
    ["01", "1:2: unexpected character \"1\" after the JSON value"],
    ["-Inf", "1:1: malformed number"],
    ["[1Infinity]", '1:3: expected "," or "]" in array, found character "I"'],
    ["[NaNa]", '1:5: expected "," or "]" in array, found character "a"'],
    ["[1]\r\n]", "2:1: unexpected character \"]\" after the JSON value"],
  ] as const)("reports %j at line:column", ([text, message]) => {
    const r = parseJsonLenient(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe(message);
  });

  it("reads deep nesting, and explains errors in it without overflowing the stack", () => {
    const deep = parseJsonLenient("[".repeat(100_000) + "NaN" + "]".repeat(100_000));
    expect(deep.ok).toBe(true);
    const r = parseJsonLenient("[".repeat(5000) + "NaN" + "]".repeat(4999));
    expect(r.ok ? "ok" : r.message).toBe("1:1002: nesting deeper than 1000 levels");
  });

  it("never throws, and agrees with JSON.parse on plain JSON", () => {
    fc.assert(fc.property(fc.string(), (s) => void parseJsonLenient(s)));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(..."{}[]\",:0-1eE.tnNI \n\\") }), (s) => void parseJsonLenient(s)));
    // NaN with an escaped NUL forces the hand-written parser; NaN alone, the rewriting fast path.
    fc.assert(
      fc.property(fc.json(), (s) => {
        expect(parseJsonLenient(`[${s} , NaN, "\\u0000"]`)).toEqual({ ok: true, value: [JSON.parse(s), NaN, "\u0000"] });
        expect(parseJsonLenient(`[${s},NaN]`)).toEqual({ ok: true, value: [JSON.parse(s), NaN] });
      }),
    );
  });

  it("reads back what stringifyJsonLenient writes, non-finite numbers and -0 included", () => {
    const num = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0));
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        fc.constant(null), fc.boolean(), num, fc.string(),
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constant("__proto__")), tie("v"), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const text = stringifyJsonLenient(v);
        expect(parseJsonLenient(text)).toEqual({ ok: true, value: v });
        // Text without non-finite numbers is plain JSON.
        if (!/NaN|Infinity/.test(text)) expect(JSON.parse(text)).toEqual(v);
      }),
    );
  });
});

test("lineColumn counts \\n, \\r\\n and \\r as line ends", () => {
  expect(lineColumn("a\nb\r\nc\rd", 7)).toEqual({ line: 4, column: 1 });
  expect(lineColumn("abc", 2)).toEqual({ line: 1, column: 3 });
});

describe("parseIsoDate", () => {
  test.for([
    ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000Z"],
    ["2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05.123Z"],
    ["2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05.123Z"],
    ["2024-01-02T03:04:05.5+05:30", "2024-01-01T21:34:05.500Z"],
    ["2024-01-02T03:04:05-08:00", "2024-01-02T11:04:05.000Z"],
    ["2024-01-02T03:04Z", "2024-01-02T03:04:00.000Z"],
    ["2020-04-02T20:50:08.354203", "2020-04-02T20:50:08.354Z"],
    ["2024-01-02", "2024-01-02T00:00:00.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["0050-06-01T00:00:00Z", "0050-06-01T00:00:00.000Z"],
    ["+012345-01-01T00:00:00.000Z", "+012345-01-01T00:00:00.000Z"],
    ["-000001-12-31T23:59:59.999Z", "-000001-12-31T23:59:59.999Z"],
  ] as const)("accepts %s", ([text, iso]) => {
    const ms = parseIsoDate(text);
    expect(ms === null ? null : formatIsoDate(ms)).toBe(iso);
  });

  test.for([
    "yesterday", "", "2024", "2024-01", "2024-1-2", "2024-13-01", "2023-02-29", "2024-04-31", "2024-01-02T24:00:00Z",
    "2024-01-02T03:60Z", "2024-01-02T03:04:60Z", "2024-01-02 03:04:05Z", "2024-01-02t03:04:05z", "20240102T030405Z",
    "2024-01-02T03:04:05+24:00", "2024-01-02T03:04:05+0530", "2024-W01-1", "2024-001", "2024-01-02T03:04:05.Z",
    "-000000-01-01T00:00:00Z", "+275761-01-01T00:00:00Z", " 2024-01-02", "2024-01-02T03",
  ])("rejects %j", (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });

  it("reads the common UTC shapes as the general form reads them", () => {
    const two = (n: number) => String(n).padStart(2, "0");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.option(fc.integer({ min: 0, max: 999 })), (y, mo, d, h, mi, sec, ms) => {
          const text = `${String(y).padStart(4, "0")}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(sec)}${ms === null ? "" : `.${String(ms).padStart(3, "0")}`}Z`;
          expect(parseIsoDate(text)).toBe(parseIsoDate(text.replace(/Z$/, "+00:00")));
        }),
      { numRuns: 500 },
    );
  });

  it("reads back every formatted date", () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const iso = formatIsoDate(ms);
        expect(iso === null ? null : parseIsoDate(iso)).toBe(ms);
      }),
    );
    expect(formatIsoDate(NaN)).toBeNull();
  });
});
