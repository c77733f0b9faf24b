import { describe, expect, test } from "vitest";
import { analyze, complete, diagnose, error, lineColAt, nodeAt, QelError, renderDiagnostic, type Diagnostic } from "../index.js";

function thrown(f: () => unknown): { code: string; message: string; span: unknown } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof QelError)) throw e;
    return { code: e.diagnostic.code, message: e.diagnostic.message, span: e.diagnostic.span };
  }
  throw new Error("did not throw");
}

describe("diagnose refuses every non-string the same way", () => {
  test.for<[unknown]>([[null], [undefined], [{}], [5], [[]], [{ kind: "Name", span: { start: 0, end: 1 }, name: "a" }]])("%j", ([source]) => {
    expect(diagnose(source as string)).toEqual([expect.objectContaining({ code: "invalid_argument", from: 0, to: 0, severity: "error" })]);
  });

  test("text is diagnosed as before", () => {
    expect(diagnose("1 + ").map((d) => d.code)).toEqual(["unexpected_end"]);
    expect(diagnose("runs.count")).toEqual([]);
  });
});

describe("complete clamps out-of-range offsets both ways", () => {
  const source = "runs.fil";
  const at = (offset: number) => complete(source, offset);
  test("Infinity and 1e20 are the end; -Infinity and -5 the start", () => {
    expect(at(Infinity)).toEqual(at(source.length));
    expect(at(1e20)).toEqual(at(source.length));
    expect(at(-Infinity)).toEqual(at(0));
    expect(at(-5)).toEqual(at(0));
    expect(at(7.9)).toEqual(at(7));
    expect(at(source.length).items.map((c) => c.insert)).toEqual(["filter()"]);
  });

  test("NaN, a non-number offset and a non-string source give no items", () => {
    for (const result of [at(NaN), complete(source, null as never), complete(null as never, 3)]) {
      expect(result).toEqual({ from: 0, to: 0, items: [], situation: { kind: "none" } });
    }
  });
});

describe("nodeAt", () => {
  const a = analyze("f(x)");
  test.for<[string, () => unknown, string]>([
    ["a null offset", () => nodeAt(a, null as never), "offset must be a number, got null"],
    ["a string offset", () => nodeAt(a, "2" as never), "offset must be a number"],
    ["a null analysis", () => nodeAt(null as never, 0), "got null"],
    ["an object that is no analysis", () => nodeAt({} as never, 0), "an object of another shape"],
    ["a throwing Proxy", () => nodeAt(new Proxy({}, { get: () => { throw new Error("boom"); } }) as never, 0), "could not be read (boom)"],
  ])("refuses %s", ([, f, message]) => {
    const e = thrown(f);
    expect(e).toMatchObject({ code: "invalid_argument", span: { start: 0, end: 0 } });
    expect(e.message).toContain(message);
  });

  test("finds nodes as before; NaN lies outside every span", () => {
    expect(nodeAt(a, 2)?.node).toMatchObject({ kind: "Name", name: "x" });
    expect(nodeAt(a, 99)).toBeUndefined();
    expect(nodeAt(a, NaN)).toBeUndefined();
  });
});

describe("lineColAt", () => {
  test("refuses a text that is not a string and an offset that is not a number", () => {
    expect(thrown(() => lineColAt(null as never, 0))).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("text must be a string") });
    expect(thrown(() => lineColAt("a", null as never)).message).toContain("offset must be a number, got null");
    expect(thrown(() => lineColAt("a", NaN)).message).toContain("got NaN");
  });

  test("clamps offsets as before", () => {
    expect(lineColAt("a\nbc", 3)).toEqual({ line: 2, column: 2 });
    expect(lineColAt("a\nbc", Infinity)).toEqual({ line: 2, column: 3 });
    expect(lineColAt("a\nbc", -1)).toEqual({ line: 1, column: 1 });
  });
});

describe("renderDiagnostic", () => {
  const d = error("unknown_name", "unknown name `y`", { start: 0, end: 1 });
  test.for<[string, () => unknown, string]>([
    ["a null diagnostic", () => renderDiagnostic("y", null as never), "the diagnostic must be an object"],
    ["an empty object", () => renderDiagnostic("y", {} as never), "`code` must be a string"],
    ["no span", () => renderDiagnostic("y", { ...d, span: undefined } as never), "`span` must be a span"],
    ["a span of strings", () => renderDiagnostic("y", { ...d, span: { start: "0", end: 1 } } as never), "`span` must be a span"],
    ["a bad severity", () => renderDiagnostic("y", { ...d, severity: "fatal" } as never), '`severity` must be "error" or "warning"'],
    ["notes that are not an array", () => renderDiagnostic("y", { ...d, notes: "n" } as never), "`notes` must be an array"],
    ["a note without a message", () => renderDiagnostic("y", { ...d, notes: [{}] } as never), "`message` of note 0"],
    ["a non-string source", () => renderDiagnostic(null as never, d), "the source must be a string"],
    ["options that are not an object", () => renderDiagnostic("y", d, 5 as never), "the options must be an object"],
    ["a throwing Proxy", () => renderDiagnostic("y", new Proxy({}, { get: () => { throw new Error("boom"); } }) as never), "could not be read (boom)"],
  ])("refuses %s", ([, f, message]) => {
    const e = thrown(f);
    expect(e).toMatchObject({ code: "invalid_argument", span: { start: 0, end: 0 } });
    expect(e.message).toContain(message);
  });

  test("renders as before", () => {
    const withNote: Diagnostic = { ...d, notes: [{ message: "here", span: { start: 0, end: 1 } }], hint: "define y" };
    expect(renderDiagnostic("y + 1", withNote)).toBe(
      "1:1: error[unknown_name]: unknown name `y`\n1 | y + 1\n    ^\nnote (1:1): here\n1 | y + 1\n    ^\nhint: define y",
    );
  });
});
