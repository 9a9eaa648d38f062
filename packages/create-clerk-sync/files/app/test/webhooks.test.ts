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

type ModelDelegate = {
  findUnique(args: { where: { id: string } }): Promise<{ deletedAt: Date | null } | null>;
};

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
    const row = await prisma.clerkWebhookEvent.findUniqueOrThrow({ where: { id: svixId } });
    expect(row.status).toBe("done");
    // The synced row: the object's id, live, in one of its group's models.
    const group = syncedGroups.find((g) => EVENT_GROUPS[g].events.some((e) => e === type));
    const id = (event.data as { id: string }).id;
    const found: { model: string; deletedAt: Date | null }[] = [];
    for (const model of MODELS_OF_GROUP[group ?? "user"]) {
      // Through the delegate by name: which models exist depends on the groups synced.
      const delegate = (prisma as unknown as Record<string, ModelDelegate>)[model];
      const synced = await delegate?.findUnique({ where: { id } });
      if (synced) found.push({ model, deletedAt: synced.deletedAt });
    }
    expect(found).toEqual([{ model: expect.any(String), deletedAt: null }]);
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
