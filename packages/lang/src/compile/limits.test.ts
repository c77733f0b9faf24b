import { afterEach, describe, expect, test, vi } from "vitest";
import { ArtifactVersion, DateValue, Run, T, User } from "@qel/ops";
import { compile } from "./compile.js";
import { QelError } from "../syntax/diagnostics.js";
import { evaluate } from "./evaluate.js";
import { defaultLimits, type RunOptions } from "./limits.js";

function failure(src: string, options: RunOptions, bindings: Record<string, unknown> = {}): QelError {
  try {
    evaluate(src, bindings, options);
  } catch (e) {
    if (e instanceof QelError) return e;
    throw e;
  }
  throw new Error(`expected ${src} to fail`);
}

function makeRuns(n: number): Run[] {
  const t = new DateValue(0);
  return Array.from({ length: n }, (_, i) =>
    new Run(`r${i}`, null, "train", null, t, t, new User("u", null, null), new Map(), new Map(), [], [], [], [], null, null));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("defaults", () => {
  test("are frozen", () => {
    expect(Object.isFrozen(defaultLimits)).toBe(true);
  });
  test.for([
    [{ maxStep: 1 }],
    [{ maxSteps: -1 }],
    [{ maxSteps: 1.5 }],
    [{ maxDepth: Number.NaN }],
    [{ timeoutMs: "10" }],
    [{ now: "not a date" }],
    [{ now: "0" }],
    [{ now: "11/03/2026" }],
    [{ now: "2026-03-11 00:00:00" }],
    [{ signal: {} }],
  ] as const)("rejects %j with invalid_option", ([options]) => {
    expect(failure("1", options as RunOptions).diagnostic.code).toBe("invalid_option");
  });
});

describe("now", () => {
  test("ISO text without a zone is UTC whatever the host's time zone, as date() reads it", () => {
    const at = (now: string): number => (evaluate("now()", {}, { now }) as DateValue).ms;
    expect(at("2026-03-11T00:00:00")).toBe(Date.UTC(2026, 2, 11));
    expect(at("2026-03-11")).toBe(Date.UTC(2026, 2, 11));
    expect(at("2026-03-11T02:00:00+02:00")).toBe(Date.UTC(2026, 2, 11));
    expect(at("2026-03-11T00:00:00")).toBe((evaluate('date("2026-03-11T00:00:00")', {}) as DateValue).ms);
  });
});

describe("maxSteps", () => {
  // [1,2,3].map(x => x + 1): one step per element of the literal (3), the map call (1), per element one lambda
  // call and one `+` (6), and one per element of the list map returns (3): 13 steps
  const src = "[1, 2, 3].map(x => x + 1)";
  test("at N passes", () => {
    expect(evaluate(src, {}, { maxSteps: 13 })).toEqual([2, 3, 4]);
  });
  test("at N - 1 fails, naming the limit", () => {
    const e = failure(src, { maxSteps: 12 });
    expect(e.diagnostic.code).toBe("step_limit_exceeded");
    expect(e.message).toMatch(/maxSteps/);
  });
  test("an index, an op call and a key lookup are one step each", () => {
    const runs = makeRuns(1);
    expect(evaluate("runs[0].config.x", { runs }, { maxSteps: 3 })).toBe(null);
    expect(failure("runs[0].config.x", { maxSteps: 2 }, { runs }).diagnostic.code).toBe("step_limit_exceeded");
  });
  test("a cubic query over 1 000 runs stops at the default limit", () => {
    const runs = makeRuns(1000);
    const e = failure("runs.map(a => runs.map(b => runs.map(c => 1)))", {}, { runs });
    expect(e.diagnostic.code).toBe("step_limit_exceeded");
    expect(e.diagnostic.span.start).toBeGreaterThan(0);
  });
});

describe("maxDepth", () => {
  const src = "[1].map(a => [1].map(b => [1].map(c => 1)))";
  test("at N passes", () => {
    expect(evaluate(src, {}, { maxDepth: 3 })).toEqual([[[1]]]);
  });
  test("at N - 1 fails at the innermost lambda", () => {
    const e = failure(src, { maxDepth: 2 });
    expect(e.diagnostic.code).toBe("depth_limit_exceeded");
    expect(src.slice(e.diagnostic.span.start, e.diagnostic.span.end)).toBe("c => 1");
  });
  test("self-application stops at the limit, not the JavaScript stack", () => {
    expect(failure("(f => f(f))(f => f(f))", {}).diagnostic.code).toBe("depth_limit_exceeded");
  });
  test("without a depth limit the JavaScript stack overflow is still a depth diagnostic", () => {
    const e = failure("(f => f(f))(f => f(f))", { maxDepth: Infinity, maxSteps: Infinity });
    expect(e.diagnostic.code).toBe("depth_limit_exceeded");
  });
});

describe("timeoutMs", () => {
  const src = "range(0, 5000).map(x => x + 1).count";
  // `now` fixed, so Date.now is read only for the deadline: the count below is of deadline checks
  function ticks(): number {
    let t = 0;
    vi.spyOn(Date, "now").mockImplementation(() => t++);
    evaluate(src, {}, { timeoutMs: 1e9, now: 0 });
    vi.restoreAllMocks();
    return t;
  }
  test("at N passes and N - 1 fails", () => {
    const calls = ticks();
    expect(calls).toBeGreaterThan(2);
    let t = 0;
    vi.spyOn(Date, "now").mockImplementation(() => t++);
    expect(evaluate(src, {}, { timeoutMs: calls - 1, now: 0 })).toBe(5000);
    t = 0;
    const e = failure(src, { timeoutMs: calls - 2, now: 0 });
    expect(e.diagnostic.code).toBe("time_limit_exceeded");
    expect(e.message).toMatch(/timeoutMs/);
  });
});

describe("the clock is read only when needed", () => {
  test("a short evaluation, such as a predicate called per run, never reads it", () => {
    const reads = vi.spyOn(Date, "now");
    const pred = compile("r.count > 2 && r[0] == 1", { variables: { r: T.List(T.Number) } });
    for (let i = 0; i < 100; i++) expect(pred.run({ r: [1, 2, 3, i] })).toBe(true);
    expect(reads).not.toHaveBeenCalled();
  });

  test("a longer one reads it once past its 64th step, where the time limit starts counting", () => {
    const reads = vi.spyOn(Date, "now");
    // one step for each call and one per element of the list range returns: 52 steps, then 72
    expect(evaluate("range(0, 50).count", {})).toBe(50);
    expect(reads).not.toHaveBeenCalled();
    expect(evaluate("range(0, 70).count", {})).toBe(70);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  test("now() reads the clock once, at its first use, and keeps that instant for the whole evaluation", () => {
    let t = 5_000;
    const reads = vi.spyOn(Date, "now").mockImplementation(() => (t += 1_000));
    const r = evaluate("[now(), range(0, 3).map(x => now()), now()]", {}) as unknown[];
    const all = [r[0], ...(r[1] as unknown[]), r[2]].map((d) => (d as DateValue).ms);
    expect(new Set(all)).toEqual(new Set([6_000]));
    expect(reads).toHaveBeenCalledTimes(1);
  });
});

describe("timeoutMs holds whatever each step costs", () => {
  // Twelve steps, each on a 200 000-character text: a few steps, each as slow as a thousand cheap ones.
  const heavy = 'range(0, 2).reduce((acc, i) => acc.upper.lower.upper.lower.upper.lower, range(0, 2000).map(x => "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").join("")).len';

  test("the clock is read before and after every step on a long text, not every 1024 steps", () => {
    let reads = 0;
    vi.spyOn(Date, "now").mockImplementation(() => (reads++, 0));
    expect(evaluate(heavy, {}, { timeoutMs: 1000 })).toBe(200_000);
    expect(reads).toBeGreaterThanOrEqual(2 * 12);
  });

  // The clock is read before and after each such step, so `half` ms pass per read. The first step's speed is
  // unknown, so limits are shown from twice a step up.
  test.for([[100, 25], [1000, 100], [10_000, 500], [10_000, 1000]] as const)("timeoutMs %i with each such step taking 2 × %i ms stops within 10 percent + 50 ms", ([timeoutMs, half]) => {
    let t = 0;
    vi.spyOn(Date, "now").mockImplementation(() => (t += half));
    const e = failure(heavy.replace("range(0, 2)", "range(0, 1000)"), { timeoutMs });
    expect(e.diagnostic.code).toBe("time_limit_exceeded");
    expect(t - half).toBeLessThanOrEqual(timeoutMs * 1.1 + 50);
  });
});

describe("maxOutputLength and maxStringLength", () => {
  test("a list of N elements passes", () => {
    expect(evaluate("range(0, 100).count", {}, { maxOutputLength: 100 })).toBe(100);
  });
  test("a list of N + 1 fails", () => {
    const e = failure("range(0, 101).count", { maxOutputLength: 100 });
    expect(e.diagnostic.code).toBe("output_limit_exceeded");
    expect(e.diagnostic.span).toEqual({ start: 0, end: 13 });
  });
  test("mapped results count too", () => {
    expect(failure("range(0, 10) * 2", { maxOutputLength: 9, maxSteps: 1000 }).diagnostic.code).toBe("output_limit_exceeded");
  });
  test("a string of N characters passes and N + 1 fails", () => {
    expect(evaluate('"ab" + "cd"', {}, { maxStringLength: 4 })).toBe("abcd");
    expect(failure('"ab" + "cde"', { maxStringLength: 4 }).diagnostic.code).toBe("output_limit_exceeded");
  });
  test("doubling a string in reduce stops early", () => {
    const e = failure('range(0, 64).reduce((acc, x) => acc + acc, "ab")', {});
    expect(e.diagnostic.code).toBe("output_limit_exceeded");
    expect(e.message).toMatch(/maxStringLength/);
  });
});

describe("fused paths keep the general path's accounting", () => {
  const t = new DateValue(0);
  const artifact = (v: number): ArtifactVersion => new ArtifactVersion("m", v, [`v${v}`], null, null, null, null);
  const runs = [
    new Run("a", null, "train", null, t, t, new User("u", null, null), new Map([["lr", 0.1]]), new Map([["acc", 0.5]]), [],
      [artifact(0), artifact(1), artifact(2)], [], [], null, null),
    new Run("b", null, null, null, t, t, null, new Map<string, null | number | string>([["lr", null]]), new Map(), [], [], [], [], null, null),
  ];
  // map (1); per run the lambda, `summary` and `.acc` (3 each, 6); the list map returns (2): 9
  test.for([
    ["runs.map(r => r.summary.acc)", 9],
    ["runs.map(r => r.user.username)", 9],
    // as above, plus the 3 artifacts of run a returned by loggedArtifactVersions
    ["runs.map(r => r.loggedArtifactVersions.count)", 12],
  ] as const)("%s takes exactly %i steps", ([src, n]) => {
    expect(() => evaluate(src, { runs }, { maxSteps: n })).not.toThrow();
    expect(failure(src, { maxSteps: n - 1 }, { runs }).diagnostic.code).toBe("step_limit_exceeded");
  });
  test("a comparison of an `any` value checks its kind at run time and keeps the null rule", () => {
    expect(evaluate("runs.map(r => r.config.lr > 0.01)", { runs })).toEqual([true, null]);
    const other = [runs[0]!, new Run("c", null, null, null, t, t, null, new Map([["lr", "x"]]), new Map(), [], [], [], [], null, null)];
    // run data of another kind gives null (docs/language.md "Types from data")
    expect(evaluate("runs.map(r => r.config.lr > 0.01)", { runs: other })).toEqual([true, null]);
  });
  test("lists of numbers nested in a list count in full", () => {
    expect(evaluate("[range(0, 3), range(0, 3)].count", {}, { maxOutputLength: 6 })).toBe(2);
    expect(failure("[range(0, 3), range(0, 3)]", { maxOutputLength: 5 }).diagnostic.code).toBe("output_limit_exceeded");
    expect(failure("[range(0, 3).map(x => x), range(0, 3).map(x => x)]", { maxOutputLength: 5 }).diagnostic.code).toBe("output_limit_exceeded");
  });
  test("lists and dicts an op builds inside its result count in full", () => {
    // two {key, value} dicts each holding the key and a list of 3: 2 × (1 + 3) values
    expect(evaluate("{a: [1, 2, 3], b: [1, 2, 3]}.entries().count", {}, { maxOutputLength: 8 })).toBe(2);
    expect(failure("{a: [1, 2, 3], b: [1, 2, 3]}.entries()", { maxOutputLength: 7 }).diagnostic.code).toBe("output_limit_exceeded");
    // the groups of groupBy hold the four lists of 2
    const groups = "[[1, 2], [1, 2], [1, 2], [1, 2]].groupBy(x => x.count)";
    expect(evaluate(`${groups}.count`, {}, { maxOutputLength: 8 })).toBe(1);
    expect(failure(groups, { maxOutputLength: 7 }).diagnostic.code).toBe("output_limit_exceeded");
  });
  test("a string held counts as one value per 100 characters, so sharing a long one cannot build a huge value", () => {
    const s150 = `"${"a".repeat(150)}"`;
    expect(evaluate(`[${s150}].map(s => [s, s]).first.count`, {}, { maxOutputLength: 4 })).toBe(2);
    expect(failure(`[${s150}].map(s => [s, s])`, { maxOutputLength: 3 }).diagnostic.code).toBe("output_limit_exceeded");
    // a list of strings by its type is walked too, unlike a list of numbers
    expect(failure(`[${s150}].map(s => range(0, 2).map(i => s)).first`, { maxOutputLength: 3 }).diagnostic.code).toBe("output_limit_exceeded");
    expect(evaluate('range(0, 3).map(i => "a").count', {}, { maxOutputLength: 3 })).toBe(3);
  });
  test("printing and joining stop at the string limit, before building the text", () => {
    expect(evaluate('[1, [2, "a"]].toString()', {}, { maxStringLength: 13 })).toBe('[1, [2, "a"]]');
    expect(failure('[1, [2, "a"]].toString()', { maxStringLength: 12 }).diagnostic.code).toBe("output_limit_exceeded");
    expect(evaluate('["ab", null, [1]].join("-")', {}, { maxStringLength: 6 })).toBe("ab-[1]");
    expect(failure('["ab", null, [1]].join("-")', { maxStringLength: 5 }).diagnostic.code).toBe("output_limit_exceeded");
    expect(evaluate('"n=" + 12', {}, { maxStringLength: 4 })).toBe("n=12");
  });
  test("empty lists held count as one value each", () => {
    expect(evaluate("[[], [], []].count", {}, { maxOutputLength: 3 })).toBe(3);
    expect(failure("[[], [], [], []]", { maxOutputLength: 3 }).diagnostic.code).toBe("output_limit_exceeded");
  });
  test("a run's own lists count as one value when nested", () => {
    const src = "runs.map(r => [r.loggedArtifactVersions, r.loggedArtifactVersions]).count";
    expect(evaluate(src, { runs: [runs[0]!] }, { maxOutputLength: 3 })).toBe(1);
    expect(failure(src, { maxOutputLength: 2 }, { runs: [runs[0]!] }).diagnostic.code).toBe("output_limit_exceeded");
  });
});

describe("signal and now", () => {
  test("an aborted signal stops before evaluating", () => {
    expect(failure("1", { signal: { aborted: true } }).diagnostic.code).toBe("aborted");
  });
  test("a signal aborted during evaluation stops at the next check", () => {
    const signal = { aborted: false };
    let n = 0;
    vi.spyOn(Date, "now").mockImplementation(() => {
      if (++n > 3) signal.aborted = true;
      return 0;
    });
    expect(failure("range(0, 100000).map(x => x).count", { signal }).diagnostic.code).toBe("aborted");
  });
  test("now is fixed for one evaluation", () => {
    const c = compile("now().toISOString()");
    expect(c.run({}, { now: "2026-01-02T03:04:05Z" })).toBe("2026-01-02T03:04:05.000Z");
    expect(c.run({}, { now: new Date(0) })).toBe("1970-01-01T00:00:00.000Z");
    expect(c.run({}, { now: 1000 })).toBe("1970-01-01T00:00:01.000Z");
  });
});
