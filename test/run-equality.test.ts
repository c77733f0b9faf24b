import { expect, it } from "vitest";
import { loadRunsDocument } from "@qel/ops";
it("toEqual compares runs by their config, summary and history too (getters on the prototype)", () => {
  const a = loadRunsDocument(`[{"name":"a","createdAt":"2026-01-02T03:04:05Z","config":{"k":1}}]`, { fileName: "x" }).runs;
  const b = loadRunsDocument(`[{"name":"a","createdAt":"2026-01-02T03:04:05Z","config":{"k":2}}]`, { fileName: "x" }).runs;
  const c = loadRunsDocument(`[{"name":"a","createdAt":"2026-01-02T03:04:05Z","config":{"k":1}}]`, { fileName: "x" }).runs;
  expect(a).not.toEqual(b);
  expect(a).toEqual(c);
  expect(a[0]).not.toEqual(b[0]);
  expect({ x: [a[0]] }).toEqual({ x: [c[0]] });
  expect({ x: [a[0]] }).not.toEqual({ x: [b[0]] });
});
