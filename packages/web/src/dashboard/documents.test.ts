import { describe, expect, it } from "vitest";
import { LANGUAGE_VERSION, loadDocument, readDashboardFile, saveDocument, type LoadedDocument } from "./documents.js";

const notes = (d: LoadedDocument | Error): readonly string[] => (d instanceof Error ? [String(d)] : d.notes);

describe("saved-panel documents", () => {
  it("saves the canonical text with the host's fields, and loads it back unchanged", () => {
    const doc = saveDocument("runs .count", { title: "Count", view: "value" });
    expect(doc).toEqual({ title: "Count", view: "value", qel: LANGUAGE_VERSION, expr: "runs.count" });
    expect(loadDocument(doc, "panel 1")).toEqual({ expr: "runs.count", host: { title: "Count", view: "value" }, notes: [] });
  });

  it("keeps an expression that does not parse as written", () => {
    expect(saveDocument("runs.filter(").expr).toBe("runs.filter(");
  });

  it("says what loading an older or a newer document did", () => {
    expect(notes(loadDocument({ qel: 0, expr: "1" }, "panel 2"))).toEqual([`panel 2: migrated from language version 0 to ${LANGUAGE_VERSION}; the expression needed no change`]);
    expect(notes(loadDocument({ qel: LANGUAGE_VERSION + 1, expr: "1" }, "p"))[0]).toContain("saved by a newer qel");
  });

  it("names what is wrong with something that is not a document", () => {
    expect(String(loadDocument([], "panel 1"))).toContain("panel 1: not a saved panel");
    expect(String(loadDocument({ qel: 1 }, "panel 1"))).toContain('"expr" must be a string');
    expect(String(loadDocument({ qel: "1", expr: "x" }, "panel 1"))).toContain('"qel" must be a language version number');
    expect(String(readDashboardFile("{", "d.json"))).toContain("d.json: not JSON");
    expect(String(readDashboardFile('{"format": "other", "panels": []}', "d.json"))).toContain('unsupported format "other"');
    expect(String(readDashboardFile('{"panels": [{"qel": 1}]}', "d.json"))).toContain("d.json: panel 1:");
  });
});
