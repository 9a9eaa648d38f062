import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Prisma's native SQLite driver and BullMQ's connections are happiest in child processes.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
