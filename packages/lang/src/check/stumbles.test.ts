import { describe, expect, test } from "vitest";
import { docNow, docRuns, standardRegistry, T, toJsonValue, type RunSchema, type Type } from "@qel/ops";
import { check } from "./analyze.js";
import { evaluate } from "../compile/evaluate.js";
import { diagnose } from "../services/diagnose.js";

const schema: RunSchema = {
  config: new Map<string, Type>([["lr", T.Number]]),
  summary: new Map<string, Type>([["acc", T.Number], ["val/acc", T.Number]]),
  history: new Map<string, Type>([["loss", T.Number]]),
};

/** The one diagnostic of `code` for `src`: its message and hint. */
function diagnostic(src: string, code: string): { message: string; hint: string | undefined } {
  const found = check(src, { schema }).diagnostics.filter((d) => d.code === code);
  expect(found, `${src}: ${code}`).toHaveLength(1);
  return { message: found[0]!.message, hint: found[0]!.hint };
}

describe("hints where people stumble", () => {
  test("a key holding `/` read as a division points at [\"…\"]", () => {
    expect(diagnostic("runs.map(r => r.summary.val/acc)", "unknown_name").hint)
      .toBe('`/` divides here; to read the key "val/acc" write `r.summary["val/acc"]`');
    expect(diagnostic("runs[0].summary.val/acc", "unknown_name").hint)
      .toBe('`/` divides here; to read the key "val/acc" write `runs[0].summary["val/acc"]`');
  });

  test("a date compared with a string points at date(\"…\")", () => {
    expect(diagnostic('runs.filter(r => r.createdAt > "2026-03-01")', "no_matching_overload").hint).toBe('a string is not a date; compare with `date("2026-03-01")`');
    expect(diagnostic('runs.filter(r => "2026-03-01T10:00:00Z" <= r.createdAt)', "no_matching_overload").hint).toBe('a string is not a date; compare with `date("2026-03-01T10:00:00Z")`');
    expect(diagnostic('runs.filter(r => r.createdAt < "last week")', "no_matching_overload").hint).toMatch(/^a string is not a date; write the date as `date\("/);
  });

  test("a run read through an undefined name is pointed at `runs`, never at an op such as `now`", () => {
    const { message, hint } = diagnostic("row.config.lr", "unknown_name");
    expect(message).toBe("unknown name `row`");
    expect(hint).toBe("`row` is not defined here; `runs` holds the runs: read each one inside a function, `runs.map(row => row.config…)`");
    expect(diagnostic("run.summary", "unknown_name").hint).not.toContain("now");
    // a name that is not read as a run keeps the usual suggestions
    expect(diagnostic("rnus.count", "unknown_name").hint).toBe("did you mean `runs`?");
  });

  test("a keyword is never suggested as a name", () => {
    for (const src of ["rn", "ot + 1", "nul"]) expect(check(src).diagnostics[0]?.hint ?? "").not.toMatch(/`(in|or|and|not|null)`/);
  });

  test("argminBy and argmaxBy point at minBy and maxBy, which return the row", () => {
    expect(diagnostic("runs[0].history.argminBy(row => row.loss)", "unknown_op").hint).toBe("did you mean `minBy`?");
    expect(diagnostic("argmaxBy(runs, r => r.summary.acc)", "unknown_op").hint).toBe("did you mean `maxBy`?");
    expect(standardRegistry.suggest("argminBy")).toEqual(["minBy"]);
    // the quick fix follows the hint
    const d = diagnose("runs.argmaxBy(r => r.summary.acc)", { schema }).find((x) => x.code === "unknown_op")!;
    expect(d.fixes[0]!.edits[0]!.insert).toBe("maxBy");
  });
});

describe("a run indexed by a field name", () => {
  const runFields = standardRegistry.opsFor(T.Run).filter((op) => op.overloads.some((o) => o.params.length - o.optional === 1));
  const names = runFields.flatMap((op) => [op.name, ...(op.alias !== undefined ? [op.alias] : [])]);

  test("has the type `.name` has, for every field", () => {
    expect(names).toContain("name");
    for (const name of names) {
      for (const [indexed, member] of [[`runs[0]["${name}"]`, `runs[0].${name}`], [`runs.map(row => row["${name}"])`, `runs.map(row => row.${name})`]]) {
        const a = check(indexed!, { schema }), b = check(member!, { schema });
        expect(a.ok, indexed).toBe(b.ok);
        if (a.ok && b.ok) expect(a.value.type, indexed).toEqual(b.value.type);
      }
    }
  });

  test("gives what `.name` gives, for every field of every run", () => {
    for (const name of names) {
      const member = `runs.map(row => row.${name})`;
      if (!check(member).ok) continue;
      const options = { now: docNow };
      expect(toJsonValue(evaluate(`runs.map(row => row["${name}"])`, { runs: docRuns }, options)), name).toEqual(toJsonValue(evaluate(member, { runs: docRuns }, options)));
    }
    expect(evaluate('runs["name"]', { runs: docRuns })).toEqual(evaluate("runs.name", { runs: docRuns }));
  });

  test("an unknown name is an error with the run's fields suggested; a computed name is an error", () => {
    expect(diagnostic('runs.map(row => row["nmae"])', "unknown_field")).toEqual({ message: "a Run has no field `nmae`", hint: 'did you mean "name"?' });
    expect(diagnostic('runs[0]["loggedArtifactVersion"]', "wrong_arity").message).toContain("write `.loggedArtifactVersion(…)`");
    expect(diagnostic("runs.map(row => row[row.name])", "type_mismatch").message).toContain('field name written as a string literal, as in `row["name"]`');
  });
});
