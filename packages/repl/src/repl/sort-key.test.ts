import { parse } from "@qel/lang";
import { describe, expect, it } from "vitest";
import { sortKeyOf } from "./sort-key.js";

function keyOf(src: string): readonly string[] | undefined {
  const r = parse(src);
  if (!r.ok) throw new Error(src);
  return sortKeyOf(r.value);
}

describe("what a result was sorted by", () => {
  it.each<[string, readonly string[] | undefined]>([
    ['runs.sort(r => r.summary.acc, "desc")', ["summary", "acc"]],
    ['runs.sort(r => r.summary["val/acc"]).limit(10)', ["summary", "val/acc"]],
    ["runs.sort(r => r.config.model.name).filter(r => r.state == \"finished\").offset(2)", ["config", "model", "name"]],
    ["limit(sort(runs, r => r.runtime), 3)", ["runtime"]],
    ['runs[0].history.sort(row => row.loss).limit(5)', ["loss"]],
    ['runs[0].history.sort("loss")', ["loss"]],
    ["runs.sort(r => r.summary.acc).map(r => r.name)", undefined],
    ["runs.sort(r => -r.summary.acc)", undefined],
    ["runs.sort((a, b) => a.runtime - b.runtime)", undefined],
    ["runs.limit(3)", undefined],
    ["runs", undefined],
  ])("%s: %j", (src, key) => {
    expect(keyOf(src)).toEqual(key);
  });
});
