import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ClerkSync } from "../src/index.js";
import {
  delegateOf,
  getOrganizationWithMembers,
  syncHandlers,
  syncRowOf,
  type WriteOf,
  writeVersioned,
} from "../src/prisma/index.js";
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

  it("user.created for a row the app wrote at the same version: done, and the same row whichever came first", async () => {
    const [first, second] = [clerkId("user"), clerkId("user")];
    // What the app read from Clerk's API at the same updated_at, with a name since changed.
    const created = userEvent("user.created", first, T0 + SECOND, "Ada");
    const event = (id: string) => ({ ...created, data: { ...created.data, id } });
    const appRow = (id: string) => ({
      ...(syncRowOf(event(id)).row as WriteOf<"clerkUser">),
      firstName: "From the API",
      raw: {},
    });
    // The app's row, then the event; and the other way round, the app writing through the kit.
    await h.prisma.clerkUser.create({ data: appRow(first) });
    const ids = await deliverInOrder(h, sync, [event(first), event(second)]);
    await expectDoneFirstTime(h, ids);
    await h.prisma.$transaction((tx) =>
      writeVersioned(delegateOf(tx, "clerkUser"), appRow(second), "upsert"),
    );
    const [a, b] = [await user(first), await user(second)];
    expect(["From the API", "Ada"]).toContain(a?.firstName);
    expect({ ...b, id: first }).toEqual(a);
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

  it("a delete is final: a create or update after it, even a newer one, leaves the tombstone", async () => {
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
      membershipEvent("organizationMembership.updated", ids, T0 + 3 * SECOND, "org:admin"),
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
        deletedAt: new Date(T0 + 2 * SECOND),
        role: "org:member",
        syncVersion: new Date(T0 + 2 * SECOND),
      });
    }
  });

  it("two deletes of one row end the same in either order: the later one's tombstone", async () => {
    const [a, b] = [clerkId("user"), clerkId("user")];
    const deleted = (id: string, t: number) =>
      fixture("user.deleted", { timestamp: t, data: { id } });
    const ids = await deliverInOrder(h, sync, [
      deleted(a, T0 + SECOND),
      deleted(a, T0 + 2 * SECOND),
      deleted(b, T0 + 2 * SECOND),
      deleted(b, T0 + SECOND),
    ]);
    await expectDoneFirstTime(h, ids);
    for (const id of [a, b]) {
      expect(await user(id)).toMatchObject({ deletedAt: new Date(T0 + 2 * SECOND) });
    }
  });

  it("an envelope timestamp in seconds is read as seconds: the delete tombstones the row", async () => {
    const id = clerkId("user");
    const t = Date.UTC(2026, 0, 1, 12);
    const ids = await deliverInOrder(h, sync, [
      userEvent("user.created", id, t - 5 * SECOND, "Ada"),
      fixture("user.deleted", { timestamp: t / 1000, data: { id } }),
      userEvent("user.updated", id, t - 2 * SECOND, "Grace"),
    ]);
    await expectDoneFirstTime(h, ids);
    expect(await user(id)).toMatchObject({ deletedAt: new Date(t), syncVersion: new Date(t) });
    const row = (await ledgerOf(h, ids)).get(ids[1] ?? "");
    expect(row?.eventTimestamp).toEqual(new Date(t));
  });

  it("events of one object at the same instant end in the same row in every order", async () => {
    const t = T0 + 7 * SECOND;
    const sessionAt = (id: string, type: "session.created" | "session.pending" | "session.ended") =>
      fixture(type, { timestamp: t + 5, data: { id, client_id: "client_1", updated_at: t } });
    const invitationAt = (id: string, type: "invitation.accepted" | "invitation.revoked") =>
      fixture(type, { timestamp: t + 5, data: { id, updated_at: t } });
    const attemptAt = (id: string, amount: number) =>
      fixture("paymentAttempt.updated", {
        timestamp: t + 5,
        data: { id, status: "pending", updated_at: t, totals: { grand_total: { amount } } },
      });
    const cases = [
      {
        model: "clerkSession" as const,
        events: (id: string) => [
          sessionAt(id, "session.created"),
          sessionAt(id, "session.pending"),
          sessionAt(id, "session.ended"),
        ],
        // The stage that comes last in a session's life wins a tie.
        expected: { status: "ended" },
      },
      {
        model: "clerkInvitation" as const,
        events: (id: string) => [
          invitationAt(id, "invitation.accepted"),
          invitationAt(id, "invitation.revoked"),
        ],
        expected: {},
      },
      {
        model: "clerkPaymentAttempt" as const,
        events: (id: string) => [attemptAt(id, 1000), attemptAt(id, 2000)],
        expected: { status: "pending" },
      },
    ];
    for (const { model, events, expected } of cases) {
      // The same events for every order, under a fresh id each time.
      const template = events("id_template");
      const withId = (id: string) =>
        template.map((e) => JSON.parse(JSON.stringify(e).replaceAll("id_template", id)));
      const rows = [];
      for (const order of [
        [0, 1, 2],
        [2, 1, 0],
        [1, 2, 0],
        [1, 0, 2],
      ]) {
        const id = clerkId(model);
        const all = withId(id);
        const ids = await deliverInOrder(
          h,
          sync,
          order.filter((i) => i < all.length).map((i) => all[i]),
        );
        await expectDoneFirstTime(h, ids);
        const row = await rowOf(h, model, id);
        expect(row, model).toMatchObject({ ...expected, syncVersion: new Date(t) });
        rows.push(JSON.parse(JSON.stringify(row).replaceAll(id, "id")));
      }
      for (const row of rows.slice(1)) expect(row, model).toEqual(rows[0]);
    }
  });

  it("email.created and sms.created redelivered under new svix-ids: one row each, the newest event's", async () => {
    const email = fixture("email.created", { timestamp: T0 + SECOND, data: { status: "queued" } });
    const again = fixture("email.created", {
      timestamp: T0 + 2 * SECOND,
      data: { id: email.data.id, status: "sent" },
    });
    const sms = fixture("sms.created");
    const ids = await deliverInOrder(h, sync, [again, email, sms, sms]);
    await expectDoneFirstTime(h, ids);
    expect(await rowOf(h, "clerkEmail", email.data.id)).toMatchObject({ status: "sent" });
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
