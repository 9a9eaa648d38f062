import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type ClerkEventType,
  type ClerkSync,
  EVENT_GROUP_NAMES,
  EVENT_GROUPS,
  EVENT_TYPES,
  type EventData,
} from "../src/index.js";
import { syncHandlers } from "../src/prisma/index.js";
import { type FixtureOverrides, fixture } from "../src/testing/index.js";
import { type Harness, openHarness } from "./support/harness.js";
import { expectDoneFirstTime, makeSync, post, rowOf } from "./support/sync.js";

const DAY = 24 * 60 * 60_000;

interface Case<T extends ClerkEventType> {
  /** Overrides that make the event differ from its group's other events. */
  data?: FixtureOverrides<T>["data"];
  /** The typed columns the event must write (besides id, raw, version and tombstone). */
  columns: (data: EventData<T>) => Record<string, unknown>;
}

const d = (ms: number | null | undefined) => (typeof ms === "number" ? new Date(ms) : null);

const userColumns = (u: EventData<"user.created">) => ({
  firstName: u.first_name,
  lastName: "Lovelace",
  username: u.username,
  imageUrl: u.image_url,
  hasImage: false,
  primaryEmailAddress: "ada@example.com",
  primaryEmailAddressId: u.primary_email_address_id,
  primaryPhoneNumber: "+15555550123",
  primaryPhoneNumberId: u.primary_phone_number_id,
  publicMetadata: u.public_metadata,
  privateMetadata: {},
  unsafeMetadata: {},
  banned: u.banned,
  locked: false,
  lastSignInAt: d(u.last_sign_in_at),
  lastActiveAt: null,
  externalId: null,
  searchText: `${u.first_name?.toLowerCase()} lovelace${u.username ? ` ${u.username}` : ""} ada@example.com`,
  createdAt: d(u.created_at),
  updatedAt: d(u.updated_at),
});

const organizationColumns = (o: EventData<"organization.created">) => ({
  name: o.name,
  slug: o.slug,
  imageUrl: o.image_url,
  hasImage: false,
  membersCount: o.members_count,
  maxAllowedMemberships: 5,
  adminDeleteEnabled: true,
  publicMetadata: o.public_metadata,
  privateMetadata: {},
  createdBy: o.created_by,
  createdAt: d(o.created_at),
  updatedAt: d(o.updated_at),
});

const domainColumns = (x: EventData<"organizationDomain.created">) => ({
  organizationId: x.organization_id,
  name: "analytical-engines.example",
  enrollmentMode: x.enrollment_mode,
  verificationStatus: "verified",
  verificationStrategy: "email_code",
  affiliationEmailAddress: "ada@analytical-engines.example",
  totalPendingInvitations: 0,
  totalPendingSuggestions: 0,
  createdAt: d(x.created_at),
  updatedAt: d(x.updated_at),
});

const orgInvitationColumns = (
  i: EventData<"organizationInvitation.created"> & { user_id?: string },
) => ({
  organizationId: i.organization_id,
  emailAddress: "grace@example.com",
  role: "org:member",
  roleName: "Member",
  status: i.status,
  userId: i.user_id ?? null,
  publicMetadata: {},
  privateMetadata: {},
  url: null,
  expiresAt: d(i.expires_at),
  createdAt: d(i.created_at),
  updatedAt: d(i.updated_at),
});

const membershipColumns = (m: EventData<"organizationMembership.created">) => ({
  organizationId: m.organization.id,
  userId: m.public_user_data.user_id,
  role: m.role,
  permissions: m.permissions,
  publicMetadata: {},
  privateMetadata: {},
  userIdentifier: "ada@example.com",
  userFirstName: "Ada",
  userLastName: "Lovelace",
  userImageUrl: m.public_user_data.image_url,
  createdAt: d(m.created_at),
  updatedAt: d(m.updated_at),
});

const roleColumns = (r: EventData<"role.created">) => ({
  key: r.key,
  name: r.name,
  description: "Manages the organization's invoices",
  permissions: ["org:invoices:read"],
  isCreatorEligible: false,
  createdAt: d(r.created_at),
  updatedAt: d(r.updated_at),
});

const permissionColumns = (p: EventData<"permission.created">) => ({
  key: p.key,
  name: p.name,
  description: "See the organization's invoices",
  createdAt: d(p.created_at),
  updatedAt: d(p.updated_at),
});

const sessionColumns = (s: EventData<"session.created">) => ({
  userId: s.user_id,
  clientId: s.client_id,
  status: s.status,
  lastActiveOrganizationId: s.last_active_organization_id ?? null,
  impersonated: s.actor !== null,
  lastActiveAt: d(s.last_active_at),
  expireAt: d(s.expire_at),
  abandonAt: d(s.abandon_at),
  createdAt: d(s.created_at),
  updatedAt: d(s.updated_at),
});

const invitationColumns = (i: EventData<"invitation.created">) => ({
  emailAddress: "grace@example.com",
  status: i.status,
  revoked: i.status === "revoked",
  publicMetadata: {},
  url: i.url,
  createdAt: d(i.created_at),
  updatedAt: d(i.updated_at),
});

const waitlistColumns = (w: EventData<"waitlistEntry.created">) => ({
  emailAddress: "grace@example.com",
  status: w.status,
  isLocked: false,
  invitationId: w.invitation?.id ?? null,
  createdAt: d(w.created_at),
  updatedAt: d(w.updated_at),
});

const subscriptionColumns = (s: EventData<"subscription.created">) => ({
  status: s.status,
  payerId: s.payer_id,
  userId: s.payer.user_id,
  organizationId: null,
  latestPaymentId: s.latest_payment_id,
  paymentSourceId: s.payment_source_id,
  activeAt: d(s.active_at),
  pastDueAt: d(s.past_due_at),
  canceledAt: null,
  endedAt: null,
  createdAt: d(s.created_at),
  updatedAt: d(s.updated_at),
});

const itemColumns = (i: EventData<"subscriptionItem.created">) => ({
  status: i.status,
  planId: i.plan_id,
  planSlug: "pro",
  planName: "Pro",
  planPeriod: "month",
  payerId: i.payer?.id,
  userId: i.payer?.user_id,
  organizationId: null,
  amount: 2000,
  currency: "USD",
  isFreeTrial: null,
  periodStart: d(i.period_start),
  periodEnd: d(i.period_end),
  canceledAt: d(i.canceled_at),
  pastDueAt: d(i.past_due_at),
});

const paymentColumns = (p: EventData<"paymentAttempt.created">) => ({
  status: p.status,
  paymentId: p.payment_id,
  statementId: p.statement_id,
  chargeType: "checkout",
  payerId: p.payer.id,
  userId: p.payer.user_id,
  organizationId: null,
  amount: 2000,
  currency: "USD",
  failedReason: null,
  billingDate: d(p.billing_date),
  paidAt: d(p.paid_at),
  failedAt: null,
  createdAt: d(p.created_at),
  updatedAt: d(p.updated_at),
});

const tombstone = { createdAt: null, updatedAt: null };

/** Every catalogued event type: what to send and which columns it must write. */
const CASES: { [T in ClerkEventType]: Case<T> } = {
  "user.created": { columns: userColumns },
  "user.updated": {
    data: {
      first_name: "Grace",
      username: "grace",
      banned: true,
      last_sign_in_at: 1_700_000_000_000,
      public_metadata: { plan: "pro" },
    },
    columns: userColumns,
  },
  "user.deleted": {
    columns: () => ({
      ...tombstone,
      firstName: null,
      primaryEmailAddress: null,
      banned: null,
      searchText: null,
      publicMetadata: {},
    }),
  },
  "organization.created": { columns: organizationColumns },
  "organization.updated": {
    data: { name: "Difference Engines", slug: "difference-engines", members_count: 3 },
    columns: organizationColumns,
  },
  "organization.deleted": {
    columns: () => ({ ...tombstone, name: null, slug: null, publicMetadata: {} }),
  },
  "organizationDomain.created": { columns: domainColumns },
  "organizationDomain.updated": { columns: domainColumns },
  "organizationDomain.deleted": {
    columns: () => ({ ...tombstone, organizationId: null, name: null }),
  },
  "organizationInvitation.created": { columns: orgInvitationColumns },
  "organizationInvitation.accepted": { columns: orgInvitationColumns },
  "organizationInvitation.revoked": { columns: orgInvitationColumns },
  "organizationMembership.created": { columns: membershipColumns },
  "organizationMembership.updated": { columns: membershipColumns },
  "organizationMembership.deleted": { columns: membershipColumns },
  "role.created": { columns: roleColumns },
  "role.updated": { data: { name: "Accounts" }, columns: roleColumns },
  "role.deleted": { columns: roleColumns },
  "permission.created": { columns: permissionColumns },
  "permission.updated": { data: { name: "View invoices" }, columns: permissionColumns },
  "permission.deleted": { columns: permissionColumns },
  "session.created": { columns: sessionColumns },
  "session.updated": {
    data: { last_active_organization_id: "org_2kLastActive000000000000000" },
    columns: sessionColumns,
  },
  "session.ended": { columns: sessionColumns },
  "session.removed": { columns: sessionColumns },
  "session.revoked": { columns: sessionColumns },
  "session.pending": { columns: sessionColumns },
  "email.created": {
    columns: (e) => ({
      userId: e.user_id,
      emailAddressId: e.email_address_id,
      toEmailAddress: "ada@example.com",
      fromEmailName: "notifications",
      subject: "123456 is your verification code",
      slug: "verification_code",
      status: "queued",
      deliveredByClerk: true,
    }),
  },
  "sms.created": {
    columns: (s) => ({
      userId: s.user_id,
      phoneNumberId: s.phone_number_id,
      toPhoneNumber: "+15555550123",
      fromPhoneNumber: "+15555550100",
      slug: "verification_code",
      status: "queued",
      deliveredByClerk: true,
    }),
  },
  "invitation.created": { columns: invitationColumns },
  "invitation.accepted": { columns: invitationColumns },
  "invitation.revoked": { columns: invitationColumns },
  "waitlistEntry.created": { columns: waitlistColumns },
  "waitlistEntry.updated": { columns: waitlistColumns },
  "subscription.created": { columns: subscriptionColumns },
  "subscription.updated": { columns: subscriptionColumns },
  "subscription.active": { columns: subscriptionColumns },
  "subscription.pastDue": { columns: subscriptionColumns },
  "subscriptionItem.created": { columns: itemColumns },
  "subscriptionItem.updated": { columns: itemColumns },
  "subscriptionItem.active": { columns: itemColumns },
  "subscriptionItem.canceled": { columns: itemColumns },
  "subscriptionItem.upcoming": { columns: itemColumns },
  "subscriptionItem.ended": { columns: itemColumns },
  "subscriptionItem.abandoned": { columns: itemColumns },
  "subscriptionItem.incomplete": { columns: itemColumns },
  "subscriptionItem.pastDue": { columns: itemColumns },
  "subscriptionItem.freeTrialEnding": { columns: itemColumns },
  "paymentAttempt.created": { columns: paymentColumns },
  "paymentAttempt.updated": { columns: paymentColumns },
};

describe("syncHandlers", () => {
  it("handles every event type of each group, and nothing else", () => {
    for (const group of EVENT_GROUP_NAMES) {
      expect(Object.keys(syncHandlers([group])).sort(), group).toEqual(
        [...EVENT_GROUPS[group].events].sort(),
      );
    }
    expect(Object.keys(syncHandlers("all")).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it("refuses groups the catalog does not know", () => {
    expect(() => syncHandlers(["user", "users" as "user"])).toThrow(/not event groups: "users"/);
    expect(() => syncHandlers("everything" as "all")).toThrow(/INVALID|not event groups/);
  });
});

describe.each(inject("providers"))(
  "every event type, posted through the route, on %s",
  (provider) => {
    let h: Harness;
    let sync: ClerkSync;

    beforeAll(async () => {
      h = await openHarness(provider, "sync_events");
      sync = makeSync(h);
    });
    afterAll(() => h.close());

    for (const type of EVENT_TYPES) {
      it(type, async () => {
        // The event time and data.updated_at differ, to see which one versions the row.
        const updatedAt = Date.now() - DAY;
        const timestamp = updatedAt + 500;
        const testCase = CASES[type] as Case<ClerkEventType>;
        const event = fixture(type, {
          timestamp,
          ...(testCase.data ? { data: testCase.data } : {}),
        });
        const data = event.data as { id: string; updated_at?: unknown };
        if ("updated_at" in data) data.updated_at = updatedAt;
        const svixId = await post(h, sync, event);
        await sync.queue.drain();
        await expectDoneFirstTime(h, [svixId]);

        // Where the event lands and how it is versioned, by Clerk's naming alone (not the kit's
        // plan table): a delete leaves a tombstone at the event time, anything else is versioned
        // by the payload's updated_at where it has one.
        const deletes = type.endsWith(".deleted");
        const row = await rowOf(h, expectedModelOf(type), data.id);
        const versionedByPayload = !deletes && typeof data.updated_at === "number";
        expect(row).toMatchObject({
          id: data.id,
          syncVersion: new Date(versionedByPayload ? updatedAt : timestamp),
          deletedAt: deletes ? new Date(timestamp) : null,
          ...testCase.columns(event.data),
        });
        expect(row?.raw).toEqual(event.data);
      });
    }
  },
);

/** The model of an event's object: `clerk` and the object's name (an SMS is an SmsMessage). */
function expectedModelOf(type: ClerkEventType) {
  const object = type.slice(0, type.indexOf("."));
  const name = object === "sms" ? "smsMessage" : object;
  return `clerk${name[0]?.toUpperCase()}${name.slice(1)}` as Parameters<typeof rowOf>[1];
}
