import { LANGUAGE_VERSION } from "@qel/lang";
import { afterEach, describe, expect, it } from "vitest";
import { loadDocument, readDashboardFile, saveDocument, useMigrations, type LoadedDocument } from "./documents.js";
import { dashboardFile, panelFromDocument } from "./storage.js";

const notes = (d: LoadedDocument | Error): readonly string[] => (d instanceof Error ? [String(d)] : d.notes);

describe("saved-panel documents", () => {
  afterEach(() => useMigrations({}));

  it("saves the canonical text with the host's fields, and loads it back unchanged", () => {
    const doc = saveDocument("runs .count", { title: "Count", view: "value" });
    expect(doc).toEqual({ title: "Count", view: "value", qel: LANGUAGE_VERSION, expr: "runs.count" });
    expect(loadDocument(doc, "panel 1")).toEqual({ expr: "runs.count", host: { title: "Count", view: "value" }, notes: [] });
  });

  it("keeps an expression that does not parse as written", () => {
    expect(saveDocument("runs.filter(").expr).toBe("runs.filter(");
  });

  it("migrates an older document and says what changed; keeps a newer one as written", () => {
    useMigrations({ currentVersion: LANGUAGE_VERSION + 1, migrations: [{ version: LANGUAGE_VERSION + 1, summary: "round's default", changes: [{ kind: "explicitDefault", op: "round", arity: 1, value: "0" }] }] });
    const d = loadDocument({ qel: LANGUAGE_VERSION, expr: "(runs.count / 7).round", title: "Weekly" }, "panel 2") as LoadedDocument;
    expect(d.expr).toBe("(runs.count / 7).round(0)");
    expect(d.host).toEqual({ title: "Weekly" });
    expect(d.notes[0]).toMatch(new RegExp(`^panel 2: migrated from language version ${LANGUAGE_VERSION} to ${LANGUAGE_VERSION + 1}: .*round`));
    expect(d.notes[1]).toBe(`  language version ${LANGUAGE_VERSION + 1}: round's default`);
    useMigrations({});
    expect(notes(loadDocument({ qel: LANGUAGE_VERSION + 1, expr: "1" }, "p"))[0]).toMatch(/^p: .*version .*kept as written$/);
  });

  it("migrates a document of language version 1 with the library's own table", () => {
    const d = loadDocument({ qel: 1, expr: "runs.count", title: "Count" }, "panel 1") as LoadedDocument;
    expect(d.expr).toBe("runs.count");
    if (LANGUAGE_VERSION > 1) expect(d.notes[0]).toBe(`panel 1: migrated from language version 1 to ${LANGUAGE_VERSION}: the expression needed no change`);
  });

  it("names what is wrong with something that is not a document", () => {
    expect(String(loadDocument([], "panel 1"))).toMatch(/^Error: panel 1: /);
    expect(String(loadDocument({ qel: 1 }, "panel 1"))).toContain("expr");
    expect(String(readDashboardFile("{", "d.json"))).toContain("d.json: not JSON");
    expect(String(readDashboardFile('{"format": "other", "panels": []}', "d.json"))).toContain('unsupported format "other"');
    expect(String(readDashboardFile('{"panels": [{"qel": 1}]}', "d.json"))).toContain("d.json: panel 1:");
  });
});

describe("a document left at its version", () => {
  afterEach(() => useMigrations({}));
  const upgrade = { currentVersion: LANGUAGE_VERSION + 1, migrations: [{ version: LANGUAGE_VERSION + 1, summary: "round's default", changes: [{ kind: "explicitDefault" as const, op: "round", arity: 1, value: "0" }] }] };
  const roundTrip = (doc: unknown): unknown => {
    const d = loadDocument(doc, "panel 1") as LoadedDocument;
    return dashboardFile("t", [panelFromDocument(d)]).panels[0];
  };

  it("one from a newer qel is saved again with its version while its text is unchanged", () => {
    const doc = { qel: LANGUAGE_VERSION + 1, expr: "runs.count", title: "Count", view: "value" };
    expect(roundTrip(doc)).toEqual(doc);
  });

  it("an older one whose text does not parse keeps its version, so its migration applies once it is fixed", () => {
    useMigrations(upgrade);
    const doc = { qel: LANGUAGE_VERSION, expr: "[(runs.count / 7).round,", title: "Weekly", view: "auto" };
    expect(roundTrip(doc)).toEqual(doc);
    const fixed = loadDocument({ ...doc, expr: "[(runs.count / 7).round]" }, "panel 1") as LoadedDocument;
    expect(fixed.expr).toBe("[(runs.count / 7).round(0)]");
  });

  it("edited, it is written by this version", () => {
    const d = loadDocument({ qel: LANGUAGE_VERSION + 1, expr: "runs.count", title: "Count" }, "panel 1") as LoadedDocument;
    const panel = panelFromDocument(d);
    panel.expr = "runs.count + 1";
    expect(dashboardFile("t", [panel]).panels[0]).toMatchObject({ qel: LANGUAGE_VERSION, expr: "runs.count + 1" });
  });
});
