/**
 * Rules every path that reads a runs file follows alike (the text whole, and its bytes in chunks): a key written
 * twice at the top level, a lone run in a `.json` file, and number literals beyond the range of a double.
 */
import { describe, expect, it, test } from "vitest";
import { scanJsonText } from "./json-duplicates.js";
import { jsonShape } from "./json-shape.js";
import { loadRunsDocument, serializeRunsDocument, type LoadedRuns } from "./runs-format.js";
import { findOutOfRangeNumbers } from "./runs-json.js";
import { loadRunsChunks, RunsStreamLoader } from "./runs-stream.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const run = (name: string, extra = ""): string => `{"name":"${name}","createdAt":"2024-01-01T00:00:00Z"${extra}}`;

/** Runs (as canonical text), project and issue messages. */
const outcome = (r: LoadedRuns) => ({ names: r.runs.map((x) => x.name), text: serializeRunsDocument(r.runs, r.project), issues: r.issues.map((i) => i.message) });

/** What loading `text` gives whole, after checking that every way of cutting it into chunks gives the same. */
function load(text: string, fileName: string): ReturnType<typeof outcome> {
  const whole = outcome(loadRunsDocument(text, { fileName }));
  const b = bytes(text);
  for (const size of [1, 2, 3, 7, 16, 1 << 20]) {
    const chunks = Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));
    expect(outcome(loadRunsChunks(chunks, { fileName }))).toEqual(whole);
  }
  return whole;
}

describe("a key written twice at the top level of a document", () => {
  test.for([
    ["runs", `{"format":"qel-runs/1","runs":[${run("a")}],"runs":[${run("b")},${run("c")}]}`, ["b", "c"],
      ["f.json:1: runs: key written more than once; the last value kept"]],
    ["runs, on several lines", `{"format":"qel-runs/1",\n"runs":[\n${run("a")},\n${run("x")}\n],\n"runs":[\n${run("b")}\n]}`, ["b"],
      ["f.json:6: runs: key written more than once; the last value kept"]],
    ["runs, the last empty", `{"format":"qel-runs/1","runs":[${run("a")}],"runs":[]}`, [],
      ["f.json:1: runs: key written more than once; the last value kept"]],
    ["runs, the first not a list", `{"format":"qel-runs/1","runs":7,"runs":[${run("b")}]}`, ["b"],
      ["f.json:1: runs: key written more than once; the last value kept"]],
    ["runs, the last not a list", `{"format":"qel-runs/1","runs":[${run("a")}],"runs":7}`, [],
      ["f.json:1: runs: key written more than once; the last value kept", "f.json: runs: expected a list of runs, found 7; nothing loaded"]],
    ["format", `{"format":"qel-runs/9","format":"qel-runs/1","runs":[${run("a")}]}`, ["a"],
      ["f.json:1: format: key written more than once; the last value kept"]],
    ["project", `{"format":"qel-runs/1","project":{"name":"p"},"runs":[${run("a")}],"project":{"name":"q"}}`, ["a"],
      ["f.json:1: project: key written more than once; the last value kept"]],
  ] as const)("%s: reported with its line, the last value kept, read whole or in chunks", ([, text, names, issues]) => {
    const r = load(text, "f.json");
    expect(r.names).toEqual(names);
    expect(r.issues).toEqual(issues);
  });

  it("keeps the last project, as the last runs", () => {
    const r = loadRunsDocument(`{"format":"qel-runs/1","project":{"name":"p"},"runs":[${run("a")}],"project":{"name":"q"}}`, { fileName: "f.json" });
    expect(r.project).toEqual({ name: "q" });
    expect(r.runs[0]?.details.project).toBe("q");
  });

  it("drops the issues of runs in a list written over, but keeps those of its text", () => {
    const text = `{"format":"qel-runs/1","runs":[{"name":"a","createdAt":"soon","config":{"k":1,"k":2}}],"runs":[${run("b")}]}`;
    expect(load(text, "f.json").issues).toEqual([
      "f.json:1: runs: key written more than once; the last value kept",
      "f.json:1: runs[0].config.k: key written more than once; the last value kept",
    ]);
  });

  it("tells a caller draining the runs that some it was given are not the result's", () => {
    const loader = new RunsStreamLoader({ fileName: "f.json" });
    const text = bytes(`{"format":"qel-runs/1","runs":[${run("a")}],"runs":[${run("b")}]}`);
    loader.push(text.subarray(0, 80));
    expect(loader.drain().map((r) => r.name)).toEqual(["a"]);
    loader.push(text.subarray(80));
    const r = loader.end();
    expect(r.runs.map((x) => x.name)).toEqual(["b"]);
    expect(loader.discarded).toBe(true);
    expect(r.issues.map((i) => i.message)).toContain('f.json: runs: written more than once; 1 runs of an earlier "runs" were read and handed over before the last was found');
  });
});

describe("a lone run in a .json file", () => {
  test.for([
    ["one line", `${run("a")}\n`, 1],
    ["no line break", run("a"), 1],
    ["after blank lines", `\n\n${run("a")}\n`, 3],
    ["over several lines", `{\n  "name": "a",\n  "createdAt": "2024-01-01T00:00:00Z"\n}\n`, 1],
  ] as const)("is one run of JSON Lines: %s", ([, text]) => {
    const r = load(text, "runs.json");
    expect(r).toEqual({ ...r, names: ["a"], issues: [] });
    expect(r.text).toBe(outcome(loadRunsDocument(run("a"), { fileName: "runs.jsonl" })).text);
  });

  it("reports its problems as a .jsonl file would, with the line it starts on", () => {
    const text = `\n{"name":"a","createdAt":"2024-01-01T00:00:00Z","state":"paused","config":{"k":1,"k":2}}\n`;
    const asJson = load(text, "f.json").issues;
    expect(asJson).toEqual([
      "f.json:2: runs[0].config.k: key written more than once; the last value kept",
      'f.json:2: runs[0].state: unknown state "paused" (run "a"); kept as written',
    ]);
    expect(load(text, "f.jsonl").issues).toEqual(asJson.map((m) => m.replace("f.json:", "f.jsonl:")));
  });

  it("reads a W&B public-API run alone", () => {
    expect(load(`{"id":"x1","name":"nice","created_at":"2024-01-01T00:00:00Z"}`, "f.json").names).toEqual(["x1"]);
  });

  test.for([
    ["an object that is no run", `{"name":"a"}`, ['f.json: expected a "qel-runs/1" document, a list of runs or JSON Lines, found an object with neither "runs" nor a run\'s "name" and "createdAt"; nothing loaded']],
    ["an empty object", "{}", ['f.json: expected a "qel-runs/1" document, a list of runs or JSON Lines, found an object with neither "runs" nor a run\'s "name" and "createdAt"; nothing loaded']],
    ["a document without runs", `{"format":"qel-runs/1","project":{"name":"p"}}`, ["f.json: runs: missing: expected a list of runs; nothing loaded"]],
    ["a run with a format", `{"format":"qel-runs/1","name":"a","createdAt":"2024-01-01T00:00:00Z"}`,
      ["f.json: name: unknown top-level field; ignored", "f.json: createdAt: unknown top-level field; ignored", "f.json: runs: missing: expected a list of runs; nothing loaded"]],
  ] as const)("does not make a document of %s load", ([, text, issues]) => {
    expect(load(text, "f.json")).toMatchObject({ names: [], issues });
  });

  it("takes a parsed lone run too", () => {
    expect(loadRunsDocument({ name: "a", createdAt: "2024-01-01T00:00:00Z" }, { fileName: "host" }).runs.map((r) => r.name)).toEqual(["a"]);
  });
});

describe("numbers beyond the range of a double", () => {
  const config = `"config":{"x":1e400,"y":-1e400,"z":1e-400,"w":-2.5E-999,"ok":[1e308,5e-324,0,-0,0.0e-999,1e100,Infinity,-Infinity,NaN]}`;
  const expected = (file: string, line: number, base = "runs[0]") => [
    `${file}:${line}: ${base}.config.x: 1e400 is beyond the range of a number; kept as Infinity`,
    `${file}:${line}: ${base}.config.y: -1e400 is beyond the range of a number; kept as -Infinity`,
    `${file}:${line}: ${base}.config.z: 1e-400 is too close to zero for a number; kept as 0`,
    `${file}:${line}: ${base}.config.w: -2.5E-999 is too close to zero for a number; kept as -0`,
  ];

  test.for([
    ["JSON Lines", "f.jsonl", `${run("a")}\n${run("b", `,${config}`)}\n`, expected("f.jsonl", 2, "runs[1]")],
    ["a lone run", "f.json", run("a", `,${config}`), expected("f.json", 1)],
    ["a bare list", "f.json", `[\n${run("a", `,${config}`)}\n]`, expected("f.json", 2)],
    ["a document", "f.json", `{"format":"qel-runs/1",\n"runs":[${run("o")},\n\n${run("a", `,${config}`)}]}`, expected("f.json", 4, "runs[1]")],
  ] as const)("are reported with field and literal, read whole or in chunks: %s", ([, fileName, text, issues]) => {
    const r = load(text, fileName);
    expect(r.issues).toEqual(issues);
    const got = loadRunsDocument(text, { fileName }).runs.at(-1)?.config;
    expect([got?.get("x"), got?.get("y"), got?.get("z"), got?.get("w")]).toEqual([Infinity, -Infinity, 0, -0]);
  });

  it("reports a literal too long to read, outside runs too", () => {
    const big = `1${"0".repeat(400)}`;
    const tiny = `0.${"0".repeat(400)}1`;
    const text = `{"format":"qel-runs/1","project":{"name":"p"},"extra":${big},"runs":[${run("a", `,"summary":{"t":${tiny},"n":12345678901234567890}`)}]}`;
    expect(load(text, "f.json").issues).toEqual([
      `f.json:1: extra: 1${"0".repeat(23)}…00000000 (401 characters) is beyond the range of a number; kept as Infinity`,
      `f.json:1: runs[0].summary.t: 0.${"0".repeat(22)}…00000001 (403 characters) is too close to zero for a number; kept as 0`,
      "f.json: extra: unknown top-level field; ignored",
    ]);
  });

  it("leaves W&B's non-finite tokens and numbers in range unreported", () => {
    const text = `${run("a", ',"summary":{"a":Infinity,"b":-Infinity,"c":NaN,"d":1e-300,"e":1.7976931348623157e308,"f":0e-400,"g":true,"h":"1e400"}')}\n`;
    expect(load(text, "f.jsonl").issues).toEqual([]);
    expect(load(text, "f.json").issues).toEqual([]);
  });

  it("are found by the parser only where a cheap scan says one may be", () => {
    const flags = (t: string) => [scanJsonText(t).numbers, jsonShape(bytes(t)).numbers, findOutOfRangeNumbers(t).map((n) => n.path)];
    expect(flags('{"a":[1.5e-7,0,true,false,"1e400",-3E+21]}')).toEqual([false, false, []]);
    expect(flags('{"a":[1e100]}')).toEqual([true, true, []]);
    expect(flags('{"a":[1,{"b":1e400}]}')).toEqual([true, true, ["a[1].b"]]);
    expect(flags(`{"a":${"9".repeat(309)}}`)).toEqual([true, true, ["a"]]);
  });

  it("finds an exponent cut by a chunk boundary as one scan does", () => {
    const text = bytes(`[${run("a", ',"config":{"x":1e400}')}]`);
    const at = new TextDecoder().decode(text).indexOf("e400");
    for (const cut of [at, at + 1, at + 2, at + 3]) {
      const r = loadRunsChunks([text.subarray(0, cut), text.subarray(cut)], { fileName: "f.json" });
      expect(r.issues.map((i) => i.path)).toEqual(["runs[0].config.x"]);
    }
  });
});
