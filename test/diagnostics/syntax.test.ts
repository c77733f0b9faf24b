import { describe, expect, test } from "vitest";
import { renderDiagnostic } from "../../packages/lang/src/syntax/diagnostics.js";
import { parse } from "../../packages/lang/src/syntax/parse.js";

/** Every diagnostic of `source`, rendered for people. */
function rendered(source: string): string {
  const result = parse(source);
  return result.diagnostics.map((d) => renderDiagnostic(source, d)).join("\n");
}

// The text people read; wording changes show up here in review. Codes and spans are pinned as data in
// packages/lang/src/syntax/parse.test.ts.
describe("syntax diagnostics as rendered", () => {
  test.for([
    [
      'runs.filter(r => r.jobType == "train"',
      [
        "1:38: error[unclosed_paren]: expected `)` to close the call opened at 1:12",
        '1 | runs.filter(r => r.jobType == "train"',
        "                                         ^",
        "note (1:12): the call opened here",
        '1 | runs.filter(r => r.jobType == "train"',
        "               ^",
      ],
    ],
    [
      'runs.filter(r => r.state = "finished")',
      [
        "1:26: error[unexpected_character]: unexpected character `=`",
        '1 | runs.filter(r => r.state = "finished")',
        "                             ^",
        "hint: compare with `==`; qel has no assignment",
      ],
    ],
    [
      "runs.filter(r => r.runtime > 5min)",
      [
        "1:30: error[invalid_number]: invalid number `5min`: `min` is not a duration unit",
        "1 | runs.filter(r => r.runtime > 5min)",
        "                                 ^~~~",
        "hint: write `5m`; the units are ms, s, m, h, d, w",
      ],
    ],
    [
      'runs.map(r => r.config["lr\\x"])',
      [
        "1:27: error[invalid_escape]: invalid escape `\\x` in a string",
        '1 | runs.map(r => r.config["lr\\x"])',
        "                              ^~",
        "hint: the escapes are \\n \\t \\r \\b \\f \\/ \\\\ \\\" \\' and \\uXXXX (four hex digits)",
      ],
    ],
    [
      'runs.map(r => r.name + "x)',
      [
        '1:24: error[unterminated_string]: unterminated string: expected a closing `"` before the end of the line',
        '1 | runs.map(r => r.name + "x)',
        "                           ^~~",
      ],
    ],
    [
      "runs\n  .filter(r => r.x >)\n  .count",
      ["2:21: error[unexpected_token]: expected an expression after `>`, found `)`", "2 |   .filter(r => r.x >)", "                        ^"],
    ],
    [
      "a ? b",
      [
        "1:6: error[unexpected_end]: expected `:` and the alternative of the `?` at 1:3, found the end of input",
        "1 | a ? b",
        "         ^",
        "note (1:3): the conditional starts here",
        "1 | a ? b",
        "      ^",
      ],
    ],
    [
      "[1, 2, 3)",
      [
        "1:9: error[unclosed_bracket]: expected `]` to close the list opened at 1:1, found `)`",
        "1 | [1, 2, 3)",
        "            ^",
        "note (1:1): the list opened here",
        "1 | [1, 2, 3)",
        "    ^",
      ],
    ],
    [
      "runs.count 2",
      [
        "1:12: error[unexpected_token]: unexpected `2` after a complete expression",
        "1 | runs.count 2",
        "               ^",
        "hint: join expressions with an operator, or separate arguments with `,` inside a call or list",
      ],
    ],
  ] as const)("%j", ([source, lines]) => {
    expect(rendered(source)).toBe(lines.join("\n"));
  });
});

test("limits name themselves", () => {
  expect(rendered(`${"[".repeat(300)}1${"]".repeat(300)}`).split("\n")[0]).toBe(
    "1:257: error[nesting_too_deep]: the expression nests deeper than the limit of 256 levels",
  );
  expect(rendered("x".repeat(70_000)).split("\n")[0]).toBe(
    "1:65537: error[source_too_long]: the expression is 70000 characters long, over the limit of 65536",
  );
});
