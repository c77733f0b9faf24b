/**
 * Writes docs/ops.md, the op reference, from the standard op declarations:
 * `node --import tsx scripts/gen-ops-doc.ts`. test/ops-docs.test.ts fails when the file is out of date.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderOpsReference } from "../packages/ops/src/reference.js";
import { standardOps } from "../packages/ops/src/std.js";

const target = fileURLToPath(new URL("../docs/ops.md", import.meta.url));
writeFileSync(target, renderOpsReference(standardOps));
