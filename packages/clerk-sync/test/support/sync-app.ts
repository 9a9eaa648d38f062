import fs from "node:fs";
import path from "node:path";
import { TEST_ROOT, TMP_DIR } from "./providers.js";

const PACKAGE_ROOT = path.dirname(TEST_ROOT);

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
  const dir = path.join(TMP_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  const toPackage = (file: string, from = ".") =>
    path.relative(path.join(dir, from), path.join(PACKAGE_ROOT, file));
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "sync-app", private: true, type: "module" }),
    "tsconfig.json": JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          module: "esnext",
          moduleResolution: "bundler",
          paths: {
            "@/*": ["./src/*"],
            "@acme/clerk-sync": [toPackage("src/index.ts")],
            "@acme/clerk-sync/prisma": [toPackage("src/prisma/index.ts")],
            "@acme/clerk-sync/queue": [toPackage("src/queue/index.ts")],
          },
        },
      },
      null,
      2,
    ),
    "src/lib/db.ts": `import { createPrisma, type Provider } from "${toPackage("test/support/providers.js", "src/lib")}";

export const prisma = createPrisma(
  (process.env.TEST_PROVIDER ?? "sqlite") as Provider,
  process.env.DATABASE_URL ?? "file:${path.join(dir, "dev.db")}",
);
`,
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
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
