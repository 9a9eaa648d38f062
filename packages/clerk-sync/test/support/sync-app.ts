import { writeApp } from "./app.js";

/**
 * An app laid out as the generators write one (src/lib/clerk-sync.ts importing `@/lib/db`), whose
 * kit runs the default sync, for the commands that load an app: backfill, reconcile, doctor. The
 * kit is mapped to this package's source, so the CLI and the app run the code under test.
 *
 * Settings come from the environment: TEST_PROVIDER, DATABASE_URL, and
 * - SYNC_HANDLERS: "all" (default), "created-only" (only user.created), "none";
 * - QUEUE: "inline" (default) or "bullmq" (with REDIS_URL, QUEUE_NAME, QUEUE_PREFIX).
 */
export function writeSyncApp(name: string): string {
  return writeApp(name, () => ({
    "src/lib/clerk-sync.ts": `import { createClerkSync, defineHandlers, silentLogger } from "@acme/clerk-sync";
import { syncHandlers } from "@acme/clerk-sync/prisma";
import { bullmqQueue } from "@acme/clerk-sync/queue";
import { prisma } from "@/lib/db";

const handlers = {
  all: [syncHandlers("all")],
  "created-only": [defineHandlers({ "user.created": async () => {} })],
  none: [],
}[process.env.SYNC_HANDLERS ?? "all"];

export const clerkSync = createClerkSync({
  prisma,
  handlers,
  logger: silentLogger,
  sweeper: false,
  ...(process.env.QUEUE === "bullmq"
    ? {
        queue: bullmqQueue({
          connection: process.env.REDIS_URL,
          queueName: process.env.QUEUE_NAME,
          prefix: process.env.QUEUE_PREFIX,
          logger: silentLogger,
        }),
      }
    : {}),
});
`,
  }));
}
