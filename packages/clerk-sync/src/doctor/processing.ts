import type { ClerkSync } from "../client.js";
import { describeError } from "../errors/index.js";
import type { BullmqSyncQueue } from "../queue/bullmq.js";
import { age, type Check, fail, ok, skip } from "./check.js";

/** A delivery still waiting after this long means nothing is processing the queue. */
const STUCK_AFTER_MS = 2 * 60_000;

type Events = {
  count(args: object): Promise<number>;
  findFirst(
    args: object,
  ): Promise<{ id: string; receivedAt?: Date; lastError?: string | null } | null>;
};

/**
 * "No data in the database": what waits (backlog and its oldest delivery), what failed or died
 * (with the last error), and, with BullMQ, Redis and the workers consuming the queue.
 */
export async function processingChecks(
  clerkSync: ClerkSync,
  env: Record<string, string | undefined>,
  now = new Date(),
): Promise<Check[]> {
  const events = (clerkSync.prisma as unknown as { clerkWebhookEvent: Events }).clerkWebhookEvent;
  const checks: Check[] = [];
  const waiting = { status: { in: ["pending", "processing"] } };
  const [backlog, oldest] = await Promise.all([
    events.count({ where: waiting }),
    events.findFirst({
      where: waiting,
      orderBy: { receivedAt: "asc" },
      select: { id: true, receivedAt: true },
    }),
  ]);
  const oldestAge = oldest?.receivedAt ? now.getTime() - oldest.receivedAt.getTime() : 0;
  const bullmq = clerkSync.queue.kind === "bullmq";
  if (backlog === 0) {
    checks.push(ok("backlog", "Backlog", "nothing waiting to be processed"));
  } else if (oldestAge <= STUCK_AFTER_MS) {
    checks.push(ok("backlog", "Backlog", `${backlog} waiting, the oldest for ${age(oldestAge)}`));
  } else {
    checks.push(
      fail(
        "backlog",
        "Backlog",
        `${backlog} deliveries waiting, the oldest (${oldest?.id}) for ${age(oldestAge)}: nothing is processing them`,
        bullmq
          ? "Start a worker: clerk-sync worker --config src/lib/clerk-sync.ts (as many as you like)."
          : 'The web process processes after each response; if it died mid-way, run "clerk-sync sweep" (the sweeper runs every 15 s while the app serves requests).',
      ),
    );
  }

  const [failed, dead, last] = await Promise.all([
    events.count({ where: { status: "failed" } }),
    events.count({ where: { status: "dead" } }),
    events.findFirst({
      where: { status: { in: ["failed", "dead"] } },
      orderBy: { updatedAt: "desc" },
      select: { id: true, lastError: true },
    }),
  ]);
  if (failed + dead === 0) {
    checks.push(ok("failures", "Failed and dead deliveries", "none"));
  } else {
    checks.push(
      fail(
        "failures",
        "Failed and dead deliveries",
        `${failed} failed (retrying), ${dead} dead; last error (${last?.id}): ${(last?.lastError ?? "none recorded").slice(0, 200)}`,
        `Fix the cause, then replay: clerk-sync replay ${last?.id ?? "<svix-id>"} (or Replay in the event log). Dead deliveries are not retried on their own.`,
      ),
    );
  }

  if (!bullmq) {
    const note = `the ${clerkSync.queue.kind} queue processes in the web process`;
    checks.push(skip("redis", "Redis", note));
    checks.push(skip("workers", "Queue workers", note));
    return checks;
  }
  checks.push(...(await queueChecks(clerkSync, env)));
  return checks;
}

/** Redis reachable, and workers connected to the app's BullMQ queue. */
async function queueChecks(
  clerkSync: ClerkSync,
  env: Record<string, string | undefined>,
): Promise<Check[]> {
  const queue = clerkSync.queue as Partial<BullmqSyncQueue>;
  // The name workers consume: the queue name followed by the database's fingerprint.
  const name =
    (await queue.redisQueueName?.().catch(() => undefined)) ?? queue.queueName ?? "clerk-sync";
  const prefix = queue.prefix;
  const url = env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const shown = url.replace(/\/\/[^@/]*@/, "//…@");
  let bullmq: typeof import("bullmq");
  let ioredis: typeof import("ioredis");
  try {
    [bullmq, ioredis] = await Promise.all([import("bullmq"), import("ioredis")]);
  } catch (error) {
    return [
      fail(
        "redis",
        "Redis",
        `bullmq or ioredis cannot be loaded: ${describeError(error)}`,
        "Install them: pnpm add bullmq ioredis.",
      ),
      skip("workers", "Queue workers", "BullMQ is not installed"),
    ];
  }
  const redis = new ioredis.Redis(url, {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    connectTimeout: 3_000,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    return [
      fail(
        "redis",
        "Redis",
        `${shown} does not answer: ${describeError(error)}`,
        "Start Redis, or set REDIS_URL to the server the app's queue uses.",
      ),
      skip("workers", "Queue workers", "Redis is not reachable"),
    ];
  }
  const checks = [ok("redis", "Redis", `${shown} answers`)];
  const bull = new bullmq.Queue(name, { connection: redis, ...(prefix ? { prefix } : {}) });
  try {
    const workers = await bull.getWorkers();
    checks.push(
      workers.length > 0
        ? ok(
            "workers",
            "Queue workers",
            `${workers.length} worker connection(s) consuming queue "${name}"`,
          )
        : fail(
            "workers",
            "Queue workers",
            `no worker is consuming queue "${name}": deliveries are recorded and wait`,
            "Start one: clerk-sync worker --config src/lib/clerk-sync.ts (keep it running, e.g. as a separate service).",
          ),
    );
  } finally {
    await bull.close().catch(() => {});
    redis.disconnect();
  }
  return checks;
}
