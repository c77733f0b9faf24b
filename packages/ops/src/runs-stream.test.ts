import fc from "fast-check";
import { describe, expect, it, test } from "vitest";
import { loadRunsDocument, serializeRunsDocument } from "./runs-format.js";
import { loadRunsChunks, RunsStreamLoader } from "./runs-stream.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** `text`'s bytes cut at the given offsets (sorted, deduplicated). */
function cut(b: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((x) => x % (b.length + 1)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, b.length]) {
    out.push(b.subarray(from, p));
    from = p;
  }
  return out;
}

const streamed = (text: string, fileName: string, at: readonly number[] = []) => loadRunsChunks(cut(bytes(text), at), { fileName });

/** What loading gives, for comparing: the runs as the canonical text, the project, the issues. */
const outcome = (r: ReturnType<typeof loadRunsDocument>) => ({
  text: serializeRunsDocument(r.runs, r.project),
  issues: r.issues.map((i) => i.message),
});

describe("loading runs in chunks", () => {
  const run = (name: string, extra = "") => `{"name":"${name}","createdAt":"2026-01-02T03:04:05Z"${extra}}`;

  test.for([
    ["a document", "runs.json", `{"format":"qel-runs/1","project":{"name":"p"},"runs":[\n${run("a")},\n${run("b", ',"summary":{"loss":NaN}')}\n]}\n`],
    ["a document with runs before its format", "runs.json", `{"runs":[${run("a")}],"format":"qel-runs/1","extra":[1,{"runs":[]}]}`],
    ["a document whose project comes after its runs", "runs.json", `{"runs":[${run("a")},${run("b", ',"project":"q"')}],"project":{"entity":"e","name":"p"},"format":"qel-runs/1"}`],
    ["a document whose strings hold brackets, commas and escapes", "runs.json", `{"format":"qel-runs/1","runs":[${run("a", ',"config":{"s":"],{\\"x\\\\\\"","t":"\\u005d"}')}]}`],
    ["a bare array", "runs.json", ` [ ${run("a")} , ${run("b")} ]`],
    ["an empty array", "runs.json", "[ ]"],
    ["an array of numbers", "runs.json", "[ 1 ,2]"],
    ["a document with a scalar after its runs key", "runs.json", `{"format":"qel-runs/1","runs":7,"x":[${run("a")}]}`],
    ["JSON Lines", "runs.jsonl", `${run("a")}\n\n${run("b")}\r\n${run("c")}`],
    ["JSON Lines in a .json file", "runs.json", `${run("a")}\n${run("b")}\n`],
    ["JSON Lines with a bad line", "runs.jsonl", `${run("a")}\n{oops\n${run("b")}\n`],
    ["JSON Lines split by lone carriage returns", "runs.jsonl", `${run("a")}\r${run("b")}\r\r{x\n${run("c")}`],
    ["a document with a bad run", "runs.json", `{"format":"qel-runs/1","runs":[\n${run("a")},\n{"name": oops}]}`],
    ["a document with a trailing comma", "runs.json", `[${run("a")},]`],
    ["another format", "runs.json", `{"format":"qel-runs/9","runs":[${run("a")}]}`],
    ["runs that are not a list", "runs.json", `{"format":"qel-runs/1","runs":{"a":1}}`],
    ["a number", "runs.json", "42"],
    ["nothing", "runs.json", "  "],
    ["a run that is invalid", "runs.json", `[${run("a")},{"name":"b"},${run("a")}]`],
  ] as const)("gives what loading the text gives: %s", ([, fileName, text]) => {
    const whole = outcome(loadRunsDocument(text, { fileName }));
    for (const size of [1, 2, 3, 5, 8, 13, 1000]) {
      const at = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => i * size);
      expect(outcome(streamed(text, fileName, at))).toEqual(whole);
    }
  });

  it("skips a byte order mark, as decoding the file does", () => {
    const b = bytes(`\ufeff[${run("a")}]`);
    expect(loadRunsChunks([b.subarray(0, 2), b.subarray(2)], { fileName: "runs.json" }).issues).toEqual([]);
    expect(loadRunsChunks([b], { fileName: "runs.json" }).runs.map((r) => r.name)).toEqual(["a"]);
  });

  it("names the line and column of a syntax error inside a run", () => {
    const text = `{"format":"qel-runs/1","runs":[\n{"name":"a","createdAt":"2026-01-02T03:04:05Z"},\n{"name": oops}]}`;
    expect(streamed(text, "runs.json", [7, 40]).issues.map((i) => i.message)).toEqual([
      'runs.json:3: invalid JSON at column 10: expected a JSON value, found character "o"; nothing loaded',
    ]);
    expect(streamed(`[1,\n{"name":"a"`, "runs.json").issues.map((i) => i.message)).toEqual([
      "runs.json:2: invalid JSON: unexpected end of input: the file is truncated; nothing loaded",
    ]);
  });

  it("gives the runs, project and issues of the text however the bytes are cut", () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        fc.constant(null), fc.boolean(), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity), fc.string({ unit: "binary" }),
        fc.constantFrom("]", "}", ",", '"', "\\", "\n", "runs", '"runs":['),
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constant("runs")), tie("v"), { maxKeys: 3 }),
      ),
    })).v;
    const runArb = fc.record({
      name: fc.oneof(fc.string({ minLength: 1 }), fc.constant("")),
      createdAt: fc.constantFrom("2026-01-02T03:04:05Z", "yesterday"),
      config: fc.dictionary(fc.string(), value, { maxKeys: 3 }),
      history: fc.array(fc.dictionary(fc.constantFrom("_step", "loss", "acc", "media"), value, { maxKeys: 3 }), { maxLength: 4 }),
    }, { requiredKeys: ["name", "createdAt"] });
    fc.assert(
      fc.property(fc.array(runArb, { maxLength: 4 }), fc.constantFrom("document", "array", "jsonl"), fc.array(fc.nat(), { maxLength: 6 }), (runs, shape, at) => {
        const lines = runs.map((r) => serializeRunsDocument(loadRunsDocument([r], { fileName: "x" }).runs, null, { format: "jsonl" }).trim() || JSON.stringify(r));
        const text = shape === "jsonl" ? lines.join("\n") : shape === "array" ? `[${lines.join(",\n")}]` : `{"format":"qel-runs/1","project":{"name":"p"},"runs":[${lines.join(",")}]}`;
        const fileName = shape === "jsonl" ? "runs.jsonl" : "runs.json";
        expect(outcome(streamed(text, fileName, at))).toEqual(outcome(loadRunsDocument(text, { fileName })));
      }),
      { numRuns: 150 },
    );
  });
});

describe("a JSON Lines loader's counts and kept bytes", () => {
  const text = [
    `{"name":"a","createdAt":"2026-01-02T03:04:05Z","config":{"lr":0.1,"w":{"value":2,"desc":"d"}},"summary":{"x":NaN}}`,
    "",
    `{"name":"b","createdAt":"2026-01-02T03:04:05Z"}\r{"name":"c","createdAt":"soon"}`,
    "{oops",
    `{"name":"d","createdAt":"2026-01-02T03:04:05Z","config":{"k":1,"k":2}}`,
    "",
  ].join("\n");

  it("counts lines as issues number them (a lone CR breaks one) and entries as runPath numbers them", () => {
    const loader = new RunsStreamLoader({ fileName: "f.jsonl" });
    loader.push(bytes(text));
    loader.end();
    // six lines and a lone CR; blank lines are not entries, a line split at a lone CR is two
    expect(loader.linesRead).toEqual({ lines: 6, entries: 5 });
  });

  it("gives the same runs and issues whether or not config and summary are kept as bytes", () => {
    const load = (keep: boolean) => {
      const loader = new RunsStreamLoader({ fileName: "f.jsonl" }, { bytes: keep });
      for (const c of cut(bytes(text), [7, 50, 120])) loader.push(c);
      return outcome(loader.end());
    };
    expect(load(false)).toEqual(load(true));
    expect(load(false).issues.length).toBeGreaterThan(1);
  });
});

describe("JSON Lines text read from a whole chunk or line by line", () => {
  it("gives the same runs and issues for ASCII lines, other characters and bytes that are not UTF-8 (property)", () => {
    const enc = new TextEncoder();
    const line = fc.oneof(
      fc.constantFrom("a", "run-1", "é", "\u{1F600}", "x\\u00e9"),
      fc.string({ maxLength: 5 }),
    ).map((name) => enc.encode(`{"name":${JSON.stringify(name)},"createdAt":"2026-01-02T03:04:05Z","config":{"k":1}}`));
    // a byte that is not UTF-8 inside a name, or a line that is not JSON
    const odd = fc.constantFrom(Uint8Array.of(123, 34, 110, 97, 109, 101, 34, 58, 34, 0xff, 34, 44, 34, 99, 114, 101, 97, 116, 101, 100, 65, 116, 34, 58, 34, 50, 48, 50, 54, 45, 48, 49, 45, 48, 50, 84, 48, 51, 58, 48, 52, 58, 48, 53, 90, 34, 125), enc.encode("{oops"));
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: line }, { weight: 1, arbitrary: odd }), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 4 }), (lines, at) => {
        const parts: Uint8Array[] = [];
        for (const l of lines) parts.push(l, Uint8Array.of(10));
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let k = 0;
        for (const p of parts) all.set(p, (k += p.length) - p.length);
        const load = (chunks: readonly Uint8Array[]) => {
          const loader = new RunsStreamLoader({ fileName: "f.jsonl" });
          for (const c of chunks) loader.push(c);
          const r = loader.end();
          return { runs: r.runs.map((x) => x.name), issues: r.issues.map((i) => i.message) };
        };
        // one byte at a time, every line is carried across chunks and decoded on its own
        const byByte = load(Array.from(all, (b) => Uint8Array.of(b)));
        expect(load(cut(all, at))).toEqual(byByte);
        expect(load([all])).toEqual(byByte);
      }),
      { numRuns: 200 },
    );
  });
});
