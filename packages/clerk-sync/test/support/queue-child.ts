/**
 * A process that is killed on purpose (SIGKILL, no cleanup) by the crash tests:
 *
 * - `record`: receives one signed delivery, records it, and reports the svix-id. Its processing
 *   was handed to `after()` (a defer that never gets to run), so the kill lands between the
 *   ledger write and processing.
 * - `hang-in-handler <svix-id>`: claims and starts processing the delivery, writes its effect
 *   inside the transaction, reports, and hangs there until killed.
 *
 * Settings come as JSON in CLERK_SYNC_CHILD: { provider, url, secret, leaseMs }.
 */
import { createClerkSync, defineHandlers, silentLogger } from "../../src/index.js";
import { fixture, signedRequest } from "../../src/testing/index.js";
import type { TestTx } from "./harness.js";
import { createPrisma, type Provider } from "./providers.js";

const settings = JSON.parse(process.env.CLERK_SYNC_CHILD ?? "{}") as {
  provider: Provider;
  url: string;
  secret: string;
  leaseMs?: number;
};
const [mode, id] = process.argv.slice(2);
const send = (message: unknown) => process.send?.(message);

const prisma = createPrisma(settings.provider, settings.url);
const hang = defineHandlers<TestTx>({
  "user.created": async ({ tx, eventId, data }) => {
    await tx.testEffect.create({ data: { eventId, key: data.id } });
    send({ inHandler: eventId });
    await new Promise(() => {});
  },
});
const sync = createClerkSync<TestTx>({
  prisma,
  handlers: hang,
  signingSecret: settings.secret,
  logger: silentLogger,
  sweeper: false,
  ...(settings.leaseMs ? { leaseMs: settings.leaseMs } : {}),
});

if (mode === "record") {
  const event = fixture("user.created");
  const request = signedRequest(event, { secret: settings.secret });
  const response = await sync.handleRequest(request, { defer: () => {} });
  send({ recorded: request.headers.get("svix-id"), status: response.status, key: event.data.id });
} else if (mode === "hang-in-handler" && id) {
  await sync.process(id);
} else {
  throw new Error(`unknown mode ${mode}`);
}
await new Promise(() => {});
