import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type ClerkEventType,
  type ClerkSync,
  EVENT_TYPES,
  type EventGroup,
  groupOfEvent,
} from "../src/index.js";
import { fixture } from "../src/testing/index.js";
import { type Harness, openHarness } from "./support/harness.js";
import { ledgerOf, post } from "./support/sync.js";

/** What Clerk calls each group's object, and the prefix of its ids. */
const SHAPE: Record<EventGroup, { object: string; prefix: string }> = {
  user: { object: "user", prefix: "user_" },
  organization: { object: "organization", prefix: "org_" },
  organizationDomain: { object: "organization_domain", prefix: "orgdmn_" },
  organizationInvitation: { object: "organization_invitation", prefix: "orginv_" },
  organizationMembership: { object: "organization_membership", prefix: "orgmem_" },
  role: { object: "role", prefix: "role_" },
  permission: { object: "permission", prefix: "perm_" },
  session: { object: "session", prefix: "sess_" },
  communication: { object: "", prefix: "" },
  invitation: { object: "invitation", prefix: "inv_" },
  waitlistEntry: { object: "waitlist_entry", prefix: "wle_" },
  subscription: { object: "commerce_subscription", prefix: "csub_" },
  subscriptionItem: { object: "commerce_subscription_item", prefix: "csubi_" },
  paymentAttempt: { object: "commerce_payment_attempt", prefix: "cpa_" },
};
const COMMUNICATION = {
  "email.created": { object: "email", prefix: "ema_" },
  "sms.created": { object: "sms_message", prefix: "sms_" },
} as const;

/** Deletes Clerk sends as `DeletedObjectJSON`: the object kind, the id, `deleted: true`. */
const DELETED_OBJECTS: ClerkEventType[] = [
  "user.deleted",
  "organization.deleted",
  "organizationDomain.deleted",
];

describe("fixture", () => {
  for (const type of EVENT_TYPES) {
    it(`${type}: Clerk's envelope, object kind and id prefix`, () => {
      const group = groupOfEvent(type) as EventGroup;
      const expected =
        group === "communication"
          ? COMMUNICATION[type as keyof typeof COMMUNICATION]
          : SHAPE[group];
      const event = fixture(type, { timestamp: 1_760_000_000_000 });
      expect(event).toMatchObject({
        type,
        object: "event",
        timestamp: 1_760_000_000_000,
        instance_id: expect.stringMatching(/^ins_/),
        event_attributes: { http_request: { client_ip: expect.any(String) } },
      });
      const data = event.data as { object: string; id: string; deleted?: boolean };
      expect(data.object).toBe(expected.object);
      expect(data.id).toMatch(new RegExp(`^${expected.prefix}[0-9A-Za-z]{27}$`));
      if (DELETED_OBJECTS.includes(type)) {
        expect(data).toEqual({ object: expected.object, id: data.id, deleted: true });
      }
      // Fresh ids every time.
      expect((fixture(type).data as { id: string }).id).not.toBe(data.id);
    });
  }

  it("merges overrides deeply, replaces arrays, and times the payload by the event time", () => {
    const event = fixture("organizationMembership.updated", {
      timestamp: 1_700_000_000_000,
      data: { organization: { id: "org_given" }, permissions: ["org:sys_profile:read"] },
    });
    expect(event.data.organization).toMatchObject({ id: "org_given", name: "Analytical Engines" });
    expect(event.data.permissions).toEqual(["org:sys_profile:read"]);
    expect(event.data.role).toBe("org:admin");
    expect(event.data.created_at).toBe(1_700_000_000_000);
    expect(event.data.updated_at).toBe(1_700_000_000_000);
  });

  it("gives users a primary email and phone that resolve from their lists", () => {
    const { data } = fixture("user.created");
    expect(data.email_addresses.find((e) => e.id === data.primary_email_address_id)).toBeDefined();
    expect(data.phone_numbers.find((p) => p.id === data.primary_phone_number_id)).toBeDefined();
  });
});

describe.each(inject("providers"))("every fixture through the route on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;

  beforeAll(async () => {
    h = await openHarness(provider, "fixtures");
    // No handlers: this checks only that Clerk's verifier and the route accept each payload.
    sync = h.make({ handlers: [] });
  });
  afterAll(() => h.close());

  it("is verified, recorded under its type, and answered 200", async () => {
    const sent = new Map<string, ClerkEventType>();
    for (const type of EVENT_TYPES) sent.set(await post(h, sync, fixture(type)), type);
    await sync.queue.drain();
    const rows = await ledgerOf(h, [...sent.keys()]);
    for (const [id, type] of sent) {
      expect(rows.get(id), type).toMatchObject({ type, status: "skipped" });
    }
  });
});
