import { defineConfig } from "vite";

// Source conditions: the workspace packages are used from their TypeScript sources, as in the tests.
export default defineConfig({
  base: "./",
  resolve: { conditions: ["@qel/source", "module", "browser", "import", "default"] },
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
  server: { host: "127.0.0.1" },
});
