/** docs/ops.md is generated from the op declarations; this fails when it is out of date. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { renderOpsReference } from "../packages/ops/src/reference.js";
import { standardOps } from "../packages/ops/src/std.js";

test("docs/ops.md is up to date (regenerate: node --import tsx scripts/gen-ops-doc.ts)", () => {
  const onDisk = readFileSync(fileURLToPath(new URL("../docs/ops.md", import.meta.url)), "utf8");
  expect(onDisk === renderOpsReference(standardOps), "docs/ops.md is stale: run node --import tsx scripts/gen-ops-doc.ts").toBe(true);
});
