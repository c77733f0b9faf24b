import { describe, expect, it } from "vitest";
import { tokens } from "./tokens.js";

function classes(src: string): string[] {
  return tokens(src).map((t) => `${src.slice(t.from, t.to)}:${t.kind}`);
}

describe("tokens", () => {
  it("classifies every token of an expression by the lexer alone", () => {
    expect(classes('runs.filter(r => r.config["lr"] > 1e-3 and not r.done).map(runName)')).toEqual([
      "runs:name", ".:punctuation", "filter:function", "(:punctuation", "r:parameter", "=>:operator", "r:name",
      ".:punctuation", "config:member", "[:punctuation", '"lr":string', "]:punctuation", ">:operator",
      "1e-3:number", "and:keyword", "not:keyword", "r:name", ".:punctuation", "done:member", "):punctuation",
      ".:punctuation", "map:function", "(:punctuation", "runName:name", "):punctuation",
    ]);
  });

  it("marks parenthesized lambda parameters, durations, and unknown characters", () => {
    expect(classes("((a, b) => a + b)(1, 5m) # 3x")).toEqual([
      "(:punctuation", "(:punctuation", "a:parameter", ",:punctuation", "b:parameter", "):punctuation", "=>:operator",
      "a:name", "+:operator", "b:name", "):punctuation", "(:punctuation", "1:number", ",:punctuation", "5m:duration",
      "):punctuation", "#:invalid", "3x:invalid",
    ]);
  });

  it("covers unfinished input and never throws", () => {
    expect(classes('x.summary["val')).toEqual(["x:name", ".:punctuation", "summary:member", "[:punctuation", '"val:string']);
    expect(tokens(undefined as unknown as string)).toEqual([]);
    expect(tokens("")).toEqual([]);
  });
});
