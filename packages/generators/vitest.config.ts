import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/fixtures/**", "test/e2e/**", "node_modules/**"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
