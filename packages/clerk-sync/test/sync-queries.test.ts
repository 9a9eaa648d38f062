import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { ClerkSync } from "../src/index.js";
import {
  countLive,
  getOrganizationWithMembers,
  joinMemberUsers,
  listLive,
  listUserMemberships,
  listUsers,
} from "../src/prisma/index.js";
import { clerkId, fixture } from "../src/testing/index.js";
import { type Harness, openHarness } from "./support/harness.js";
import { deliverInOrder, expectDoneFirstTime, makeSync } from "./support/sync.js";

const T0 = Date.UTC(2026, 0, 1);

describe.each(inject("providers"))("query helpers on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;

  beforeAll(async () => {
    h = await openHarness(provider, "sync_queries");
    sync = makeSync(h);
  });
  afterAll(() => h.close());
  beforeEach(() => h.db.reset());

  /** Sync events through the route, in order; each must be done on its first attempt. */
  async function given(...events: Parameters<typeof deliverInOrder>[2]) {
    await expectDoneFirstTime(h, await deliverInOrder(h, sync, events));
  }

  const user = (id: string, first: string, email: string, createdAt: number) =>
    fixture("user.created", {
      data: {
        id,
        first_name: first,
        last_name: "Tester",
        email_addresses: [{ id: `idn_${id}`, email_address: email }],
        primary_email_address_id: `idn_${id}`,
        created_at: createdAt,
        updated_at: createdAt,
      },
    });
  const membership = (id: string, org: string, userId: string, role: string, at: number) =>
    fixture("organizationMembership.created", {
      data: {
        id,
        role,
        organization: { id: org },
        public_user_data: { user_id: userId, identifier: `${userId}@example.com` },
        created_at: at,
        updated_at: at,
      },
    });

  it("listUsers: live users, newest first, paginated, searchable without regard to case", async () => {
    const [ada, grace, alan, gone] = ["ada", "grace", "alan", "gone"].map((n) => `user_${n}`);
    await given(
      user(ada as string, "Ada", "ada@example.com", T0 + 1),
      user(grace as string, "Grace", "grace@navy.example", T0 + 2),
      user(alan as string, "Alan", "alan@example.com", T0 + 3),
      user(gone as string, "Gone", "gone@example.com", T0 + 4),
      fixture("user.deleted", { data: { id: gone } }),
    );

    const first = await listUsers(h.prisma, { take: 2 });
    expect(first.total).toBe(3);
    expect(first.rows.map((u) => u.id)).toEqual([alan, grace]);
    const second = await listUsers(h.prisma, { take: 2, skip: 2 });
    expect(second.rows.map((u) => u.id)).toEqual([ada]);

    expect((await listUsers(h.prisma, { search: "GRACE" })).rows.map((u) => u.id)).toEqual([grace]);
    expect((await listUsers(h.prisma, { search: "navy.example" })).rows.map((u) => u.id)).toEqual([
      grace,
    ]);
    const examples = await listUsers(h.prisma, { search: " @Example.com " });
    expect(examples.rows.map((u) => u.id)).toEqual([alan, ada]);
    expect(examples.total).toBe(2);
    expect((await listUsers(h.prisma, { search: "gone" })).total).toBe(0);
  });

  /** Three members of `org`, oldest first: a synced user, one not synced, one deleted. */
  function threeMembers(org: string) {
    const [synced, unsynced, deletedUser] = [1, 2, 3].map(() => clerkId("user")) as [
      string,
      string,
      string,
    ];
    const m = [1, 2, 3].map(() => clerkId("orgmem"));
    const events = [
      user(synced, "Ada", "ada@example.com", T0),
      user(deletedUser, "Gone", "gone@example.com", T0),
      fixture("user.deleted", { data: { id: deletedUser } }),
      membership(m[0] as string, org, synced, "org:admin", T0 + 1),
      membership(m[1] as string, org, unsynced, "org:member", T0 + 2),
      membership(m[2] as string, org, deletedUser, "org:member", T0 + 3),
    ];
    return { synced, unsynced, deletedUser, m, events };
  }

  it("getOrganizationWithMembers: live members joined to their user rows by Clerk id", async () => {
    const org = clerkId("org");
    const { synced, unsynced, m, events } = threeMembers(org);
    const left = clerkId("user");
    m.push(clerkId("orgmem"));
    await given(
      fixture("organization.created", { data: { id: org, name: "Engines" } }),
      ...events,
      membership(m[3] as string, org, left, "org:member", T0 + 4),
      fixture("organizationMembership.deleted", {
        data: { id: m[3], organization: { id: org }, public_user_data: { user_id: left } },
      }),
      membership(clerkId("orgmem"), clerkId("org"), synced, "org:member", T0 + 5),
    );

    const result = await getOrganizationWithMembers(h.prisma, org);
    expect(result?.organization).toMatchObject({ id: org, name: "Engines" });
    expect(
      result?.members.map((x) => [x.membership.id, x.membership.role, x.user?.firstName ?? null]),
    ).toEqual([
      [m[0], "org:admin", "Ada"],
      [m[1], "org:member", null],
    ]);
    expect(result?.members[1]?.membership.userIdentifier).toBe(`${unsynced}@example.com`);

    expect(await getOrganizationWithMembers(h.prisma, clerkId("org"))).toBeNull();
    await given(fixture("organization.deleted", { data: { id: org } }));
    expect(await getOrganizationWithMembers(h.prisma, org)).toBeNull();
  });

  it("joinMemberUsers: each membership in the order given, with its user row, deleted users kept", async () => {
    const org = clerkId("org");
    const { synced, deletedUser, m, events } = threeMembers(org);
    await given(...events);
    const memberships = await h.prisma.clerkOrganizationMembership.findMany({
      where: { organizationId: org },
      orderBy: { createdAt: "desc" },
    });
    const joined = await joinMemberUsers(h.prisma, memberships);
    expect(
      joined.map((x) => [x.membership.id, x.user?.id ?? null, Boolean(x.user?.deletedAt)]),
    ).toEqual([
      [m[2], deletedUser, true],
      [m[1], null, false],
      [m[0], synced, false],
    ]);
    expect(await joinMemberUsers(h.prisma, [])).toEqual([]);
  });

  it("listUserMemberships: live memberships with their organizations, deleted organizations left out", async () => {
    const userId = clerkId("user");
    const [synced, unsynced, deleted] = [1, 2, 3].map(() => clerkId("org"));
    const [a, b, c, d] = [1, 2, 3, 4].map(() => clerkId("orgmem"));
    await given(
      fixture("organization.created", { data: { id: synced, name: "Engines" } }),
      fixture("organization.deleted", { data: { id: deleted } }),
      membership(a as string, synced as string, userId, "org:admin", T0 + 1),
      membership(b as string, unsynced as string, userId, "org:member", T0 + 2),
      membership(c as string, deleted as string, userId, "org:member", T0 + 3),
      membership(d as string, synced as string, clerkId("user"), "org:member", T0 + 4),
    );
    const memberships = await listUserMemberships(h.prisma, userId);
    expect(memberships.map((x) => [x.membership.id, x.organization?.name ?? null])).toEqual([
      [a, "Engines"],
      [b, null],
    ]);
  });

  it("listLive and countLive: live rows of any model, most recently changed first", async () => {
    const sessions = [1, 2, 3].map((n) =>
      fixture("session.created", { data: { id: `sess_${n}`, updated_at: T0 + n } }),
    );
    await given(...sessions, fixture("organizationDomain.deleted", { data: { id: "orgdmn_1" } }));
    await h.prisma.clerkSession.update({
      where: { id: "sess_2" },
      data: { deletedAt: new Date() },
    });

    const page = await listLive(h.prisma, "clerkSession", { take: 1 });
    expect(page).toMatchObject({ total: 2, take: 1, skip: 0 });
    expect(page.rows.map((s) => s.id)).toEqual(["sess_3"]);
    expect((await listLive(h.prisma, "clerkSession", { skip: 1 })).rows.map((s) => s.id)).toEqual([
      "sess_1",
    ]);
    expect(await countLive(h.prisma, "clerkSession")).toBe(2);
    expect(await countLive(h.prisma, "clerkOrganizationDomain")).toBe(0);
    expect(await h.prisma.clerkOrganizationDomain.count()).toBe(1);
  });
});
