import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { backfill, type RunProgress } from "../src/backfill/index.js";
import {
  type ClerkObject,
  type FakeClerkApi,
  type FakeRequest,
  startFakeClerkApi,
} from "../src/fake-api/index.js";
import { apiOptions, expectDatabaseEqualsClerk, SMALL_INSTANCE } from "./support/backfill.js";
import { openTestDatabase, type TestDatabase } from "./support/db.js";

describe.each(inject("providers"))("clerk-sync backfill on %s", (provider) => {
  let db: TestDatabase;
  let api: FakeClerkApi;

  beforeAll(async () => {
    db = await openTestDatabase(provider, "backfill");
    api = await startFakeClerkApi({ seed: SMALL_INSTANCE });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });
  afterEach(async () => {
    api.clearFaults();
    api.seed(SMALL_INSTANCE);
    await db.reset();
  });

  it("backfills every listable group through 429s, 5xx and changes made mid-run, and ends equal to Clerk", async () => {
    api.inject({ status: 429, retryAfter: 1, path: "/users", skip: 2 });
    api.inject({ status: 503, path: "/organization_memberships", times: 2 });
    api.inject({ status: 500, path: /^\/organizations\/[^/]+\/domains$/, skip: 3 });
    const users = api.store.list("user");
    const firstPage = users.slice(0, 100);
    const deleted = firstPage[10] as ClerkObject;
    const updated = firstPage[20] as ClerkObject;
    // An organization without invitations: Clerk sends no event when an organization
    // invitation goes away, so no sync could tombstone those (reconcile reports them).
    const doomedOrg = api.store
      .list("organization")
      .find(
        (o) =>
          api.store.listOfOrganization("organizationInvitation", o.id).length === 0 &&
          api.store.listOfOrganization("organizationMembership", o.id).length > 0,
      ) as ClerkObject;
    const doomedMembers = api.store
      .listOfOrganization("organizationMembership", doomedOrg.id)
      .map((m) => m.id);
    let changed = false;
    let orgDeleted = false;
    api.onRequest((request: FakeRequest) => {
      // After the first page of users is read: a deletion before the current offset (which
      // shifts every later user one place back), an update of a user already read, a new user.
      if (!changed && request.path === "/users" && request.query.get("offset") !== null) {
        changed = true;
        api.store.remove("user", deleted.id);
        api.store.update("user", updated.id, { first_name: "Renamed" });
        api.store.insert("user", {
          ...(users.at(-1) as ClerkObject),
          id: "user_2CreatedMidRun0000000000000",
          created_at: Date.now(),
          updated_at: Date.now(),
        });
      }
      // Once organizations and memberships are written: an organization deleted with its
      // memberships, invitations and domain.
      if (!orgDeleted && request.path === "/invitations") {
        orgDeleted = true;
        api.store.remove("organization", doomedOrg.id);
      }
    });
    const progress: RunProgress[] = [];
    const started = performance.now();
    const report = await backfill({
      prisma: db.prisma,
      api: apiOptions(api),
      pageSize: 100,
      onProgress: (p) => progress.push(p),
    });

    console.info(
      `backfill on ${provider}: ${JSON.stringify(report.groups.map((g) => [g.group, g.listed, g.durationMs]))} in ${Math.round(performance.now() - started)} ms`,
    );
    expect(changed && orgDeleted).toBe(true);
    await expectDatabaseEqualsClerk(db.prisma, api);
    // What was deleted in Clerk is a tombstone here, as a webhook's delete would leave it.
    const tombstones = await db.prisma.clerkUser.findMany({ where: { deletedAt: { not: null } } });
    expect(tombstones.map((t) => t.id)).toEqual([deleted.id]);
    expect(
      await db.prisma.clerkOrganization.findUnique({ where: { id: doomedOrg.id } }),
    ).toMatchObject({
      deletedAt: expect.any(Date),
    });
    const members = await db.prisma.clerkOrganizationMembership.findMany({
      where: { id: { in: doomedMembers } },
    });
    expect(members.every((m) => m.deletedAt !== null)).toBe(true);

    // Clerk pushed back, and the backfill waited as told.
    expect(report.api).toMatchObject({ rateLimited: 1, serverErrors: 3 });
    const limited = api.requests.findIndex((r) => r.status === 429);
    const after = api.requests.slice(limited + 1).find((r) => r.path === "/users");
    expect((after?.at ?? 0) - (api.requests[limited]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(progress.some((p) => p.wait?.reason === "rate-limited" && p.wait.ms >= 1000)).toBe(true);
    const report429 = progress.find((p) => p.wait?.reason === "rate-limited");
    expect(report429?.wait?.what).toMatch(/^users/);

    const user = report.groups.find((g) => g.group === "user");
    // Every user listed once (the one created mid-run too), none skipped when the deletion
    // shifted the pages: the verifying pass found nothing missing.
    expect(user).toMatchObject({ listed: 401, deleted: 1, stale: 1, missing: 0 });
    // The verifying pass found nothing left the second time.
    expect(user?.rounds).toBe(2);
    expect(report.drift).toBe(0);

    // The run is recorded, its checkpoints and scratch rows gone.
    const run = await db.prisma.clerkSyncRun.findUniqueOrThrow({ where: { id: report.runId } });
    expect(run).toMatchObject({ command: "backfill", status: "done", drift: 0 });
    expect(await db.prisma.clerkSyncCheckpoint.count()).toBe(0);
    expect(await db.prisma.clerkSyncSeen.count()).toBe(0);
  });

  it("writes through the version guard: newer rows from webhooks stay, older ones are brought up to date", async () => {
    const [newer, older] = api.store.list("user") as ClerkObject[];
    if (!newer || !older) throw new Error("no users");
    // A webhook already brought a newer version of one user, and an older version of another.
    const { syncObjects } = await import("../src/backfill/index.js");
    const ahead = {
      ...newer,
      first_name: "FromWebhook",
      updated_at: (newer.updated_at as number) + 60_000,
    };
    const behind = {
      ...older,
      first_name: "Stale",
      updated_at: (older.updated_at as number) - 60_000,
    };
    await db.prisma.$transaction((tx) => syncObjects(tx, "user", [ahead, behind]));
    await backfill({ prisma: db.prisma, api: apiOptions(api), groups: ["user"], verify: false });
    const rows = await db.prisma.clerkUser.findMany({
      where: { id: { in: [newer.id, older.id] } },
    });
    expect(rows.find((r) => r.id === newer.id)?.firstName).toBe("FromWebhook");
    expect(rows.find((r) => r.id === older.id)?.firstName).toBe(older.first_name);
  });

  it.runIf(provider === "sqlite")(
    "stays under the request rate, and honours Retry-After when the limit is lower than it was told",
    async () => {
      // Clerk's own limiter in miniature: 10 requests per second.
      const limited = await startFakeClerkApi({
        seed: { users: 40, organizations: 6, memberships: 0, roles: 0, permissions: 0 },
        rateLimit: { requests: 10, windowMs: 1_000 },
      });
      try {
        const groups = ["user", "organization"] as const;
        const under = await backfill({
          prisma: db.prisma,
          // 8 per second: a margin for requests arriving closer together than they left.
          api: apiOptions(limited, { requestsPer10s: 80 }),
          groups,
          pageSize: 10,
        });
        expect(under.api.requests).toBeGreaterThan(15);
        expect(limited.counts()[429]).toBeUndefined();
        // Told 1000 per 10 s, it goes over Clerk's real limit and is pushed back; it waits and ends.
        await db.reset();
        const over = await backfill({
          prisma: db.prisma,
          api: apiOptions(limited, { requestsPer10s: 1_000 }),
          groups,
          pageSize: 10,
        });
        expect(over.api.rateLimited).toBeGreaterThan(0);
        // getUserList asks for the page and the count at once: one call can meet two 429s.
        expect(limited.counts()[429]).toBeGreaterThanOrEqual(over.api.rateLimited);
        await expectDatabaseEqualsClerk(db.prisma, limited, groups);
      } finally {
        await limited.stop();
      }
    },
  );
});
