/**
 * Diagnostics as people see them here: a parse limit's hint says what the command line and the REPL offer (the
 * limit is fixed in both), and a message quoting the data shows its control characters escaped.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { check, renderDiagnostic, type Diagnostic } from "@qel/lang";
import { main } from "../main.js";
import { FIXED_PARSE_LIMIT_HINT, forPeople, visibleDiagnostic, withFixedLimitHint } from "./diagnostic-text.js";
import type { Io } from "./io.js";

const TOO_LONG = `${"1+".repeat(40_000)}1`;
const TOO_DEEP = `${"(".repeat(300)}1${")".repeat(300)}`;

function firstDiagnostic(source: string): Diagnostic {
  const r = check(source, {});
  if (r.ok) throw new Error(`${source.slice(0, 20)}… checked`);
  return r.diagnostics[0]!;
}

/** Runs `qel ARGS` in this process; resolves to its exit code, stdout and stderr. */
async function qel(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const io: Io = { stdin: new PassThrough(), stdout, stderr, env: {} };
  const code = await main(args, io);
  return { code, stdout: String(stdout.read() ?? ""), stderr: String(stderr.read() ?? "") };
}

describe("the hint of a parse limit", () => {
  it.each([["source_too_long", TOO_LONG], ["nesting_too_deep", TOO_DEEP]])("%s names no option the command line lacks", (code, source) => {
    const d = firstDiagnostic(source);
    expect(d.code).toBe(code);
    const shown = withFixedLimitHint(d);
    expect(shown.hint).toBe(FIXED_PARSE_LIMIT_HINT);
    expect({ ...shown, hint: d.hint }).toEqual(d);
  });

  it("leaves every other diagnostic as it is", () => {
    const d = firstDiagnostic("1 +");
    expect(withFixedLimitHint(d)).toBe(d);
  });

  it("is what qel eval and qel check --json print", async () => {
    const evaluated = await qel(["eval", TOO_LONG]);
    expect(evaluated.code).toBe(1);
    expect(evaluated.stderr).toContain(`hint: ${FIXED_PARSE_LIMIT_HINT}`);
    expect(evaluated.stderr).not.toContain("maxSourceLength");
    const checked = await qel(["check", "--json", TOO_DEEP]);
    expect(JSON.parse(checked.stdout).error).toMatchObject({ code: "nesting_too_deep", hint: FIXED_PARSE_LIMIT_HINT });
  });
});

describe("a message quoting the data", () => {
  it("shows control characters escaped in message, hint and notes, keeping code and span", () => {
    const d: Diagnostic = {
      code: "unknown_key", severity: "warning", message: "key \"a\u001b[2J\u009b\" is unknown", span: { start: 1, end: 4 },
      hint: "did you mean \"b\u0007\"?", notes: [{ message: "from \u007f" }],
    };
    expect(visibleDiagnostic(d)).toEqual({
      ...d, message: "key \"a\\u001b[2J\\u009b\" is unknown", hint: "did you mean \"b\\u0007\"?", notes: [{ message: "from \\u007f" }],
    });
    // eslint-disable-next-line no-control-regex
    expect(renderDiagnostic("x[\"a\"]", forPeople(d), { color: false })).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
