import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ClerkSync } from "../src/index.js";
import { delegateOf, getOrganizationWithMembers, syncHandlers } from "../src/prisma/index.js";
import { clerkId, fixture } from "../src/testing/index.js";
import { type Harness, openHarness } from "./support/harness.js";
import {
  deliverInOrder,
  expectDoneFirstTime,
  ledgerOf,
  makeSync,
  post,
  rowOf,
} from "./support/sync.js";

const T0 = Date.UTC(2026, 0, 1);
const SECOND = 1000;

/** A user event at time `t` (its data.updated_at; the event itself is sent a little later). */
function userEvent(
  type: "user.created" | "user.updated",
  id: string,
  t: number,
  firstName: string,
) {
  return fixture(type, {
    timestamp: t + 200,
    data: { id, first_name: firstName, created_at: T0, updated_at: t },
  });
}

function membershipEvent(
  type:
    | "organizationMembership.created"
    | "organizationMembership.updated"
    | "organizationMembership.deleted",
  ids: { id: string; org: string; user: string },
  t: number,
  role = "org:member",
) {
  return fixture(type, {
    timestamp: t + 200,
    data: {
      id: ids.id,
      role,
      created_at: T0,
      updated_at: t,
      organization: { id: ids.org },
      public_user_data: { user_id: ids.user },
    },
  });
}

describe.each(inject("providers"))("order, duplicates and existing rows on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;

  beforeAll(async () => {
    h = await openHarness(provider, "sync_order");
    sync = makeSync(h);
  });
  afterAll(() => h.close());

  const user = (id: string) => rowOf(h, "clerkUser", id);

  it("user.created for a row the app already created: done on the first attempt, newer data wins", async () => {
    const id = clerkId("user");
    // The app wrote the row on sign-up, from an older read of the user.
    await h.prisma.clerkUser.create({
      data: {
        id,
        firstName: "Signed up",
        publicMetadata: {},
        privateMetadata: {},
        unsafeMetadata: {},
        raw: {},
        syncVersion: new Date(T0),
      },
    });
    const ids = await deliverInOrder(h, sync, [userEvent("user.created", id, T0 + SECOND, "Ada")]);
    await expectDoneFirstTime(h, ids);
    expect(await user(id)).toMatchObject({
      firstName: "Ada",
      primaryEmailAddress: "ada@example.com",
      syncVersion: new Date(T0 + SECOND),
    });
  });

  it("user.created for a row the app wrote at the same version: done, the row is kept as is", async () => {
    const id = clerkId("user");
    await h.prisma.clerkUser.create({
      data: {
        id,
        firstName: "From the API",
        publicMetadata: {},
        privateMetadata: {},
        unsafeMetadata: {},
        raw: {},
        syncVersion: new Date(T0 + SECOND),
      },
    });
    const ids = await deliverInOrder(h, sync, [userEvent("user.created", id, T0 + SECOND, "Ada")]);
    await expectDoneFirstTime(h, ids);
    expect(await user(id)).toMatchObject({ firstName: "From the API" });
  });

  it("organizationMembership.created before its organization and user: done, joined once they arrive", async () => {
    const ids = { id: clerkId("orgmem"), org: clerkId("org"), user: clerkId("user") };
    const first = await deliverInOrder(h, sync, [
      membershipEvent("organizationMembership.created", ids, T0 + SECOND, "org:admin"),
    ]);
    await expectDoneFirstTime(h, first);
    expect(await rowOf(h, "clerkOrganizationMembership", ids.id)).toMatchObject({
      organizationId: ids.org,
      userId: ids.user,
      role: "org:admin",
    });
    expect(await getOrganizationWithMembers(h.prisma, ids.org)).toBeNull();

    const later = await deliverInOrder(h, sync, [
      fixture("organization.created", { data: { id: ids.org, name: "Engines" } }),
      userEvent("user.created", ids.user, T0, "Ada"),
    ]);
    await expectDoneFirstTime(h, later);
    const org = await getOrganizationWithMembers(h.prisma, ids.org);
    expect(org?.organization.name).toBe("Engines");
    expect(org?.members.map((m) => [m.membership.id, m.membership.role, m.user?.id])).toEqual([
      [ids.id, "org:admin", ids.user],
    ]);
  });

  it("an update that arrives before its create: the update's data stays", async () => {
    const id = clerkId("user");
    const ids = await deliverInOrder(h, sync, [
      userEvent("user.updated", id, T0 + 2 * SECOND, "Grace"),
      userEvent("user.created", id, T0 + SECOND, "Ada"),
    ]);
    await expectDoneFirstTime(h, ids);
    expect(await user(id)).toMatchObject({
      firstName: "Grace",
      syncVersion: new Date(T0 + 2 * SECOND),
      deletedAt: null,
    });
  });

  it("a delete before the create and updates it follows: the tombstone stays, all done", async () => {
    const id = clerkId("user");
    const deletedAt = T0 + 3 * SECOND;
    const ids = await deliverInOrder(h, sync, [
      fixture("user.deleted", { timestamp: deletedAt, data: { id } }),
      userEvent("user.updated", id, T0 + 2 * SECOND, "Grace"),
      userEvent("user.created", id, T0 + SECOND, "Ada"),
    ]);
    await expectDoneFirstTime(h, ids);
    expect(await user(id)).toMatchObject({
      firstName: null,
      primaryEmailAddress: null,
      deletedAt: new Date(deletedAt),
      syncVersion: new Date(deletedAt),
      raw: { object: "user", id, deleted: true },
    });
  });

  it("deleting a row that never existed succeeds and leaves a tombstone", async () => {
    const id = clerkId("orgdmn");
    const ids = await deliverInOrder(h, sync, [
      fixture("organizationDomain.deleted", { timestamp: T0, data: { id } }),
    ]);
    await expectDoneFirstTime(h, ids);
    expect(await rowOf(h, "clerkOrganizationDomain", id)).toMatchObject({
      id,
      deletedAt: new Date(T0),
      name: null,
    });
  });

  it("a delete and an update at the same instant: deleted, in either order", async () => {
    const [a, b] = [clerkId("user"), clerkId("user")];
    const t = T0 + SECOND;
    const deleted = (id: string) => fixture("user.deleted", { timestamp: t, data: { id } });
    const ids = await deliverInOrder(h, sync, [
      userEvent("user.updated", a, t, "Ada"),
      deleted(a),
      deleted(b),
      userEvent("user.updated", b, t, "Ada"),
    ]);
    await expectDoneFirstTime(h, ids);
    expect((await user(a))?.deletedAt).toEqual(new Date(t));
    expect((await user(b))?.deletedAt).toEqual(new Date(t));
  });

  it("a membership deleted and re-created with the same id is live again, in any order", async () => {
    const history = (ids: { id: string; org: string; user: string }) => [
      membershipEvent("organizationMembership.created", ids, T0 + SECOND),
      fixture("organizationMembership.deleted", {
        timestamp: T0 + 2 * SECOND,
        data: {
          id: ids.id,
          organization: { id: ids.org },
          public_user_data: { user_id: ids.user },
        },
      }),
      membershipEvent("organizationMembership.created", ids, T0 + 3 * SECOND, "org:admin"),
    ];
    const inOrder = { id: clerkId("orgmem"), org: clerkId("org"), user: clerkId("user") };
    const reversed = { id: clerkId("orgmem"), org: clerkId("org"), user: clerkId("user") };
    const ids = [
      ...(await deliverInOrder(h, sync, history(inOrder))),
      ...(await deliverInOrder(h, sync, history(reversed).reverse())),
    ];
    await expectDoneFirstTime(h, ids);
    for (const m of [inOrder, reversed]) {
      expect(await rowOf(h, "clerkOrganizationMembership", m.id)).toMatchObject({
        deletedAt: null,
        role: "org:admin",
        syncVersion: new Date(T0 + 3 * SECOND),
      });
    }
  });

  it("a re-delivered older event under a new svix-id changes nothing", async () => {
    const id = clerkId("user");
    const created = userEvent("user.created", id, T0 + SECOND, "Ada");
    const ids = await deliverInOrder(h, sync, [
      created,
      userEvent("user.updated", id, T0 + 2 * SECOND, "Grace"),
      created,
      created,
    ]);
    await expectDoneFirstTime(h, ids);
    expect(new Set(ids).size).toBe(4);
    expect(await user(id)).toMatchObject({ firstName: "Grace" });
  });

  it("email.created and sms.created are append-only: the first delivery of an id is kept", async () => {
    const email = fixture("email.created", { data: { status: "queued" } });
    const again = fixture("email.created", { data: { id: email.data.id, status: "sent" } });
    const sms = fixture("sms.created");
    const ids = await deliverInOrder(h, sync, [email, again, sms, sms]);
    await expectDoneFirstTime(h, ids);
    expect(await rowOf(h, "clerkEmail", email.data.id)).toMatchObject({ status: "queued" });
    expect(await h.prisma.clerkSmsMessage.count({ where: { id: sms.data.id } })).toBe(1);
  });

  it("a create and its updates posted at once: the newest wins, each done on the first attempt", async () => {
    const id = clerkId("user");
    const events = [
      userEvent("user.created", id, T0 + SECOND, "v1"),
      ...[2, 3, 4, 5, 6].map((n) => userEvent("user.updated", id, T0 + n * SECOND, `v${n}`)),
    ];
    const ids = await Promise.all([...events, ...events].map((e) => post(h, sync, e)));
    await sync.queue.drain();
    await expectDoneFirstTime(h, ids);
    expect(await user(id)).toMatchObject({
      firstName: "v6",
      syncVersion: new Date(T0 + 6 * SECOND),
    });
  });

  it("a client without a group's model: the delivery fails with a message naming the model", async () => {
    expect(() => delegateOf({ clerkUser: {} }, "clerkSession")).toThrow(
      /no "clerkSession" model.*"session" group/,
    );
    const narrow = h.make({
      handlers: [
        {
          "session.created": async (context) => {
            const { clerkSession: _hidden, ...withoutSessions } = context.tx;
            await syncHandlers(["session"])["session.created"]?.({
              ...context,
              tx: withoutSessions as never,
            });
          },
        },
      ],
    });
    const [svixId] = await deliverInOrder(h, narrow, [fixture("session.created")]);
    const row = (await ledgerOf(h, [svixId ?? ""])).get(svixId ?? "");
    expect(row?.status).toBe("failed");
    expect(row?.lastError).toMatch(/SYNC_MODEL_MISSING|no "clerkSession" model/);
  });
});
