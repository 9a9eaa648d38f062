import { randomBytes } from "node:crypto";
import type { ClerkEventType, EventOf } from "@acme/clerk-sync";
import { fixture, signPayload } from "@acme/clerk-sync/testing";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";

const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET ?? "";

/** A word no other test writes: each row below is found by it. */
const unique = (label: string) => `${label}${randomBytes(5).toString("hex")}`;

/** Deliver a signed event to the demo's own route, as Svix would. */
async function deliver(request: APIRequestContext, event: EventOf<ClerkEventType>) {
  const { headers, body } = signPayload(event, { secret });
  const response = await request.post("/api/webhooks", { headers, data: body });
  expect(response.status()).toBe(200);
}

/**
 * Load `path` until the one row holding `key` shows each of `texts` (processing runs after the
 * route's answer, so the first load may come before it). Only the row's text is read.
 */
async function expectRow(page: Page, path: string, key: string, texts: string[]) {
  await expect(async () => {
    await page.goto(path);
    const row = page.getByRole("row").filter({ hasText: key });
    await expect(row).toHaveCount(1, { timeout: 1_000 });
    for (const text of texts) await expect(row).toContainText(text, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test("Sessions shows a synced session: its user, status, client and id", async ({
  page,
  request,
}) => {
  const userId = unique("user_e2e");
  const event = fixture("session.created", { data: { user_id: userId, status: "active" } });
  await deliver(request, event);
  await expectRow(page, "/sessions", event.data.id, [userId, "active", event.data.client_id]);
});

test("Invitations shows a synced organization invitation and an application invitation", async ({
  page,
  request,
}) => {
  const orgEmail = `${unique("org-invitee-")}@example.com`;
  const organizationId = unique("org_e2e");
  await deliver(
    request,
    fixture("organizationInvitation.created", {
      data: { email_address: orgEmail, organization_id: organizationId, role: "org:e2e_auditor" },
    }),
  );
  const appEmail = `${unique("invitee-")}@example.com`;
  const url = `https://accounts.example.com/sign-up?__clerk_ticket=${unique("ticket")}`;
  await deliver(request, fixture("invitation.created", { data: { email_address: appEmail, url } }));

  await expectRow(page, "/invitations", orgEmail, [organizationId, "org:e2e_auditor", "pending"]);
  await expectRow(page, "/invitations", appEmail, ["pending", url]);
});

test("Roles & permissions shows a synced role with its permission keys, and a synced permission", async ({
  page,
  request,
}) => {
  // Keys that sort first: the page lists roles and permissions by key.
  const roleKey = `org:0${unique("role")}`;
  const permissionKey = `org:0${unique("perm")}:read`;
  const role = fixture("role.created", {
    data: {
      key: roleKey,
      name: unique("Role "),
      description: unique("Looks after "),
      permissions: [{ key: permissionKey }],
    },
  });
  await deliver(request, role);
  const permission = fixture("permission.created", {
    data: { key: permissionKey, name: unique("Permission "), description: unique("Lets one ") },
  });
  await deliver(request, permission);

  await expectRow(page, "/roles", roleKey, [
    role.data.name,
    role.data.description ?? "",
    permissionKey,
  ]);
  await expectRow(page, "/roles", `${permission.data.name}`, [
    permissionKey,
    permission.data.description ?? "",
  ]);
});

test("Waitlist shows a synced entry: email, status, whether it is locked", async ({
  page,
  request,
}) => {
  const email = `${unique("waiting-")}@example.com`;
  await deliver(
    request,
    fixture("waitlistEntry.created", {
      data: { email_address: email, status: "pending", is_locked: true },
    }),
  );
  await expectRow(page, "/waitlist", email, ["pending", "yes"]);
});

test("Communication log shows a synced email and a synced text message", async ({
  page,
  request,
}) => {
  const to = `${unique("recipient-")}@example.com`;
  const subject = unique("Your code is ");
  await deliver(
    request,
    fixture("email.created", {
      data: { to_email_address: to, subject, slug: "e2e_magic_link", status: "delivered" },
    }),
  );
  const phone = `+1555${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const smsUser = unique("user_e2e");
  await deliver(
    request,
    fixture("sms.created", {
      data: { to_phone_number: phone, user_id: smsUser, slug: "e2e_sign_in_code", status: "sent" },
    }),
  );

  await expectRow(page, "/communication", subject, [to, "e2e_magic_link", "delivered"]);
  await expectRow(page, "/communication", phone, [smsUser, "e2e_sign_in_code", "sent"]);
});

test("Billing shows a synced subscription, subscription item and payment attempt", async ({
  page,
  request,
}) => {
  const subscriber = unique("user_e2e");
  const subscription = fixture("subscription.created", {
    data: { status: "active", payer: { user_id: subscriber } },
  });
  await deliver(request, subscription);
  const planName = unique("Plan ");
  const itemPayer = unique("user_e2e");
  await deliver(
    request,
    fixture("subscriptionItem.active", {
      data: {
        plan: { name: planName },
        plan_period: "annual",
        amount: { amount: 4321, currency: "USD" },
        payer: { user_id: itemPayer },
      },
    }),
  );
  const attemptPayer = unique("user_e2e");
  await deliver(
    request,
    fixture("paymentAttempt.created", {
      data: { status: "pending", charge_type: "recurring", payer: { user_id: attemptPayer } },
    }),
  );

  await expectRow(page, "/billing", subscription.data.id, [subscriber, "active"]);
  await expectRow(page, "/billing", planName, [itemPayer, "annual", "$43.21", "active"]);
  await expectRow(page, "/billing", attemptPayer, ["pending", "recurring"]);
});
