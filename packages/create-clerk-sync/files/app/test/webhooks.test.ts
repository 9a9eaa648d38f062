import { EVENT_GROUPS } from "@acme/clerk-sync";
import { MODELS_OF_GROUP } from "@acme/clerk-sync/prisma";
import type { BullmqSyncQueue } from "@acme/clerk-sync/queue";
import {
  fixture,
  generateSigningSecret,
  signedRequest,
  signPayload,
} from "@acme/clerk-sync/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

// The app's modules read their configuration when first imported: point them at the test
// database and a signing secret of the test's own before importing them.
const secret = generateSigningSecret();
process.env.CLERK_WEBHOOK_SIGNING_SECRET = secret;
process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");

const { POST } = await import("@/app/api/webhooks/route");
const { clerkSync } = await import("@/lib/clerk-sync");
const { prisma } = await import("@/lib/db");
const { syncedGroups } = await import("@/webhooks");

const url = "http://localhost:3000/api/webhooks";

type SyncedRow = Record<string, unknown> & { deletedAt: Date | null };
type ModelDelegate = {
  findUnique(args: { where: { id: string } }): Promise<SyncedRow | null>;
};

/**
 * The row's columns that hold one of the payload's top-level fields under its camelCase name,
 * side by side with the field as Clerk sent it (a time in ms where the column is a date). Read
 * from Clerk's field names, not from the kit's row mapping, so a field mapped to the wrong
 * column, or not at all, shows up as a difference.
 */
function payloadColumns(data: Record<string, unknown>, row: SyncedRow) {
  const expected: Record<string, unknown> = {};
  const actual: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) {
    if (value !== null && typeof value === "object") continue;
    const column = field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    if (!(column in row)) continue;
    const stored = row[column];
    expected[column] =
      stored instanceof Date && typeof value === "number" ? new Date(value) : value;
    actual[column] = stored;
  }
  return { expected, actual };
}

beforeAll(async () => {
  // With BullMQ, events are processed by workers (`pnpm worker`): run one in this process.
  if (clerkSync.queue.kind === "bullmq") await (clerkSync.queue as BullmqSyncQueue).startWorker();
});

afterAll(async () => {
  await clerkSync.close();
  await prisma.$disconnect();
});

/** Deliver a request the way the route does, then wait until the queue has processed it. */
async function deliver(request: Request): Promise<Response> {
  const response = await clerkSync.handleRequest(request);
  await clerkSync.queue.drain();
  return response;
}

describe("POST /api/webhooks", () => {
  it("refuses an unsigned request and records nothing", async () => {
    const before = await prisma.clerkWebhookEvent.count();
    const response = await POST(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fixture("user.created")),
      }),
    );
    expect(response.status).toBe(400);
    expect(await prisma.clerkWebhookEvent.count()).toBe(before);
  });

  it("refuses an event signed with another secret", async () => {
    const request = signedRequest(fixture("user.created"), {
      secret: generateSigningSecret(),
      url,
    });
    const response = await POST(request);
    expect(response.status).toBe(400);
    const svixId = request.headers.get("svix-id") ?? "";
    expect(await prisma.clerkWebhookEvent.findUnique({ where: { id: svixId } })).toBeNull();
  });
});

describe("sync", () => {
  const firstEvents = syncedGroups.map((group) => EVENT_GROUPS[group].events[0]);

  it.each(firstEvents)("%s is recorded and applied", async (type) => {
    const event = fixture(type);
    const request = signedRequest(event, { secret, url });
    const response = await deliver(request);
    expect(response.status).toBe(200);
    const svixId = request.headers.get("svix-id") ?? "";
    const delivery = await prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } });
    expect(delivery.status).toBe("done");
    // The synced row: the object's id, live, in one of its group's models, its columns equal
    // to the payload's fields.
    const group = syncedGroups.find((g) => EVENT_GROUPS[g].events.some((e) => e === type));
    const data = event.data as unknown as Record<string, unknown> & { id: string };
    const found: { model: string; row: SyncedRow }[] = [];
    for (const model of MODELS_OF_GROUP[group ?? "user"]) {
      // Through the delegate by name: which models exist depends on the groups synced.
      const delegate = (prisma as unknown as Record<string, ModelDelegate>)[model];
      const synced = await delegate?.findUnique({ where: { id: data.id } });
      if (synced) found.push({ model, row: synced });
    }
    expect(found.map((f) => f.model)).toHaveLength(1);
    const row = found[0]?.row ?? { deletedAt: null };
    expect(row.deletedAt).toBeNull();
    const { expected, actual } = payloadColumns(data, row);
    // Every first event carries its id, timestamps and a few fields of its own.
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(4);
    expect(actual).toEqual(expected);
  });

  it.runIf((syncedGroups as readonly string[]).includes("user"))(
    "user.created lands in ClerkUser once, however often it is delivered",
    async () => {
      const event = fixture("user.created");
      const delivery = signPayload(event, { secret });
      for (let i = 0; i < 3; i++) {
        const response = await deliver(
          new Request(url, { method: "POST", headers: delivery.headers, body: delivery.body }),
        );
        expect(response.status).toBe(200);
      }
      const primary = event.data.email_addresses.find(
        (address) => address.id === event.data.primary_email_address_id,
      );
      // SQL, not prisma.clerkUser: the model exists only while the user group is synced.
      const users = await prisma.$queryRaw<{ primary_email_address: string | null }[]>`
        SELECT primary_email_address FROM clerk_users WHERE id = ${event.data.id}`;
      expect(users).toEqual([{ primary_email_address: primary?.email_address }]);
      expect(await prisma.clerkWebhookEvent.count({ where: { id: delivery.svixId } })).toBe(1);
    },
  );
});
