/**
 * A web process hosting the kit the way an app does: the webhook route on a real HTTP server,
 * the inline queue, and the sweeper started at boot (what the app's `instrumentation.ts`
 * `register()` does). The recovery test kills it (SIGKILL) with deliveries in flight and boots
 * another on the same database.
 *
 * Settings come as JSON in CLERK_SYNC_CHILD: { provider, url, secret, leaseMs, intervalMs,
 * hang }. With `hang`, processing waits for a "go" message (so that every delivery is recorded
 * first, as under a burst), and each user.created handler then writes its effect and never
 * finishes: the delivery stays in flight, its transaction open, until the kill.
 */
import { createClerkSync, defineHandlers, inlineQueue, silentLogger } from "../../src/index.js";
import type { TestTx } from "./harness.js";
import { createPrisma, type Provider } from "./providers.js";
import { serveWebhooks } from "./queue-server.js";

const settings = JSON.parse(process.env.CLERK_SYNC_CHILD ?? "{}") as {
  provider: Provider;
  url: string;
  secret: string;
  leaseMs: number;
  intervalMs: number;
  hang?: boolean;
};
const send = (message: unknown) => process.send?.(message);

const held: Array<() => Promise<void>> = [];
let go = !settings.hang;
process.on("message", (message: { go?: boolean }) => {
  if (!message.go) return;
  go = true;
  for (const task of held.splice(0)) void task();
});

const handlers = defineHandlers<TestTx>({
  "user.created": async ({ tx, eventId, data }) => {
    await tx.testEffect.create({ data: { eventId, key: data.id } });
    if (settings.hang) {
      send({ inHandler: eventId });
      await new Promise(() => {});
    }
  },
});

const sync = createClerkSync<TestTx>({
  prisma: createPrisma(settings.provider, settings.url),
  handlers,
  signingSecret: settings.secret,
  logger: silentLogger,
  queue: inlineQueue({ concurrency: 2 }),
  leaseMs: settings.leaseMs,
  sweeper: { intervalMs: settings.intervalMs, pendingGraceMs: 0 },
});

// As instrumentation.ts register() does at boot: nothing waits for a request.
sync.startSweeper();

const server = await serveWebhooks((request) =>
  sync.handleRequest(request, {
    defer: (task) => {
      if (go) void task();
      else held.push(task);
    },
  }),
);
send({ ready: server.url });
