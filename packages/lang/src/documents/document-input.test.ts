import { describe, expect, test } from "vitest";
import type { Migration } from "../migrations/table.js";
import { load, save, type SavedExpression } from "./document.js";
import { LANGUAGE_VERSION } from "./version.js";

// A history where version 3 writes out round's old default: text must parse for it to apply.
const history: readonly Migration[] = [
  { version: 2, summary: "", changes: [] },
  { version: 3, summary: "round's default changed", changes: [{ kind: "explicitDefault", op: "round", arity: 1, value: "0" }] },
];
const options = { currentVersion: 3, migrations: history };

describe("an older document whose text does not parse keeps its version while migrations are due", () => {
  test("text that parses is migrated as before", () => {
    const loaded = load({ qel: 2, expr: "[round(1.26)]" }, options);
    expect(loaded.status).toBe("migrated");
    expect(loaded.document).toEqual({ qel: 3, expr: "[round(1.26, 0)]" });
  });

  test("text that does not parse is pending: untouched, its syntax errors, the migration reported as skipped", () => {
    const doc = { qel: 2, expr: "[round(1.26),", title: "t" };
    const loaded = load(doc, options);
    expect(loaded.status).toBe("pending");
    expect(loaded.version).toBe(2);
    expect(loaded.document).toBe(doc);
    expect(loaded.expr).toBe("[round(1.26),");
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["unclosed_bracket"]);
    expect(loaded.changes).toEqual([]);
    expect(loaded.skipped).toEqual([
      { span: { start: 0, end: 13 }, message: "v3: not applied, because the text does not parse; the document keeps version 2 until the text is fixed" },
    ]);
  });

  test("once the text is fixed, the same document version migrates", () => {
    expect(load({ qel: 2, expr: "[round(1.26)]" }, options).document).toEqual({ qel: 3, expr: "[round(1.26, 0)]" });
  });

  test("a version whose migrations rewrite nothing is still raised (the standard table's version 2)", () => {
    const loaded = load({ qel: 1, expr: "runs.map(", title: "n" });
    expect(loaded.status).toBe("migrated");
    expect(loaded.document).toEqual({ qel: LANGUAGE_VERSION, expr: "runs.map(", title: "n" });
  });

  test("a current document that does not parse is current, as before", () => {
    expect(load({ qel: 3, expr: "[round(1.26)," }, options).status).toBe("current");
  });
});

describe("save keeps every host field as an own field", () => {
  test("`__proto__` from JSON stays a field and the prototype is untouched", () => {
    const doc = save("runs.count", JSON.parse('{"title": "t", "__proto__": {"owner": "x"}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toEqual(["qel", "expr", "title", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(doc, "__proto__")?.value).toEqual({ owner: "x" });
    expect(JSON.stringify(doc)).toBe('{"qel":2,"expr":"runs.count","title":"t","__proto__":{"owner":"x"}}');
  });

  test("the saved document loads back with the field in place", () => {
    const doc = save("runs.count", JSON.parse('{"__proto__": {"owner": "x"}}') as Record<string, unknown>) as SavedExpression;
    const loaded = load(doc);
    expect(loaded.status).toBe("current");
    expect(Object.getOwnPropertyDescriptor(loaded.document, "__proto__")?.value).toEqual({ owner: "x" });
  });

  test("a migrated document keeps a `__proto__` field too", () => {
    const loaded = load(JSON.parse('{"qel": 1, "expr": "runs.count", "__proto__": {"owner": "x"}}'));
    expect(loaded.status).toBe("migrated");
    expect(Object.getPrototypeOf(loaded.document)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(loaded.document, "__proto__")?.value).toEqual({ owner: "x" });
  });
});

describe("save refuses what it cannot store, without throwing", () => {
  test.for([
    [undefined, {}, "save stores an expression's text, a string, not undefined"],
    [5, {}, "save stores an expression's text, a string, not 5"],
    [null, {}, "save stores an expression's text, a string, not null"],
    ["1", null, "save's host fields must be an object (or left out), not null"],
    ["1", [1, 2], "save's host fields must be an object (or left out), not an array"],
    ["1", "title", 'save\'s host fields must be an object (or left out), not "title"'],
  ] as const)("save(%j, %j)", ([source, host, message]) => {
    const saved = save(source as unknown, host as unknown);
    expect(saved).toEqual({ ok: false, diagnostics: [{ code: "invalid_argument", severity: "error", message, span: { start: 0, end: 0 } }] });
  });

  test("a host object whose getter throws gives an internal_error, not an exception", () => {
    const host = Object.defineProperty({}, "title", { enumerable: true, get: () => { throw new Error("boom"); } });
    const saved = save("1", host) as unknown as { ok: false; diagnostics: { code: string; message: string }[] };
    expect(saved.ok).toBe(false);
    expect(saved.diagnostics[0]).toMatchObject({ code: "internal_error", message: "save could not read the host fields: boom" });
  });

  test("valid uses are unchanged", () => {
    expect(save("runs.count")).toEqual({ qel: LANGUAGE_VERSION, expr: "runs.count" });
    expect(save("runs.count", { title: "t" })).toEqual({ qel: LANGUAGE_VERSION, expr: "runs.count", title: "t" });
  });
});

const cyclic: Record<string, unknown> = {};
cyclic["self"] = cyclic;

describe("load describes what is wrong with a document, never throwing", () => {
  test.for([
    [{ qel: Number.NaN, expr: "1" }, "not NaN"],
    [{ qel: Symbol("v"), expr: "1" }, "not a symbol"],
    [{ qel: 2n, expr: "1" }, "not 2n (a bigint)"],
    [{ qel: cyclic, expr: "1" }, "not an object"],
    [{ qel: null, expr: "1" }, "not null"],
    [{ qel: undefined, expr: "1" }, "not undefined"],
    [{ expr: "1" }, "not missing"],
    [{ qel: "2", expr: "1" }, 'not "2"'],
  ] as const)("%s", ([doc, ending]) => {
    const loaded = load(doc);
    expect(loaded.status).toBe("invalid");
    expect(loaded.document).toBe(doc);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(["invalid_document"]);
    expect(loaded.diagnostics[0]!.message).toBe(`\`qel\` must be the language version that saved the expression (a whole number from 1), ${ending}`);
  });

  test("a field inherited from a prototype is not a saved field", () => {
    const loaded = load(Object.create({ qel: 2, expr: "runs.count" }));
    expect(loaded.status).toBe("invalid");
    expect(loaded.diagnostics[0]!.message).toBe("the saved expression has no `expr` string");
  });

  test("an `expr` that is not a string is described", () => {
    expect(load({ qel: 2, expr: 5 }).diagnostics[0]!.message).toBe("the saved expression has no `expr` string: it is 5");
  });
});

describe("load refuses options it cannot use with invalid_argument, the document untouched", () => {
  test.for([
    [null, "load's options must be an object (or left out), not null"],
    [5, "load's options must be an object (or left out), not 5"],
    [{ migrations: {} }, "`migrations` must be a list of migrations {version, summary, changes}, not {}"],
    [{ currentVersion: "3" }, '`currentVersion` must be a whole number from 1, not "3"'],
    [{ currentVersion: 0 }, "`currentVersion` must be a whole number from 1, not 0"],
    [{ migrations: [null] }, "migrations[0] null: an entry must be an object {version, summary, changes}"],
    [{ migrations: [{ version: 3, summary: "", changes: [] }] }, `migrations[0] {"version":3,"summary":"","changes":[]}: \`version\` 3 is above the current version ${LANGUAGE_VERSION}`],
    [
      { currentVersion: 3, migrations: [{ version: 3, summary: "", changes: [] }, { version: 2, summary: "", changes: [] }] },
      "migrations[1]: versions must ascend, and 2 follows 3",
    ],
    [
      { currentVersion: 3, migrations: [{ version: 3, summary: "", changes: [{ kind: "rename", from: "a", to: "b" }] }] },
      'migrations[0].changes[0] {"kind":"rename","from":"a","to":"b"}: a change\'s `kind` must be "renameOp" or "explicitDefault"',
    ],
    [
      { currentVersion: 3, migrations: [{ version: 3, summary: "", changes: [{ kind: "explicitDefault", op: "round", arity: 1, value: "0 +" }] }] },
      'migrations[0].changes[0] {"kind":"explicitDefault","op":"round","arity":1,"value":"0 +"}: an explicitDefault change needs `value`, qel text that parses',
    ],
  ] as const)("%j", ([opts, message]) => {
    const doc = { qel: 1, expr: "runs.count" };
    const loaded = load(doc, opts as never);
    expect(loaded).toMatchObject({ status: "invalid", version: 1, expr: "runs.count", changes: [], skipped: [] });
    expect(loaded.document).toBe(doc);
    expect(loaded.diagnostics).toEqual([{ code: "invalid_argument", severity: "error", message, span: { start: 0, end: 0 } }]);
  });

  test("a bigint in the options is named without JSON.stringify throwing", () => {
    const loaded = load({ qel: 2, expr: "1" }, { currentVersion: 2n } as never);
    expect(loaded.diagnostics[0]!.message).toBe("`currentVersion` must be a whole number from 1, not 2n (a bigint)");
  });

  test("undefined options and a valid table behave as before", () => {
    expect(load({ qel: 2, expr: "runs.count" }, undefined).status).toBe("current");
    expect(load({ qel: 2, expr: "[round(1.26)]" }, options).document).toEqual({ qel: 3, expr: "[round(1.26, 0)]" });
  });
});
