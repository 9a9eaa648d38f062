import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    // An install (with a native build the first time on a machine) or a `next build` takes minutes.
    testTimeout: 900_000,
    hookTimeout: 600_000,
  },
});
