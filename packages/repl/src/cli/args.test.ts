import { describe, expect, it, test } from "vitest";
import { COMMANDS, helpText, parseArgs, parseNow, stringsFlag, UsageError } from "./args.js";
import { jsonErrorLine, useColor } from "./io.js";

const evalSpec = COMMANDS["eval"]!;

describe("parseArgs", () => {
  it.each<[string[], Record<string, string | true>, string[]]>([
    [["--json", "runs.count"], { json: true }, ["runs.count"]],
    [["--runs", "a.json", "x"], { runs: "a.json" }, ["x"]],
    [["--runs=a.json", "--now=2026-01-01T00:00:00Z", "x"], { runs: "a.json", now: "2026-01-01T00:00:00Z" }, ["x"]],
    [["-1 + 2"], {}, ["-1 + 2"]],
    [["--", "--json"], {}, ["--json"]],
    [["-h"], { help: true }, []],
  ])("parses %j", (argv, flags, positionals) => {
    const r = parseArgs(argv, evalSpec);
    expect(Object.fromEntries(r.flags)).toEqual(flags);
    expect(r.positionals).toEqual(positionals);
  });

  it.each<[string[], string]>([
    [["--bogus"], "unknown flag --bogus for `qel eval`"],
    [["--runs"], "--runs needs a value"],
    [["--json=yes"], "--json takes no value"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv, evalSpec)).toThrow(new UsageError(message, evalSpec.usage));
  });

  it("reads --now as an ISO-8601 instant", () => {
    expect(parseNow("2026-03-11T00:00:00Z", "")).toBe(Date.parse("2026-03-11T00:00:00Z"));
    expect(parseNow(undefined, "")).toBeUndefined();
    expect(() => parseNow("tomorrow", "")).toThrow(UsageError);
    expect(() => parseNow("1700000000", "")).toThrow(UsageError);
    // a time without zone is UTC, whatever the machine's zone; Date.parse's leniency is refused
    expect(parseNow("2026-03-11T00:00:00", "")).toBe(Date.UTC(2026, 2, 11));
    expect(() => parseNow("2026-03-11 00:00", "")).toThrow(UsageError);
    expect(() => parseNow("2026-02-30T00:00:00Z", "")).toThrow(UsageError);
  });

  it("lists every command in the help", () => {
    for (const spec of Object.values(COMMANDS)) expect(helpText()).toContain(spec.usage);
  });
});

describe("io", () => {
  it("colors only a terminal, and never with NO_COLOR", () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
  });

  it("writes a failure as one JSON error line", () => {
    const line = jsonErrorLine({ code: "unknown_name", severity: "error", message: "no `x`", span: { start: 0, end: 1 }, hint: "h" });
    expect(JSON.parse(line)).toEqual({ error: { code: "unknown_name", message: "no `x`", span: { start: 0, end: 1 } } });
  });
});

test("a repeatable flag keeps every value in order", () => {
  const args = parseArgs(["f.json", "--rename", "a=b", "--rename=c=d"], COMMANDS["migrate"]!);
  expect(stringsFlag(args, "rename")).toEqual(["a=b", "c=d"]);
  expect(args.positionals).toEqual(["f.json"]);
});
