import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findDuplicateKeys } from "./json-duplicates.js";
import { jsonShape, shapeOf } from "./json-shape.js";
import { ShapeTracker } from "./json-shape-tracker.js";
import { loadRunsDocument } from "./runs-format.js";
import { loadRunsChunks } from "./runs-stream.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** How deeply parsed JSON nests: `{"a": [1]}` is 2. */
function depthOf(x: unknown): number {
  if (typeof x !== "object" || x === null) return 0;
  let d = 0;
  for (const v of Object.values(x)) d = Math.max(d, depthOf(v));
  return d + 1;
}

/** JSON text of objects whose keys come from a small alphabet (so keys repeat), written out by hand. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("1", "-2.5e3", "true", "null", '"x"', '"a\\"b"', '"\\u00e9"'),
    fc.array(tie("value"), { maxLength: 4 }).map((xs) => `[${xs.join(",")}]`),
    fc.array(fc.tuple(fc.constantFrom("a", "b", "ab", "ba", "\\u0061", "é", "a\\\\", "lr_1", "lr_2"), tie("value")), { maxLength: 5 })
      .map((kv) => `{${kv.map(([k, v]) => `"${k}":${v}`).join(",")}}`),
  ),
})).value;

describe("the shape of JSON text", () => {
  test("gives the depth exactly, and says keys may repeat whenever the exact check finds a repeated key", () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const shape = jsonShape(bytes(text));
        // a repeated key's earlier value is not in the parsed JSON, but its nesting is in the text
        const repeated = findDuplicateKeys(text).length > 0;
        if (repeated) expect([shape.repeatedKeys, shape.depth >= depthOf(JSON.parse(text))]).toEqual([true, true]);
        else expect(shape.depth).toBe(depthOf(JSON.parse(text)));
      }),
      { numRuns: 2000 },
    );
  });

  test("one tracker reused from value to value, scanning each in pieces cut anywhere, finds what a new one finds", () => {
    const reused = new ShapeTracker();
    fc.assert(
      fc.property(fc.array(fc.tuple(jsonText, fc.array(fc.nat(), { maxLength: 4 })), { minLength: 1, maxLength: 4 }), (values) => {
        for (const [text, at] of values) {
          const b = bytes(text);
          const points = [...new Set(at.map((x) => x % (b.length + 1)))].sort((x, y) => x - y);
          reused.reset();
          let from = 0;
          let lines = 0;
          for (const to of [...points, b.length]) {
            const piece = b.subarray(from, to);
            // a valid value never stops a scan before the end of its text
            expect(reused.scan(piece, 0, piece.length, from)).toBe(piece.length);
            lines += reused.newlines;
            from = to;
          }
          const fresh = jsonShape(b);
          const found = shapeOf(reused);
          // a key cut by a piece boundary may be taken for a repeated one (the offsets then mean nothing), never
          // the other way round
          expect(found.depth).toBe(fresh.depth);
          if (fresh.repeatedKeys) expect(found.repeatedKeys).toBe(true);
          if (points.length === 0 || !found.repeatedKeys) expect(found).toEqual(fresh);
          expect(lines).toBe(text.split("\n").length - 1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test("a scan stops at a comma or closing bracket outside the value, and goes on from there", () => {
    const t = new ShapeTracker();
    const b = bytes('{"a":[1,{"b":"],"}]} , 2]');
    expect(t.scan(b, 0, b.length, 0)).toBe(21);
    expect(shapeOf(t)).toMatchObject({ depth: 3, repeatedKeys: false });
    expect(t.scan(b, 22, b.length, 0)).toBe(24);
  });

  test("a key spelled with an escape is sent to the exact check; distinct plain keys are not", () => {
    expect(jsonShape(bytes('{"a":1,"\\u0061":2}')).repeatedKeys).toBe(true);
    expect(jsonShape(bytes('{"learning_rate":1,"batch_size":2,"model":{"learning_rate":3}}'))).toMatchObject({ depth: 2, repeatedKeys: false });
  });

  test("objects with many keys, nested in one another, find a repeated key at any level and no other", () => {
    const obj = (keys: readonly string[], inner = ""): string => `{${keys.map((k) => `"${k}":1`).join(",")}${inner}}`;
    const many = Array.from({ length: 40 }, (_, i) => `key_${i}`);
    const deep = (inner: string): string => obj(many, `,"in":${inner}`);
    expect(jsonShape(bytes(deep(deep(obj(many))))).repeatedKeys).toBe(false);
    expect(jsonShape(bytes(deep(deep(obj([...many, "key_3"]))))).repeatedKeys).toBe(true);
    expect(jsonShape(bytes(obj([...many, "key_39"], `,"in":${obj(many)}`))).repeatedKeys).toBe(true);
    expect(jsonShape(bytes(`{"in":${obj(many)},"key_0":2,"key_1":{"key_0":1}}`)).repeatedKeys).toBe(false);
  });

  test("finds the text of the top-level config and summary objects, and nothing that only looks like them", () => {
    const text = '{"name":"a","x":{"config":{"no":1}},"config" : {"lr":[1,{"a":2}]},"tags":["summary"],"summary":{}}';
    const s = jsonShape(bytes(text));
    expect(text.slice(s.configStart, s.configEnd)).toBe('{"lr":[1,{"a":2}]}');
    expect(text.slice(s.summaryStart, s.summaryEnd)).toBe("{}");
    for (const other of ['{"config":[1],"summary":null}', '{"con\\u0066ig":{"a":1}}', '[{"config":{}}]', '{"configs":{},"summar":{}}']) {
      expect(jsonShape(bytes(other))).toMatchObject({ configStart: -1, configEnd: -1, summaryStart: -1, summaryEnd: -1 });
    }
  });

  test("the config and summary it finds are, parsed, what the whole text's parse holds there", () => {
    const member = fc.tuple(fc.constantFrom("config", "summary", "a", "configs"), jsonText).map(([k, v]) => `"${k}": ${v}`);
    fc.assert(
      fc.property(fc.array(member, { maxLength: 5 }), (members) => {
        const text = `{${members.join(",")}}`;
        const b = bytes(text);
        const s = jsonShape(b);
        const whole = JSON.parse(text) as Record<string, unknown>;
        const slice = (from: number, to: number): unknown => JSON.parse(new TextDecoder().decode(b.subarray(from, to)));
        if (s.repeatedKeys) return;
        for (const [key, from, to] of [["config", s.configStart, s.configEnd], ["summary", s.summaryStart, s.summaryEnd]] as const) {
          const v = whole[key];
          const isObject = typeof v === "object" && v !== null && !Array.isArray(v);
          expect(from >= 0).toBe(isObject);
          if (isObject) expect(slice(from, to)).toEqual(v);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("a runs file read in chunks reports keys written twice and cuts deep values as the text path does, wherever the chunks are cut", () => {
    const deep = `${"[".repeat(150)}${"]".repeat(150)}`;
    const text = `{"format":"qel-runs/1","runs":[{"name":"a","createdAt":"2026-01-01T00:00:00Z","config":{"lr":1,"lr":2}},` +
      `{"name":"b","createdAt":"2026-01-01T00:00:00Z","summary":{"deep":${deep}}},{"name":"c","createdAt":"2026-01-01T00:00:00Z","config":{"x":{"y":1}}}]}`;
    const whole = loadRunsDocument(text, { fileName: "r.json" });
    const messages = (r: typeof whole): string[] => r.issues.map((i) => i.message);
    expect(messages(whole)).toEqual([
      "r.json:1: runs[0].config.lr: key written more than once; the last value kept",
      expect.stringMatching(/^r\.json: runs\[1\]\.summary\.deep.*: nested deeper than 100 levels; cut \(run "b"\)$/),
    ]);
    const b = bytes(text);
    fc.assert(
      fc.property(fc.array(fc.nat(b.length), { maxLength: 6 }), (at) => {
        const points = [...new Set(at)].sort((x, y) => x - y);
        const chunks = [...points, b.length].map((p, i) => b.subarray(i === 0 ? 0 : points[i - 1]!, p));
        const r = loadRunsChunks(chunks, { fileName: "r.json" });
        expect(messages(r)).toEqual(messages(whole));
        expect(r.runs.map((x) => x.config.get("lr") ?? null)).toEqual([2, null, null]);
      }),
      { numRuns: 300 },
    );
  });
});
