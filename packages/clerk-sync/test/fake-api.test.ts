import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClerkObject, seedInstance, startFakeClerkApi } from "../src/fake-api/index.js";
import { fixture } from "../src/testing/index.js";

type Api = Awaited<ReturnType<typeof startFakeClerkApi>>;

describe("the fake Clerk Backend API, read with the real @clerk/backend client", () => {
  let api: Api;
  let clerk: ReturnType<typeof createClerkClient>;
  const error = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: { status?: number; retryAfter?: number; errors?: { code?: string }[] }) => e,
    );

  beforeAll(async () => {
    api = await startFakeClerkApi({
      seed: {
        seed: 3,
        users: 23,
        organizations: 3,
        memberships: 20,
        invitations: 9,
        waitlistEntries: 4,
      },
    });
    clerk = createClerkClient({
      secretKey: api.secretKey,
      apiUrl: api.url,
      telemetry: { disabled: true },
    });
  });
  afterAll(() => api.stop());

  it("pages users as Clerk does: a bare array, total from /users/count, 10 by default, newest first", async () => {
    const first = await clerk.users.getUserList();
    expect(first.totalCount).toBe(23);
    expect(first.data).toHaveLength(10);
    const newestFirst = [...api.store.list("user")].reverse().map((u) => u.id);
    expect(first.data.map((u) => u.id)).toEqual(newestFirst.slice(0, 10));
    const rest = await clerk.users.getUserList({ offset: 20, limit: 500, orderBy: "-created_at" });
    expect(rest.data.map((u) => u.id)).toEqual(newestFirst.slice(20));
    const oldest = await clerk.users.getUserList({ limit: 2, orderBy: "+created_at" });
    expect(oldest.data.map((u) => u.id)).toEqual(
      api.store
        .list("user")
        .slice(0, 2)
        .map((u) => u.id),
    );
    expect(api.requests.some((r) => r.path === "/users/count")).toBe(true);
    const listed = api.requests.find(
      (r) => r.path === "/users" && r.query.get("order_by") === "+created_at",
    );
    expect(listed?.query.get("limit")).toBe("2");
  });

  it("answers the other lists with { data, total_count } and their filters", async () => {
    const orgs = await clerk.organizations.getOrganizationList({
      limit: 2,
      includeMembersCount: true,
    });
    expect(orgs.totalCount).toBe(3);
    expect(orgs.data).toHaveLength(2);
    expect(orgs.data[0]?.membersCount).toBeTypeOf("number");
    const org = api.store.list("organization")[0] as ClerkObject;
    const members = await clerk.organizations.getOrganizationMembershipList({
      organizationId: org.id,
      limit: 500,
    });
    expect(members.totalCount).toBe(
      api.store.listOfOrganization("organizationMembership", org.id).length,
    );
    const all = await clerk.organizations.getInstanceOrganizationMembershipList({ limit: 500 });
    expect(all.totalCount).toBe(20);
    const invitations = await clerk.invitations.getInvitationList({ limit: 500 });
    const revoked = await clerk.invitations.getInvitationList({ limit: 500, status: "revoked" });
    expect(invitations.data.every((i) => i.status !== "revoked")).toBe(true);
    expect(invitations.totalCount + revoked.totalCount).toBe(api.store.count("invitation"));
    const waitlist = await clerk.waitlistEntries.list({ limit: 500 });
    expect(waitlist.totalCount).toBe(4);
  });

  it("serves each object exactly as Clerk's webhooks carry it as data", async () => {
    const user = api.store.list("user")[0] as ClerkObject;
    const fetched = await clerk.users.getUser(user.id);
    expect(fetched.raw).toEqual(user);
    // Every field of the kit's fixture for the same event is there.
    for (const [group, type] of [
      ["user", "user.created"],
      ["organization", "organization.created"],
      ["organizationMembership", "organizationMembership.created"],
      ["invitation", "invitation.created"],
      ["waitlistEntry", "waitlistEntry.created"],
      ["role", "role.created"],
      ["permission", "permission.created"],
      ["organizationDomain", "organizationDomain.created"],
      ["organizationInvitation", "organizationInvitation.created"],
    ] as const) {
      const object = api.store.list(group)[0];
      if (!object) continue;
      // An accepted organization invitation names its user, as organizationInvitation.accepted does.
      const event =
        object.status === "accepted" && group === "organizationInvitation"
          ? "organizationInvitation.accepted"
          : type;
      expect(Object.keys(object).sort(), group).toEqual(Object.keys(fixture(event).data).sort());
    }
  });

  it("validates limit and offset, and the secret key, with Clerk's error bodies", async () => {
    expect((await error(clerk.users.getUserList({ limit: 501 })))?.status).toBe(422);
    expect((await error(clerk.organizations.getOrganizationList({ offset: -1 })))?.status).toBe(
      422,
    );
    const stranger = createClerkClient({
      secretKey: "sk_test_wrong",
      apiUrl: api.url,
      telemetry: { disabled: true },
    });
    const refused = await error(stranger.users.getUserList());
    expect(refused?.status).toBe(401);
    expect(refused?.errors?.[0]?.code).toBe("authentication_invalid");
    expect((await error(clerk.users.getUser("user_missing")))?.status).toBe(404);
  });

  it("injects 429 with Retry-After and 5xx, on the paths asked for, the times asked for", async () => {
    api.inject({ status: 429, retryAfter: 7, path: "/organizations", times: 1 });
    api.inject({ status: 503, path: "/organization_memberships", skip: 1, times: 2 });
    const limited = await error(clerk.organizations.getOrganizationList());
    expect(limited).toMatchObject({ status: 429, retryAfter: 7 });
    expect(await clerk.organizations.getOrganizationList()).toMatchObject({ totalCount: 3 });
    expect(await clerk.organizations.getInstanceOrganizationMembershipList({})).toMatchObject({
      totalCount: 20,
    });
    expect(
      (await error(clerk.organizations.getInstanceOrganizationMembershipList({})))?.status,
    ).toBe(503);
    expect(
      (await error(clerk.organizations.getInstanceOrganizationMembershipList({})))?.status,
    ).toBe(503);
    expect(await clerk.organizations.getInstanceOrganizationMembershipList({})).toMatchObject({
      totalCount: 20,
    });
    expect(api.counts()[503]).toBe(2);
  });

  it("changes mid-run as Clerk would: updates move updated_at, deleting an organization takes its memberships", async () => {
    const org = api.store.list("organization")[1] as ClerkObject;
    const before = api.store.listOfOrganization("organizationMembership", org.id).length;
    const updated = api.store.update("organization", org.id, { name: "Renamed" });
    expect(updated.updated_at).toBeGreaterThan(org.updated_at as number);
    expect((await clerk.organizations.getOrganization({ organizationId: org.id })).name).toBe(
      "Renamed",
    );
    api.store.remove("organization", org.id);
    const all = await clerk.organizations.getInstanceOrganizationMembershipList({ limit: 500 });
    expect(all.totalCount).toBe(20 - before);
    expect(
      (await error(clerk.organizations.getOrganizationMembershipList({ organizationId: org.id })))
        ?.status,
    ).toBe(404);
  });

  it("applies a webhook's change as Clerk made it: newer versions win, deletions are final", async () => {
    const user = api.store.list("user")[2] as ClerkObject;
    const at = (user.updated_at as number) + 1_000;
    const newer = fixture("user.updated", {
      data: { ...user, first_name: "Newer", updated_at: at } as never,
    });
    const older = fixture("user.updated", {
      data: { ...user, first_name: "Older", updated_at: at - 500 } as never,
    });
    expect(api.store.apply(newer)).toBe(true);
    expect(api.store.apply(older)).toBe(false);
    expect((await clerk.users.getUser(user.id)).firstName).toBe("Newer");
    expect(api.store.apply(fixture("user.deleted", { data: { id: user.id } }))).toBe(true);
    expect(
      api.store.apply(fixture("user.updated", { data: { ...user, updated_at: at + 1 } as never })),
    ).toBe(false);
    expect((await error(clerk.users.getUser(user.id)))?.status).toBe(404);
    // Events of groups Clerk cannot list change nothing.
    expect(api.store.apply(fixture("session.created"))).toBe(false);
  });

  it("seeds the same instance from the same seed", () => {
    const size = { users: 50, organizations: 4, memberships: 30, waitlistEntries: 10 };
    expect(seedInstance({ ...size, seed: 11 })).toEqual(seedInstance({ ...size, seed: 11 }));
    expect(seedInstance({ ...size, seed: 11 }).user[0]?.id).not.toBe(
      seedInstance({ ...size, seed: 12 }).user[0]?.id,
    );
  });
});
