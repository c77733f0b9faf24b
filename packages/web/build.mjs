// Builds the page into dist/ (what `qel serve` serves). Run by the browser tests before they start, and by hand
// with `node packages/web/build.mjs`.
import { build } from "vite";
import { fileURLToPath } from "node:url";

await build({ root: fileURLToPath(new URL(".", import.meta.url)), logLevel: "warn" });
