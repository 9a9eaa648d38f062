import type { EventData } from "../catalog/index.js";
import { ClerkSyncError } from "../errors/index.js";
import type { InputJson, SyncedColumns, SyncedModel, WriteOf } from "./models.js";

/** A model's columns minus the ones every synced row has (id, raw, version, tombstone). */
export type TypedColumns<M extends SyncedModel> = Omit<WriteOf<M>, keyof SyncedColumns<InputJson>>;

/**
 * Maps an event's `data` to a model's typed columns. Mappers take a partial payload because a
 * delete may carry only `{ object, id, deleted }`: what is missing becomes null, so a tombstone
 * holds exactly what its delete said, whatever order the events arrived in.
 */
export type RowMapper<M extends SyncedModel, D> = (
  data: Partial<D>,
  event: { timestamp: number },
) => TypedColumns<M>;

type UserJSON = EventData<"user.created">;
type OrganizationJSON = EventData<"organization.created">;
type DomainJSON = EventData<"organizationDomain.created">;
type OrgInvitationJSON = EventData<"organizationInvitation.accepted">;
type MembershipJSON = EventData<"organizationMembership.created">;
type RoleJSON = EventData<"role.created">;
type PermissionJSON = EventData<"permission.created">;
type SessionJSON = EventData<"session.created">;
type EmailJSON = EventData<"email.created">;
type SmsJSON = EventData<"sms.created">;
type InvitationJSON = EventData<"invitation.created">;
type WaitlistEntryJSON = EventData<"waitlistEntry.created">;
type SubscriptionJSON = EventData<"subscription.created">;
type SubscriptionItemJSON = EventData<"subscriptionItem.created">;
type PaymentAttemptJSON = EventData<"paymentAttempt.created">;
type PayerJSON = SubscriptionJSON["payer"];

export const userRow: RowMapper<"clerkUser", UserJSON> = (d) => {
  const email = d.email_addresses?.find((e) => e.id === d.primary_email_address_id);
  const phone = d.phone_numbers?.find((p) => p.id === d.primary_phone_number_id);
  const primaryEmailAddress = email?.email_address ?? null;
  return {
    externalId: d.external_id ?? null,
    username: d.username ?? null,
    firstName: d.first_name ?? null,
    lastName: d.last_name ?? null,
    imageUrl: d.image_url ?? null,
    hasImage: d.has_image ?? null,
    primaryEmailAddress,
    primaryEmailAddressId: d.primary_email_address_id ?? null,
    primaryPhoneNumber: phone?.phone_number ?? null,
    primaryPhoneNumberId: d.primary_phone_number_id ?? null,
    publicMetadata: json(d.public_metadata),
    privateMetadata: json(d.private_metadata),
    unsafeMetadata: json(d.unsafe_metadata),
    banned: d.banned ?? null,
    locked: d.locked ?? null,
    lastSignInAt: date(d.last_sign_in_at),
    lastActiveAt: date(d.last_active_at),
    searchText: searchText([d.first_name, d.last_name, d.username, primaryEmailAddress]),
    createdAt: date(d.created_at),
    updatedAt: date(d.updated_at),
  };
};

export const organizationRow: RowMapper<"clerkOrganization", OrganizationJSON> = (d) => ({
  name: d.name ?? null,
  slug: d.slug ?? null,
  imageUrl: d.image_url ?? null,
  hasImage: d.has_image ?? null,
  membersCount: d.members_count ?? null,
  maxAllowedMemberships: d.max_allowed_memberships ?? null,
  adminDeleteEnabled: d.admin_delete_enabled ?? null,
  publicMetadata: json(d.public_metadata),
  privateMetadata: json(d.private_metadata),
  createdBy: d.created_by ?? null,
  createdAt: date(d.created_at),
  updatedAt: date(d.updated_at),
});

export const organizationDomainRow: RowMapper<"clerkOrganizationDomain", DomainJSON> = (d) => ({
  organizationId: d.organization_id ?? null,
  name: d.name ?? null,
  enrollmentMode: d.enrollment_mode ?? null,
  verificationStatus: d.verification?.status ?? null,
  verificationStrategy: d.verification?.strategy ?? null,
  affiliationEmailAddress: d.affiliation_email_address ?? null,
  totalPendingInvitations: d.total_pending_invitations ?? null,
  totalPendingSuggestions: d.total_pending_suggestions ?? null,
  createdAt: date(d.created_at),
  updatedAt: date(d.updated_at),
});

export const organizationInvitationRow: RowMapper<
  "clerkOrganizationInvitation",
  OrgInvitationJSON
> = (d, event) => ({
  organizationId: required(d.organization_id, "organization_id"),
  emailAddress: required(d.email_address, "email_address"),
  role: required(d.role, "role"),
  roleName: d.role_name ?? null,
  status: d.status ?? null,
  userId: d.user_id ?? null,
  publicMetadata: json(d.public_metadata),
  privateMetadata: json(d.private_metadata),
  url: d.url ?? null,
  expiresAt: date(d.expires_at),
  createdAt: date(d.created_at) ?? new Date(event.timestamp),
  updatedAt: date(d.updated_at) ?? new Date(event.timestamp),
});

export const organizationMembershipRow: RowMapper<"clerkOrganizationMembership", MembershipJSON> = (
  d,
) => ({
  organizationId: d.organization?.id ?? null,
  userId: d.public_user_data?.user_id ?? null,
  role: d.role ?? null,
  permissions: json(d.permissions, []),
  publicMetadata: json(d.public_metadata),
  privateMetadata: json(d.private_metadata),
  userIdentifier: d.public_user_data?.identifier ?? null,
  userFirstName: d.public_user_data?.first_name ?? null,
  userLastName: d.public_user_data?.last_name ?? null,
  userImageUrl: d.public_user_data?.image_url ?? null,
  createdAt: date(d.created_at),
  updatedAt: date(d.updated_at),
});

export const roleRow: RowMapper<"clerkRole", RoleJSON> = (d) => ({
  key: d.key ?? null,
  name: d.name ?? null,
  description: d.description ?? null,
  permissions: json(
    d.permissions?.map((p) => p.key),
    [],
  ),
  isCreatorEligible: d.is_creator_eligible ?? null,
  createdAt: date(d.created_at),
  updatedAt: date(d.updated_at),
});

export const permissionRow: RowMapper<"clerkPermission", PermissionJSON> = (d) => ({
  key: d.key ?? null,
  name: d.name ?? null,
  description: d.description ?? null,
  createdAt: date(d.created_at),
  updatedAt: date(d.updated_at),
});

export const sessionRow: RowMapper<"clerkSession", SessionJSON> = (d, event) => ({
  userId: required(d.user_id, "user_id"),
  clientId: required(d.client_id, "client_id"),
  status: required(d.status, "status"),
  lastActiveOrganizationId: d.last_active_organization_id ?? null,
  impersonated: d.actor !== null && d.actor !== undefined,
  lastActiveAt: date(d.last_active_at),
  expireAt: date(d.expire_at),
  abandonAt: date(d.abandon_at),
  createdAt: date(d.created_at) ?? new Date(event.timestamp),
  updatedAt: date(d.updated_at) ?? new Date(event.timestamp),
});

export const emailRow: RowMapper<"clerkEmail", EmailJSON> = (d, event) => ({
  userId: d.user_id ?? null,
  emailAddressId: d.email_address_id ?? null,
  toEmailAddress: d.to_email_address ?? null,
  fromEmailName: d.from_email_name ?? null,
  subject: d.subject ?? null,
  slug: d.slug ?? null,
  status: d.status ?? null,
  deliveredByClerk: d.delivered_by_clerk ?? null,
  createdAt: new Date(event.timestamp),
});

export const smsMessageRow: RowMapper<"clerkSmsMessage", SmsJSON> = (d, event) => ({
  userId: d.user_id ?? null,
  phoneNumberId: d.phone_number_id ?? null,
  toPhoneNumber: d.to_phone_number ?? null,
  fromPhoneNumber: d.from_phone_number ?? null,
  slug: d.slug ?? null,
  status: d.status ?? null,
  deliveredByClerk: d.delivered_by_clerk ?? null,
  createdAt: new Date(event.timestamp),
});

export const invitationRow: RowMapper<"clerkInvitation", InvitationJSON> = (d, event) => ({
  emailAddress: required(d.email_address, "email_address"),
  status: required(d.status, "status"),
  revoked: d.revoked ?? null,
  publicMetadata: json(d.public_metadata),
  url: d.url ?? null,
  createdAt: date(d.created_at) ?? new Date(event.timestamp),
  updatedAt: date(d.updated_at) ?? new Date(event.timestamp),
});

export const waitlistEntryRow: RowMapper<"clerkWaitlistEntry", WaitlistEntryJSON> = (d, event) => ({
  emailAddress: required(d.email_address, "email_address"),
  status: required(d.status, "status"),
  isLocked: d.is_locked ?? null,
  invitationId: d.invitation?.id ?? null,
  createdAt: date(d.created_at) ?? new Date(event.timestamp),
  updatedAt: date(d.updated_at) ?? new Date(event.timestamp),
});

export const subscriptionRow: RowMapper<"clerkSubscription", SubscriptionJSON> = (d) => ({
  status: required(d.status, "status"),
  payerId: d.payer_id ?? d.payer?.id ?? null,
  ...payerOwner(d.payer),
  latestPaymentId: d.latest_payment_id ?? null,
  paymentSourceId: d.payment_source_id ?? null,
  activeAt: date(d.active_at),
  pastDueAt: date(d.past_due_at),
  canceledAt: date(d.canceled_at),
  endedAt: date(d.ended_at),
  createdAt: date(d.created_at),
  updatedAt: date(d.updated_at),
});

export const subscriptionItemRow: RowMapper<"clerkSubscriptionItem", SubscriptionItemJSON> = (
  d,
) => {
  const extra = d as Partial<SubscriptionItemJSON> & { is_free_trial?: boolean };
  return {
    status: required(d.status, "status"),
    planId: d.plan_id ?? d.plan?.id ?? null,
    planSlug: d.plan?.slug ?? null,
    planName: d.plan?.name ?? null,
    planPeriod: d.plan_period ?? null,
    payerId: d.payer?.id ?? null,
    ...payerOwner(d.payer),
    amount: d.amount?.amount ?? null,
    currency: d.amount?.currency ?? null,
    isFreeTrial: extra.is_free_trial ?? null,
    periodStart: date(d.period_start),
    periodEnd: date(d.period_end),
    canceledAt: date(d.canceled_at),
    pastDueAt: date(d.past_due_at),
  };
};

export const paymentAttemptRow: RowMapper<"clerkPaymentAttempt", PaymentAttemptJSON> = (d) => ({
  status: required(d.status, "status"),
  paymentId: d.payment_id ?? null,
  statementId: d.statement_id ?? null,
  chargeType: d.charge_type ?? null,
  payerId: d.payer?.id ?? null,
  ...payerOwner(d.payer),
  amount: d.totals?.grand_total?.amount ?? null,
  currency: d.totals?.grand_total?.currency ?? null,
  failedReason: d.failed_reason
    ? [d.failed_reason.code, d.failed_reason.decline_code].filter(Boolean).join(": ")
    : null,
  billingDate: date(d.billing_date),
  paidAt: date(d.paid_at),
  failedAt: date(d.failed_at),
  createdAt: date(d.created_at),
  updatedAt: date(d.updated_at),
});

function payerOwner(payer: PayerJSON | undefined): {
  userId: string | null;
  organizationId: string | null;
} {
  return { userId: payer?.user_id ?? null, organizationId: payer?.organization_id ?? null };
}

/** Clerk's times are milliseconds since the epoch. */
function date(ms: number | null | undefined): Date | null {
  return typeof ms === "number" && Number.isFinite(ms) ? new Date(ms) : null;
}

/** A JSON column; `fallback` when Clerk sent nothing (Prisma needs a value for a non-null Json). */
function json(value: unknown, fallback: InputJson = {}): InputJson {
  return value === null || value === undefined ? fallback : (value as InputJson);
}

/**
 * A field every payload of the model carries (a NOT NULL column). A payload without it fails
 * the delivery with a message naming the field, visible in the event log and replayable.
 */
function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) {
    throw new ClerkSyncError("UNSYNCABLE_EVENT", `The event's data has no ${field}.`, {
      suggestion:
        "Clerk changed this payload: check it in the event log, adjust the model, then replay.",
    });
  }
  return value;
}

function searchText(parts: readonly (string | null | undefined)[]): string | null {
  const text = parts
    .filter((p): p is string => typeof p === "string" && p.length > 0)
    .join(" ")
    .toLowerCase();
  return text.length > 0 ? text : null;
}
