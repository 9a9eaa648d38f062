import { createClerkSync } from "@acme/clerk-sync";
import { createWebhookRoute } from "@acme/clerk-sync/next";
import { syncHandlers } from "@acme/clerk-sync/prisma";
import { bullmqQueue } from "@acme/clerk-sync/queue";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { syncedGroups } from "@/webhooks";

/**
 * The ingest benchmark's "ack only" route: the kit as the app configures it, but with BullMQ as
 * its queue and no worker running, so a request costs verify + record + enqueue and nothing
 * else. It writes to a database file of its own (BENCH_BULLMQ_DATABASE_URL, a copy of the
 * migrated benchmark database), so the web process's sweeper never picks its deliveries up. Only
 * in the benchmark's build (see next.config.ts).
 */
/** The benchmark script's settings for this route (never set in a real deployment). */
function setting(name: string, fallback: string): string {
  // biome-ignore lint/style/noProcessEnv: a benchmark-only route, configured by bench-ingest.ts
  return process.env[name] || fallback;
}

const prisma = new PrismaClient({
  adapter: new PrismaBetterSqlite3({
    url: setting("BENCH_BULLMQ_DATABASE_URL", "file:./.bench/bench-bullmq.db"),
    timeout: 5_000,
  }),
});

const clerkSync = createClerkSync({
  prisma,
  handlers: [syncHandlers(syncedGroups)],
  queue: bullmqQueue({
    connection: setting("REDIS_URL", "redis://127.0.0.1:6379"),
    queueName: setting("BENCH_BULLMQ_QUEUE", "clerk-sync-bench"),
  }),
  sweeper: false,
});

export const { POST } = createWebhookRoute(clerkSync);
