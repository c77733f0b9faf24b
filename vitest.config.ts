import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@qel/source"] },
  ssr: { resolve: { conditions: ["@qel/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["./test/setup/no-console.ts"],
    testTimeout: 30000,
  },
});
