/** Command-line edge cases: per-command help, a flag where a value belongs, `--`, a byte-order mark, --at bounds. */
import { beforeAll, describe, expect, test } from "vitest";
import { buildBundle, qel, writeRunsFile } from "./qel.js";

let runsFile = "";
beforeAll(() => {
  buildBundle();
  runsFile = writeRunsFile();
}, 120_000);

describe("qel usage", () => {
  test("`qel eval --help` prints the command's help", () => {
    const r = qel(["eval", "--help"]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/^usage: qel eval \[--runs PATH\] .*EXPR…$/);
    expect(r.stdout).toMatch(/--runs PATH/);
    expect(r.stdout).toMatch(/^ {2}-- {12}ends the flags/m);
  });

  test("`--runs --json 1` says the path is missing", () => {
    const r = qel(["eval", "--runs", "--json", "1"]);
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([2, "qel: --runs needs a value, not the flag --json"]);
  });

  test("an expression may start with - after --, as the help says", () => {
    expect(qel(["eval", "--runs", runsFile, "--", "-1"]).lines).toEqual(["-1"]);
    expect(qel(["--help"]).stdout).toMatch(/qel eval -- -1/);
  });

  test("a UTF-8 byte-order mark on stdin is skipped", () => {
    expect(qel(["eval", "--runs", runsFile], { stdin: "\uFEFF1 + 1\n" }).lines).toEqual(["2"]);
  });

  test("complete --at past the end of the expression is a usage error", () => {
    const r = qel(["complete", "--runs", runsFile, "--at", "5", "runs"]);
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([2, "qel: --at 5 is past the end of the expression (4 characters)"]);
    expect(qel(["complete", "--runs", runsFile, "--at", "4", "runs"]).code).toBe(0);
  });
});
