import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@qel/source"] },
  ssr: { resolve: { conditions: ["@qel/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["./test/setup/no-console.ts", "./test/setup/run-equality.ts"],
    testTimeout: 30000,
    // Hooks build bundles and load real run folders; on a shared, busy machine that can take longer than the 10 s default.
    hookTimeout: 120000,
  },
});
