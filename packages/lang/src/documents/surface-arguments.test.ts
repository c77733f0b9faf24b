import { standardRegistry } from "@qel/ops";
import { describe, expect, test } from "vitest";
import { QelError } from "../syntax/diagnostics.js";
import { diffSurfaces, registrySurface } from "./surface.js";

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof QelError ? `${e.diagnostic.code}: ${e.diagnostic.message}` : `not a QelError: ${String(e)}`;
  }
  return "no error";
};

describe("surface arguments", () => {
  test.each([null, {}, "std"])("registrySurface(%o) is an invalid_argument", (r) => {
    expect(refusal(() => registrySurface(r as never))).toMatch(/^invalid_argument: registrySurface takes a Registry/);
  });

  test("diffSurfaces refuses what is no surface, naming the argument and the entry", () => {
    const now = registrySurface(standardRegistry);
    expect(refusal(() => diffSurfaces(null as never, now))).toMatch(/^invalid_argument: diffSurfaces's `saved` must be a list/);
    expect(refusal(() => diffSurfaces(now, [{ name: "x" }] as never))).toMatch(/^invalid_argument: diffSurfaces's `current\[0\]` must be an op/);
  });

  test("surfaces of a registry compare as before", () => {
    const now = registrySurface(standardRegistry);
    expect(diffSurfaces(now, now)).toEqual({ added: [], changed: [] });
    const fewer = now.filter((op) => op.name !== "count");
    expect(diffSurfaces(fewer, now).added.join("\n")).toContain("op `count`");
  });
});
