import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { type ClerkObject, type FakeClerkApi, startFakeClerkApi } from "../src/fake-api/index.js";
import type { ClerkSync } from "../src/index.js";
import { currentSyncedUser } from "../src/next/index.js";
import { createOnDemandSync, type OnDemandSync } from "../src/on-demand/index.js";
import { seededRandom } from "../src/samples/random.js";
import { fixture } from "../src/testing/index.js";
import { apiOptions } from "./support/backfill.js";
import { type Harness, openHarness } from "./support/harness.js";
import { makeSync, post, rowsOf } from "./support/sync.js";

const INSTANCE = {
  seed: 16,
  users: 120,
  organizations: 4,
  memberships: 20,
  organizationInvitations: 0,
  organizationDomains: 0,
  invitations: 0,
  waitlistEntries: 0,
  roles: 2,
  permissions: 2,
};

/** A webhook event carrying exactly the object Clerk's API serves. */
function eventOf(type: "user.created" | "user.updated", object: ClerkObject) {
  return { ...fixture(type), data: object, timestamp: object.updated_at as number };
}

describe.each(inject("providers"))("on-demand sync on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;
  let api: FakeClerkApi;
  let onDemand: OnDemandSync;

  const requestsFor = (path: string) => api.requests.filter((r) => r.path === path).length;
  const userRow = (id: string) => h.prisma.clerkUser.findUnique({ where: { id } });

  beforeAll(async () => {
    h = await openHarness(provider, "ondemand");
    sync = makeSync(h);
    api = await startFakeClerkApi({ seed: INSTANCE });
  });
  afterAll(async () => {
    await api?.stop();
    await h?.close();
  });
  afterEach(async () => {
    api.clearFaults();
    api.setLatency(0);
    await h.db.reset();
  });
  const fresh = () => {
    onDemand = createOnDemandSync({ prisma: h.prisma, api: apiOptions(api) });
    return onDemand;
  };

  it("returns a user who has no row yet and writes the row; the user.created that follows with the same version changes nothing, a newer one applies", async () => {
    const user = api.store.list("user")[0] as ClerkObject;
    expect(await userRow(user.id)).toBeNull();
    const row = await fresh().ensureUser(user.id);
    expect(row).toMatchObject({
      id: user.id,
      firstName: user.first_name ?? null,
      syncVersion: new Date(user.updated_at as number),
      deletedAt: null,
    });
    expect(await userRow(user.id)).toEqual(row);
    expect(requestsFor(`/users/${user.id}`)).toBe(1);

    // Already there: answered from the database, no request.
    expect(await onDemand.ensureUser(user.id)).toEqual(row);
    expect(requestsFor(`/users/${user.id}`)).toBe(1);

    const created = await post(h, sync, eventOf("user.created", user));
    await sync.queue.drain();
    expect((await h.row(created)).status).toBe("done");
    expect(await userRow(user.id)).toEqual(row);

    const newer = { ...user, first_name: "Newer", updated_at: (user.updated_at as number) + 1_000 };
    await post(h, sync, eventOf("user.updated", newer));
    await sync.queue.drain();
    expect(await userRow(user.id)).toMatchObject({
      firstName: "Newer",
      syncVersion: new Date(newer.updated_at),
    });
  });

  it("fetches again only when the row is older than the caller's minimum", async () => {
    const user = api.store.list("user")[1] as ClerkObject;
    const first = await fresh().ensureUser(user.id);
    const updated = api.store.update("user", user.id, { last_name: "Changed" });
    // Without a minimum, the stored row will do.
    expect(await onDemand.ensureUser(user.id)).toEqual(first);
    const later = await onDemand.ensureUser(user.id, { minVersion: updated.updated_at as number });
    expect(later).toMatchObject({
      lastName: "Changed",
      syncVersion: new Date(updated.updated_at as number),
    });
    expect(requestsFor(`/users/${user.id}`)).toBe(2);
  });

  it("ends in the same row as the webhook alone when ensureUser races it, 100 times in random order", {
    timeout: 300_000,
  }, async () => {
    const reference = await openHarness(provider, "ondemand_ref");
    try {
      const alone = makeSync(reference);
      const random = seededRandom(1616);
      const yieldRandomly = async () => {
        for (let n = Math.floor(random() * 4); n > 0; n--) await new Promise(setImmediate);
      };
      const users = api.store.list("user").slice(10, 110) as ClerkObject[];
      const racer = fresh();
      const race = async (user: ClerkObject) => {
        const event = eventOf(random() < 0.5 ? "user.created" : "user.updated", user);
        const webhook = async () => {
          await yieldRandomly();
          await post(h, sync, event);
          await sync.queue.drain();
        };
        const ensure = async () => {
          await yieldRandomly();
          await racer.ensureUser(user.id);
        };
        await Promise.all(random() < 0.5 ? [webhook(), ensure()] : [ensure(), webhook()]);
        await post(reference, alone, event);
      };
      // Ten users at a time, each raced on its own.
      for (let i = 0; i < users.length; i += 10) {
        await Promise.all(users.slice(i, i + 10).map(race));
      }
      await alone.queue.drain();
      const ids = users.map((u) => u.id);
      const raced = await rowsOf(h.prisma, "clerkUser", ids);
      expect(raced).toHaveLength(100);
      expect(raced).toEqual(await rowsOf(reference.prisma, "clerkUser", ids));
      const deliveries = await h.prisma.clerkWebhookEvent.findMany();
      expect(deliveries.every((d) => d.status === "done" && d.attempts === 1)).toBe(true);
    } finally {
      await reference.close();
    }
  });

  it("makes one API request for 50 concurrent calls for one id", async () => {
    const user = api.store.list("user")[2] as ClerkObject;
    api.setLatency(50);
    const before = requestsFor(`/users/${user.id}`);
    const shared = fresh();
    const concurrent = await Promise.all(
      Array.from({ length: 50 }, () => shared.ensureUser(user.id)),
    );
    expect(requestsFor(`/users/${user.id}`) - before).toBe(1);
    expect(new Set(concurrent.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(concurrent[0]).toMatchObject({ id: user.id });
  });

  it("waits out a 429 for as long as its Retry-After says", async () => {
    const user = api.store.list("user")[3] as ClerkObject;
    api.inject({ status: 429, retryAfter: 1, path: `/users/${user.id}` });
    const started = Date.now();
    const row = await fresh().ensureUser(user.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(row).toMatchObject({ id: user.id });
    const answers = api.requests.filter((r) => r.path === `/users/${user.id}`).map((r) => r.status);
    expect(answers).toEqual([429, 200]);
    expect(onDemand.api().stats.rateLimited).toBe(1);
  });

  it("gives a typed error on a 5xx and writes nothing", async () => {
    const user = api.store.list("user")[4] as ClerkObject;
    api.inject({ status: 503, path: `/users/${user.id}`, times: 10 });
    await expect(fresh().ensureUser(user.id)).rejects.toMatchObject({
      name: "ClerkSyncError",
      code: "CLERK_API_UNAVAILABLE",
      suggestion: expect.stringMatching(/Nothing was written/),
    });
    expect(await userRow(user.id)).toBeNull();
    expect(await h.prisma.clerkUser.count()).toBe(0);
    // The next call, once Clerk answers, writes the row.
    api.clearFaults();
    expect(await onDemand.ensureUser(user.id)).toMatchObject({ id: user.id });
  });

  it("answers null for a user Clerk does not have, and for a deleted one, writing nothing new", async () => {
    expect(await fresh().ensureUser("user_2NotInClerk000000000000000")).toBeNull();
    expect(await h.prisma.clerkUser.count()).toBe(0);
    const user = api.store.list("user")[5] as ClerkObject;
    await post(h, sync, {
      ...fixture("user.deleted"),
      data: { object: "user", id: user.id, deleted: true },
    });
    await sync.queue.drain();
    const before = requestsFor(`/users/${user.id}`);
    expect(await onDemand.ensureUser(user.id)).toBeNull();
    expect(requestsFor(`/users/${user.id}`)).toBe(before);
  });

  it("writes an organization and a membership on demand, through the same sync as their webhooks", async () => {
    const membership = api.store.list("organizationMembership")[0] as ClerkObject;
    const organizationId = (membership.organization as { id: string }).id;
    const userId = (membership.public_user_data as { user_id: string }).user_id;
    const org = await fresh().ensureOrganization(organizationId);
    expect(org).toMatchObject({
      id: organizationId,
      name: api.store.get("organization", organizationId)?.name,
    });
    const member = await onDemand.ensureMembership({ organizationId, userId });
    expect(member).toMatchObject({ id: membership.id, organizationId, userId, deletedAt: null });
    expect(await h.prisma.clerkOrganizationMembership.count()).toBe(1);
    expect(
      await onDemand.ensureMembership({ organizationId, userId: "user_2NotAMember00000000000000" }),
    ).toBeNull();
  });

  it("currentSyncedUser reads the signed-in user from auth(), sync (Clerk 5) or async (6, 7)", async () => {
    const user = api.store.list("user")[6] as ClerkObject;
    const ensure = fresh();
    expect(await currentSyncedUser(ensure, { auth: () => ({ userId: null }) })).toBeNull();
    const sync5 = await currentSyncedUser(ensure, { auth: () => ({ userId: user.id }) });
    const async7 = await currentSyncedUser(ensure, { auth: async () => ({ userId: user.id }) });
    expect(sync5).toMatchObject({ id: user.id });
    expect(async7).toEqual(sync5);
    expect(requestsFor(`/users/${user.id}`)).toBe(1);
  });
});
