import path from "node:path";
import { writeApp } from "./app.js";
import { TEST_ROOT } from "./providers.js";

const PACKAGE_ROOT = path.dirname(TEST_ROOT);

/** The kit's CLI from source, as `clerk-sync` would run it. */
export const CLI_MAIN = path.join(PACKAGE_ROOT, "src/cli/main.ts");

/**
 * An app laid out the way the generators write one (src/lib/clerk-sync.ts importing `@/lib/db`
 * and `@/webhooks` through the tsconfig `paths` alias), whose kit uses BullMQ. The kit itself is
 * mapped to this package's source, so the CLI and the app run the code under test.
 *
 * Its settings come from the environment: TEST_PROVIDER, DATABASE_URL, REDIS_URL, QUEUE_NAME,
 * QUEUE_PREFIX, PENDING_GRACE_MS, CLAIM_BARRIER (see src/lib/claim-barrier.ts).
 */
export function writeWorkerApp(name: string): string {
  return writeApp(name, () => ({
    "src/webhooks/index.ts": `import { defineHandlers } from "@acme/clerk-sync";
import type { Tx } from "@/lib/db";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One effect per applied event, marked with the worker process that applied it. */
const record = async ({ tx, eventId, data }: { tx: Tx; eventId: string; data: { public_metadata?: unknown } }) => {
  const demo = (data.public_metadata ?? {}) as { slowMs?: number; badQuery?: boolean };
  if (demo.slowMs) await sleep(demo.slowMs);
  // A query Prisma rejects, to see its own error in the ledger.
  if (demo.badQuery) await tx.testEffect.create({ data: { eventId } as never });
  await tx.testEffect.create({ data: { eventId, key: \`pid:\${process.pid}\` } });
};

export const hooks = [defineHandlers<Tx>({ "user.created": record, "user.updated": record })];
`,
    "src/lib/claim-barrier.ts": `import type { prisma as client } from "@/lib/db";

/**
 * With CLAIM_BARRIER set, each claim this process makes (the ledger's conditional UPDATE to
 * "processing", of one delivery or of a batch) first tells the test which deliveries it takes, over the IPC channel,
 * then waits until the test sends "release-claims". The test holds every claim of one worker
 * until another worker has taken a job too: with all of the first one's slots held, only the
 * other can take the next job, whatever the timing.
 */
export function withClaimBarrier<P extends typeof client>(prisma: P): P {
  const send = process.send?.bind(process);
  if (!process.env.CLAIM_BARRIER || !send) return prisma;
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const onMessage = (message: unknown) => {
    if (message !== "release-claims") return;
    process.off("message", onMessage);
    process.channel?.unref();
    release();
  };
  process.on("message", onMessage);
  return prisma.$extends({
    query: {
      clerkWebhookEvent: {
        async updateMany({ args, query }) {
          if ((args.data as { status?: unknown }).status === "processing") {
            // One delivery's claim (id), or a batch's confirmation of its claims (id: { in }).
            const id = (args.where as { id?: string | { in?: string[] } }).id;
            const claiming = typeof id === "string" ? [id] : (id?.in ?? []);
            send({ claiming, pid: process.pid });
            await released;
          }
          return query(args);
        },
      },
    },
  }) as unknown as P;
}
`,
    "src/lib/clerk-sync.ts": `import { createClerkSync } from "@acme/clerk-sync";
import { bullmqQueue } from "@acme/clerk-sync/queue";
import { withClaimBarrier } from "@/lib/claim-barrier";
import { prisma, type Tx } from "@/lib/db";
import { hooks } from "@/webhooks";

export const clerkSync = createClerkSync<Tx>({
  prisma: withClaimBarrier(prisma),
  handlers: hooks,
  queue: bullmqQueue({
    connection: process.env.REDIS_URL,
    queueName: process.env.QUEUE_NAME,
    prefix: process.env.QUEUE_PREFIX,
  }),
  retry: { baseDelayMs: 50, maxDelayMs: 1_000 },
  sweeper: { pendingGraceMs: Number(process.env.PENDING_GRACE_MS ?? 30_000), intervalMs: 1_000 },
});
`,
    "src/lib/inline.ts": `import { createClerkSync } from "@acme/clerk-sync";
import { prisma } from "@/lib/db";

export const clerkSync = createClerkSync({ prisma });
`,
    "src/lib/no-export.ts": `export const somethingElse = 1;
`,
    "src/lib/broken.ts": `import { prisma } from "@/lib/db";

if (!process.env.NEEDED_BY_BROKEN) throw new Error("NEEDED_BY_BROKEN is not set");
export const clerkSync = prisma;
`,
  }));
}
