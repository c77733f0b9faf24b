import { describe, expect, test } from "vitest";
import type { Migration } from "../migrations/table.js";
import { upgradeDocument } from "./upgrade.js";

const history: readonly Migration[] = [
  { version: 2, summary: "", changes: [] },
  { version: 3, summary: "round's default changed", changes: [{ kind: "explicitDefault", op: "round", arity: 1, value: "0" }] },
];

describe("upgradeDocument of an older document whose text does not parse", () => {
  test("is pending and unchanged, so `qel migrate --write` leaves it for later", () => {
    const doc = { qel: 2, expr: "[round(1.26),", title: "t" };
    const u = upgradeDocument(doc, { currentVersion: 3, migrations: history, renames: [{ from: "lr", to: "x" }] });
    expect(u).toMatchObject({ status: "pending", version: 2, before: "[round(1.26),", expr: "[round(1.26),", changed: false });
    expect(u.document).toBe(doc);
    expect(u.skipped.map((s) => s.message)).toEqual(["v3: not applied, because the text does not parse; the document keeps version 2 until the text is fixed"]);
  });

  test("once fixed, it migrates and renames", () => {
    const u = upgradeDocument({ qel: 2, expr: "[round(1.26)]" }, { currentVersion: 3, migrations: history });
    expect(u).toMatchObject({ status: "migrated", changed: true, document: { qel: 3, expr: "[round(1.26, 0)]" } });
  });
});

describe("upgradeDocument refuses bad renames with invalid_argument and rewrites nothing", () => {
  const doc = { qel: 2, expr: "runs.map(r => r.config.lr)" };
  test.for([
    [[{ from: "lr" }], 'renames[0] {"from":"lr"}: `to` must be the new key, a non-empty string, not missing'],
    [{ from: "lr", to: "x" }, 'the renames must be a list of {from, to}, not {"from":"lr","to":"x"}'],
    [[null], "renames[0] null: a rename must be an object {from, to} or {part, from, to}"],
    [[{ from: 1, to: 2 }], 'renames[0] {"from":1,"to":2}: `from` must be the old key, a non-empty string, not 1'],
    [[{ part: "conf", from: "lr", to: "x" }], 'renames[0] {"part":"conf","from":"lr","to":"x"}: `part` must be "config", "summary" or "history"'],
  ] as const)("%j", ([renames, message]) => {
    const u = upgradeDocument(doc, { renames: renames as never });
    expect(u).toMatchObject({ status: "invalid", version: 2, before: doc.expr, expr: doc.expr, changed: false, changes: [], skipped: [] });
    expect(u.document).toBe(doc);
    expect(u.diagnostics).toEqual([{ code: "invalid_argument", severity: "error", message, span: { start: 0, end: 0 } }]);
  });

  test("valid renames still apply", () => {
    const u = upgradeDocument(doc, { renames: [{ from: "lr", to: "learning_rate" }] });
    expect(u).toMatchObject({ status: "current", changed: true, document: { qel: 2, expr: "runs.map(r => r.config.learning_rate)" } });
  });

  test("bad load options are refused the same way", () => {
    const u = upgradeDocument(doc, null as never);
    expect(u).toMatchObject({ status: "invalid", changed: false });
    expect(u.diagnostics.map((d) => d.code)).toEqual(["invalid_argument"]);
  });
});
