import { randomBytes } from "node:crypto";
import type { ClerkEventType, EventData, EventOf } from "../catalog/index.js";

/** Deep-partial overrides for a fixture's `data` and envelope. */
export type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface FixtureOverrides<T extends ClerkEventType> {
  /** Merged into the fixture's `data` (objects deeply, arrays and scalars replaced). */
  data?: DeepPartial<EventOf<T>["data"]>;
  /** Event time in ms; also the base for `created_at`/`updated_at` unless `data` sets them. */
  timestamp?: number;
  instance_id?: string;
}

/** A Clerk-style id with the given prefix (`user`, `org`, `orgmem`, …). */
export function clerkId(prefix: string): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(27);
  return `${prefix}_${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}

const INSTANCE_ID = "ins_2kDemoInstance0000000000000";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const IMAGE_URL = "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9";

type UserJSON = EventData<"user.created">;
type OrganizationJSON = EventData<"organization.created">;
type MembershipJSON = EventData<"organizationMembership.created">;
type PermissionJSON = EventData<"permission.created">;
type SessionJSON = EventData<"session.created">;
type InvitationJSON = EventData<"invitation.created">;
type SubscriptionJSON = EventData<"subscription.created">;
type SubscriptionItemJSON = EventData<"subscriptionItem.created">;
type PayerJSON = SubscriptionJSON["payer"];
type MoneyJSON = SubscriptionItemJSON["amount"];

type VerificationJSON = NonNullable<UserJSON["email_addresses"][number]["verification"]>;

/**
 * A verification as Clerk sends it. Clerk's type extends its resource type (`object`, `id`), but
 * verifications arrive without either, so the realistic shape is cast.
 */
function verified(strategy: string, at: number): VerificationJSON {
  return {
    status: "verified",
    strategy,
    attempts: 1,
    expire_at: at + 10 * MINUTE,
  } as VerificationJSON;
}

function user(at: number): UserJSON {
  const id = clerkId("user");
  const emailId = clerkId("idn");
  const phoneId = clerkId("idn");
  return {
    object: "user",
    id,
    username: null,
    first_name: "Ada",
    last_name: "Lovelace",
    image_url: IMAGE_URL,
    has_image: false,
    primary_email_address_id: emailId,
    primary_phone_number_id: phoneId,
    primary_web3_wallet_id: null,
    password_enabled: true,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [
      {
        object: "email_address",
        id: emailId,
        email_address: "ada@example.com",
        verification: verified("email_code", at),
        linked_to: [],
      },
    ],
    phone_numbers: [
      {
        object: "phone_number",
        id: phoneId,
        phone_number: "+15555550123",
        reserved_for_second_factor: false,
        default_second_factor: false,
        reserved: false,
        verification: verified("phone_code", at),
        linked_to: [],
        backup_codes: [],
      },
    ],
    web3_wallets: [],
    organization_memberships: null,
    external_accounts: [],
    enterprise_accounts: [],
    password_last_updated_at: at,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    external_id: null,
    last_sign_in_at: null,
    banned: false,
    locked: false,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    created_at: at,
    updated_at: at,
    last_active_at: null,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
  };
}

function organization(at: number): OrganizationJSON {
  return {
    object: "organization",
    id: clerkId("org"),
    name: "Analytical Engines",
    slug: "analytical-engines",
    image_url: IMAGE_URL,
    has_image: false,
    members_count: 1,
    pending_invitations_count: 0,
    max_allowed_memberships: 5,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_by: clerkId("user"),
    created_at: at,
    updated_at: at,
  };
}

function organizationDomain(at: number): EventData<"organizationDomain.created"> {
  return {
    object: "organization_domain",
    id: clerkId("orgdmn"),
    name: "analytical-engines.example",
    organization_id: clerkId("org"),
    enrollment_mode: "automatic_invitation",
    verification: { status: "verified", strategy: "email_code", attempts: 1, expires_at: at + DAY },
    affiliation_email_address: "ada@analytical-engines.example",
    created_at: at,
    updated_at: at,
    total_pending_invitations: 0,
    total_pending_suggestions: 0,
  };
}

function organizationInvitation(at: number): EventData<"organizationInvitation.created"> {
  return {
    object: "organization_invitation",
    id: clerkId("orginv"),
    email_address: "grace@example.com",
    role: "org:member",
    role_name: "Member",
    organization_id: clerkId("org"),
    status: "pending",
    public_metadata: {},
    private_metadata: {},
    url: null,
    created_at: at,
    updated_at: at,
    expires_at: at + 30 * DAY,
  };
}

function membership(at: number): MembershipJSON {
  return {
    object: "organization_membership",
    id: clerkId("orgmem"),
    public_metadata: {},
    private_metadata: {},
    role: "org:member",
    permissions: ["org:sys_memberships:read", "org:sys_profile:read"],
    created_at: at,
    updated_at: at,
    organization: organization(at),
    public_user_data: {
      identifier: "ada@example.com",
      first_name: "Ada",
      last_name: "Lovelace",
      image_url: IMAGE_URL,
      has_image: false,
      user_id: clerkId("user"),
    },
  };
}

function permission(at: number): PermissionJSON {
  return {
    object: "permission",
    id: clerkId("perm"),
    key: "org:invoices:read",
    name: "Read invoices",
    description: "See the organization's invoices",
    created_at: at,
    updated_at: at,
  };
}

function role(at: number): EventData<"role.created"> {
  return {
    object: "role",
    id: clerkId("role"),
    key: "org:billing_manager",
    name: "Billing manager",
    description: "Manages the organization's invoices",
    permissions: [permission(at)],
    is_creator_eligible: false,
    created_at: at,
    updated_at: at,
  };
}

function session(status: string): (at: number) => SessionJSON {
  return (at) => {
    const owner = user(at - DAY);
    return {
      object: "session",
      id: clerkId("sess"),
      client_id: clerkId("client"),
      user_id: owner.id,
      status,
      actor: null,
      last_active_at: at,
      expire_at: at + 7 * DAY,
      abandon_at: at + 30 * DAY,
      created_at: at,
      updated_at: at,
      user: owner,
    };
  };
}

function email(): EventData<"email.created"> {
  return {
    object: "email",
    id: clerkId("ema"),
    slug: "verification_code",
    from_email_name: "notifications",
    to_email_address: "ada@example.com",
    email_address_id: clerkId("idn"),
    user_id: clerkId("user"),
    subject: "123456 is your verification code",
    body: "<p>Enter the following verification code when prompted: <b>123456</b></p>",
    body_plain: "Enter the following verification code when prompted: 123456",
    status: "queued",
    data: { otp_code: "123456", app: { name: "Acme" } },
    delivered_by_clerk: true,
  };
}

function sms(): EventData<"sms.created"> {
  return {
    object: "sms_message",
    id: clerkId("sms"),
    from_phone_number: "+15555550100",
    to_phone_number: "+15555550123",
    phone_number_id: clerkId("idn"),
    user_id: clerkId("user"),
    message: "123456 is your Acme verification code.",
    status: "queued",
    slug: "verification_code",
    data: { otp_code: "123456", app: { name: "Acme" } },
    delivered_by_clerk: true,
  };
}

function invitation(status: InvitationJSON["status"]): (at: number) => InvitationJSON {
  return (at) => ({
    object: "invitation",
    id: clerkId("inv"),
    email_address: "grace@example.com",
    public_metadata: {},
    revoked: status === "revoked",
    status,
    url: "https://accounts.example.com/sign-up?__clerk_ticket=ticket",
    created_at: at,
    updated_at: at,
  });
}

function waitlistEntry(
  status: EventData<"waitlistEntry.created">["status"],
): (at: number) => EventData<"waitlistEntry.created"> {
  return (at) => ({
    object: "waitlist_entry",
    id: clerkId("wle"),
    status,
    email_address: "grace@example.com",
    invitation: status === "invited" ? invitation("pending")(at) : null,
    is_locked: false,
    created_at: at,
    updated_at: at,
  });
}

function money(amount: number): MoneyJSON {
  return {
    amount,
    amount_formatted: (amount / 100).toFixed(2),
    currency: "USD",
    currency_symbol: "$",
  };
}

function payer(at: number): PayerJSON {
  return {
    object: "commerce_payer",
    id: clerkId("cpayer"),
    instance_id: INSTANCE_ID,
    user_id: clerkId("user"),
    first_name: "Ada",
    last_name: "Lovelace",
    email: "ada@example.com",
    image_url: IMAGE_URL,
    created_at: at - 30 * DAY,
    updated_at: at - 30 * DAY,
  };
}

function subscriptionItem(
  status: SubscriptionItemJSON["status"],
): (at: number) => SubscriptionItemJSON {
  return (at) => {
    const planId = clerkId("cplan");
    return {
      object: "commerce_subscription_item",
      id: clerkId("csubi"),
      status,
      credit: {
        amount: money(0),
        cycle_days_remaining: 30,
        cycle_days_total: 30,
        cycle_remaining_percent: 100,
      },
      proration_date: new Date(at).toISOString().slice(0, 10),
      plan_period: "month",
      period_start: at,
      period_end: at + 30 * DAY,
      ...(status === "canceled" ? { canceled_at: at } : {}),
      ...(status === "past_due" ? { past_due_at: at } : {}),
      lifetime_paid: 2000,
      next_payment_amount: 2000,
      next_payment_date: at + 30 * DAY,
      amount: money(2000),
      plan: {
        id: planId,
        instance_id: INSTANCE_ID,
        product_id: clerkId("cprod"),
        name: "Pro",
        slug: "pro",
        description: "Everything in Free, and more",
        is_default: false,
        is_recurring: true,
        amount: 2000,
        period: "month",
        interval: 1,
        has_base_fee: true,
        currency: "USD",
        annual_monthly_amount: 1600,
        publicly_visible: true,
      },
      plan_id: planId,
      payer: payer(at),
    };
  };
}

function subscription(status: SubscriptionJSON["status"]): (at: number) => SubscriptionJSON {
  return (at) => {
    const owner = payer(at);
    return {
      object: "commerce_subscription",
      id: clerkId("csub"),
      status,
      active_at: at,
      ...(status === "past_due" ? { past_due_at: at } : {}),
      created_at: at,
      updated_at: at,
      latest_payment_id: clerkId("cpay"),
      payer_id: owner.id,
      payer: owner,
      payment_source_id: clerkId("cps"),
      items: [subscriptionItem(status === "past_due" ? "past_due" : "active")(at)],
    };
  };
}

function paymentAttempt(
  status: EventData<"paymentAttempt.created">["status"],
): (at: number) => EventData<"paymentAttempt.created"> {
  return (at) => ({
    object: "commerce_payment_attempt",
    id: clerkId("cpa"),
    instance_id: INSTANCE_ID,
    payment_id: clerkId("cpay"),
    statement_id: clerkId("cstmt"),
    gateway_external_id: "pi_3PfakeStripePaymentIntent",
    status,
    created_at: at,
    updated_at: at,
    ...(status === "paid" ? { paid_at: at } : {}),
    ...(status === "failed"
      ? {
          failed_at: at,
          failed_reason: { code: "card_declined", decline_code: "insufficient_funds" },
        }
      : {}),
    billing_date: at,
    charge_type: "checkout",
    payee: {
      id: clerkId("cpayee"),
      gateway_type: "stripe",
      gateway_external_id: "acct_1PfakeStripeAccount",
      gateway_status: "active",
    },
    payer: payer(at),
    totals: { subtotal: money(2000), tax_total: money(0), grand_total: money(2000) },
    payment_source: {
      id: clerkId("cps"),
      gateway: "stripe",
      gateway_external_id: "pm_1PfakeStripePaymentMethod",
      payment_method: "card",
      status: "active",
      card_type: "visa",
      last4: "4242",
    },
    subscription_items: [subscriptionItem("active")(at)],
  });
}

/** How Clerk reports a deletion: the object kind and its id, nothing else. */
function deleted(
  object: string,
  prefix: string,
): (at: number) => { object: string; id: string; deleted: boolean } {
  return () => ({ object, id: clerkId(prefix), deleted: true });
}

/**
 * One factory per catalogued event type. The mapped type makes this a compile-time proof: a
 * missing type, or a factory whose payload does not match Clerk's JSON type for that event, does
 * not build.
 */
const FACTORIES: { [T in ClerkEventType]: (at: number) => EventData<T> } = {
  "user.created": user,
  "user.updated": user,
  "user.deleted": deleted("user", "user"),
  "organization.created": organization,
  "organization.updated": organization,
  "organization.deleted": deleted("organization", "org"),
  "organizationDomain.created": organizationDomain,
  "organizationDomain.updated": (at) => ({
    ...organizationDomain(at),
    enrollment_mode: "automatic_suggestion",
  }),
  "organizationDomain.deleted": deleted("organization_domain", "orgdmn"),
  "organizationInvitation.created": organizationInvitation,
  "organizationInvitation.accepted": (at) => ({
    ...organizationInvitation(at),
    status: "accepted",
    user_id: clerkId("user"),
  }),
  "organizationInvitation.revoked": (at) => ({ ...organizationInvitation(at), status: "revoked" }),
  "organizationMembership.created": membership,
  "organizationMembership.updated": (at) => ({
    ...membership(at),
    role: "org:admin",
    permissions: [
      "org:sys_memberships:read",
      "org:sys_memberships:manage",
      "org:sys_profile:read",
      "org:sys_profile:manage",
    ],
  }),
  // Clerk sends the whole membership, as it was, when it is deleted.
  "organizationMembership.deleted": membership,
  "role.created": role,
  "role.updated": role,
  "role.deleted": role,
  "permission.created": permission,
  "permission.updated": permission,
  "permission.deleted": permission,
  "session.created": session("active"),
  "session.updated": session("active"),
  "session.ended": session("ended"),
  "session.removed": session("removed"),
  "session.revoked": session("revoked"),
  "session.pending": session("pending"),
  "email.created": email,
  "sms.created": sms,
  "invitation.created": invitation("pending"),
  "invitation.accepted": invitation("accepted"),
  "invitation.revoked": invitation("revoked"),
  "waitlistEntry.created": waitlistEntry("pending"),
  "waitlistEntry.updated": waitlistEntry("invited"),
  "subscription.created": subscription("active"),
  "subscription.updated": subscription("active"),
  "subscription.active": subscription("active"),
  "subscription.pastDue": subscription("past_due"),
  "subscriptionItem.created": subscriptionItem("upcoming"),
  "subscriptionItem.updated": subscriptionItem("active"),
  "subscriptionItem.active": subscriptionItem("active"),
  "subscriptionItem.canceled": subscriptionItem("canceled"),
  "subscriptionItem.upcoming": subscriptionItem("upcoming"),
  "subscriptionItem.ended": subscriptionItem("ended"),
  "subscriptionItem.abandoned": subscriptionItem("abandoned"),
  "subscriptionItem.incomplete": subscriptionItem("incomplete"),
  "subscriptionItem.pastDue": subscriptionItem("past_due"),
  "subscriptionItem.freeTrialEnding": subscriptionItem("active"),
  "paymentAttempt.created": paymentAttempt("pending"),
  "paymentAttempt.updated": paymentAttempt("paid"),
};

/**
 * A realistic event of `type`, ready to sign: `data` shaped like Clerk's JSON for that event,
 * fresh ids with Clerk's prefixes, deletes as Clerk sends them. Override any field of `data`
 * (deeply), the event time, or the instance.
 *
 * @example
 * const created = fixture("user.created", { data: { first_name: "Grace" } });
 * const left = fixture("organizationMembership.deleted", {
 *   data: { id: created.data.id, organization: { id: orgId } },
 * });
 */
export function fixture<T extends ClerkEventType>(
  type: T,
  overrides: FixtureOverrides<T> = {},
): EventOf<T> {
  const factory = FACTORIES[type] as ((at: number) => EventData<T>) | undefined;
  if (!factory) throw new Error(`No fixture for event type "${type}"`);
  const timestamp = overrides.timestamp ?? Date.now();
  const data = merge(
    factory(timestamp) as unknown as Record<string, unknown>,
    (overrides.data ?? {}) as Record<string, unknown>,
  );
  return {
    type,
    object: "event",
    data,
    event_attributes: {
      http_request: { client_ip: "192.0.2.10", user_agent: "Mozilla/5.0 (clerk-sync fixture)" },
    },
    timestamp,
    instance_id: overrides.instance_id ?? INSTANCE_ID,
  } as unknown as EventOf<T>;
}

function merge(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
