import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const WORKER_URL = "virtual:qel-eval-worker-url";
const WORKER_ENTRY = fileURLToPath(new URL("./src/worker/eval-worker.ts", import.meta.url));

/**
 * The evaluation worker as one more entry of the page's own build, not a separate worker bundle: the worker and the
 * page's editors then load the same chunk of @qel/lang and @qel/ops (with chevrotain and re2js) instead of two
 * copies. `import url from "virtual:qel-eval-worker-url"` gives the worker module's address.
 *
 * The built page starts the worker from a line of script at the top of its HTML, before its stylesheet and its
 * own modules load: the worker's start, its language and the sample runs are most of the time to the first
 * results. The page's Evaluator takes that worker (window.qelWorker) instead of starting one.
 */
function evalWorkerEntry(command: "build" | "serve"): Plugin {
  return {
    name: "qel-eval-worker-entry",
    resolveId: (id) => (id === WORKER_URL ? `\0${WORKER_URL}` : null),
    load(id) {
      if (id !== `\0${WORKER_URL}`) return null;
      if (command === "serve") return `export default new URL("/src/worker/eval-worker.ts", import.meta.url).href;`;
      const ref = this.emitFile({ type: "chunk", id: WORKER_ENTRY, name: "eval-worker" });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === "chunk" && c.name === "eval-worker");
        if (chunk === undefined) return [];
        const start = `try { window.qelWorker = new Worker(${JSON.stringify(`./${chunk.fileName}`)}, { type: "module", name: "qel-eval" }); } catch {}`;
        return [{ tag: "script", children: start, injectTo: "head-prepend" }];
      },
    },
  };
}

// Source conditions: the workspace packages are used from their TypeScript sources, as in the tests.
export default defineConfig(({ command }) => ({
  base: "./",
  plugins: [evalWorkerEntry(command)],
  resolve: { conditions: ["@qel/source", "module", "browser", "import", "default"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    // ASCII-only chunks (other characters escaped): a browser decodes such a script straight into a one-byte string,
    // and a single other character anywhere makes it decode and compile the whole chunk as two-byte text.
    rolldownOptions: { output: { charset: "ascii" } },
  },
  server: { host: "127.0.0.1" },
}));
