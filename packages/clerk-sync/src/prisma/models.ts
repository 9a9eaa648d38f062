import type { EventGroup } from "../catalog/index.js";

/**
 * The columns of the kit's synced models (templates/prisma/models/<group>.prisma), as TypeScript.
 * They are checked against generated Prisma clients: a column here that the schema lacks, or a
 * type that differs, fails to compile where a client is passed to the kit.
 */

/** A JSON value as Prisma returns it. */
export type JsonValue = string | number | boolean | null | JsonObject | JsonArray;
export type JsonObject = { [key: string]: JsonValue | undefined };
export type JsonArray = JsonValue[];

/** A JSON value as Prisma accepts it for a non-null `Json` column. */
export type InputJson =
  | string
  | number
  | boolean
  | { readonly [key: string]: InputJson | null }
  | readonly (InputJson | null)[];

/** Columns every synced model has. `J` is the JSON type (input or output). */
export interface SyncedColumns<J> {
  id: string;
  /** The last applied event's `data`, as Clerk sent it. */
  raw: J;
  /**
   * The version the row was written from: `data.updated_at`, or the event time. A row your app
   * writes itself (say, on sign-up, from Clerk's API) should carry the `updatedAt` it read, so
   * that any newer event still applies over it.
   */
  syncVersion: Date;
  /** When the row was deleted in Clerk; `null` while it is live. */
  deletedAt: Date | null;
}

export interface ClerkUserColumns<J> extends SyncedColumns<J> {
  externalId: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  hasImage: boolean | null;
  primaryEmailAddress: string | null;
  primaryEmailAddressId: string | null;
  primaryPhoneNumber: string | null;
  primaryPhoneNumberId: string | null;
  publicMetadata: J;
  privateMetadata: J;
  unsafeMetadata: J;
  banned: boolean | null;
  locked: boolean | null;
  lastSignInAt: Date | null;
  lastActiveAt: Date | null;
  searchText: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ClerkOrganizationColumns<J> extends SyncedColumns<J> {
  name: string | null;
  slug: string | null;
  imageUrl: string | null;
  hasImage: boolean | null;
  membersCount: number | null;
  maxAllowedMemberships: number | null;
  adminDeleteEnabled: boolean | null;
  publicMetadata: J;
  privateMetadata: J;
  createdBy: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ClerkOrganizationDomainColumns<J> extends SyncedColumns<J> {
  organizationId: string | null;
  name: string | null;
  enrollmentMode: string | null;
  verificationStatus: string | null;
  verificationStrategy: string | null;
  affiliationEmailAddress: string | null;
  totalPendingInvitations: number | null;
  totalPendingSuggestions: number | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ClerkOrganizationInvitationColumns<J> extends SyncedColumns<J> {
  organizationId: string;
  emailAddress: string;
  role: string;
  roleName: string | null;
  status: string | null;
  userId: string | null;
  publicMetadata: J;
  privateMetadata: J;
  url: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClerkOrganizationMembershipColumns<J> extends SyncedColumns<J> {
  organizationId: string | null;
  userId: string | null;
  role: string | null;
  permissions: J;
  publicMetadata: J;
  privateMetadata: J;
  userIdentifier: string | null;
  userFirstName: string | null;
  userLastName: string | null;
  userImageUrl: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ClerkRoleColumns<J> extends SyncedColumns<J> {
  key: string | null;
  name: string | null;
  description: string | null;
  permissions: J;
  isCreatorEligible: boolean | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ClerkPermissionColumns<J> extends SyncedColumns<J> {
  key: string | null;
  name: string | null;
  description: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ClerkSessionColumns<J> extends SyncedColumns<J> {
  userId: string;
  clientId: string;
  status: string;
  lastActiveOrganizationId: string | null;
  impersonated: boolean;
  lastActiveAt: Date | null;
  expireAt: Date | null;
  abandonAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClerkEmailColumns<J> extends SyncedColumns<J> {
  userId: string | null;
  emailAddressId: string | null;
  toEmailAddress: string | null;
  fromEmailName: string | null;
  subject: string | null;
  slug: string | null;
  status: string | null;
  deliveredByClerk: boolean | null;
  createdAt: Date;
}

export interface ClerkSmsMessageColumns<J> extends SyncedColumns<J> {
  userId: string | null;
  phoneNumberId: string | null;
  toPhoneNumber: string | null;
  fromPhoneNumber: string | null;
  slug: string | null;
  status: string | null;
  deliveredByClerk: boolean | null;
  createdAt: Date;
}

export interface ClerkInvitationColumns<J> extends SyncedColumns<J> {
  emailAddress: string;
  status: string;
  revoked: boolean | null;
  publicMetadata: J;
  url: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClerkWaitlistEntryColumns<J> extends SyncedColumns<J> {
  emailAddress: string;
  status: string;
  isLocked: boolean | null;
  invitationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClerkSubscriptionColumns<J> extends SyncedColumns<J> {
  status: string;
  payerId: string | null;
  userId: string | null;
  organizationId: string | null;
  latestPaymentId: string | null;
  paymentSourceId: string | null;
  activeAt: Date | null;
  pastDueAt: Date | null;
  canceledAt: Date | null;
  endedAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ClerkSubscriptionItemColumns<J> extends SyncedColumns<J> {
  status: string;
  planId: string | null;
  planSlug: string | null;
  planName: string | null;
  planPeriod: string | null;
  payerId: string | null;
  userId: string | null;
  organizationId: string | null;
  amount: number | null;
  currency: string | null;
  isFreeTrial: boolean | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  canceledAt: Date | null;
  pastDueAt: Date | null;
}

export interface ClerkPaymentAttemptColumns<J> extends SyncedColumns<J> {
  status: string;
  paymentId: string | null;
  statementId: string | null;
  chargeType: string | null;
  payerId: string | null;
  userId: string | null;
  organizationId: string | null;
  amount: number | null;
  currency: string | null;
  failedReason: string | null;
  billingDate: Date | null;
  paidAt: Date | null;
  failedAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** Each synced model's columns, by the name of its Prisma client delegate. */
export interface SyncedModels<J> {
  clerkUser: ClerkUserColumns<J>;
  clerkOrganization: ClerkOrganizationColumns<J>;
  clerkOrganizationDomain: ClerkOrganizationDomainColumns<J>;
  clerkOrganizationInvitation: ClerkOrganizationInvitationColumns<J>;
  clerkOrganizationMembership: ClerkOrganizationMembershipColumns<J>;
  clerkRole: ClerkRoleColumns<J>;
  clerkPermission: ClerkPermissionColumns<J>;
  clerkSession: ClerkSessionColumns<J>;
  clerkEmail: ClerkEmailColumns<J>;
  clerkSmsMessage: ClerkSmsMessageColumns<J>;
  clerkInvitation: ClerkInvitationColumns<J>;
  clerkWaitlistEntry: ClerkWaitlistEntryColumns<J>;
  clerkSubscription: ClerkSubscriptionColumns<J>;
  clerkSubscriptionItem: ClerkSubscriptionItemColumns<J>;
  clerkPaymentAttempt: ClerkPaymentAttemptColumns<J>;
}

/** The name of a synced model's delegate on a Prisma client (`clerkUser`, …). */
export type SyncedModel = keyof SyncedModels<unknown>;

/** A row of a synced model, as queries return it. */
export type RowOf<M extends SyncedModel> = SyncedModels<JsonValue>[M];
/** A row of a synced model, as the sync writes it. */
export type WriteOf<M extends SyncedModel> = SyncedModels<InputJson>[M];

export type ClerkUserRow = RowOf<"clerkUser">;
export type ClerkOrganizationRow = RowOf<"clerkOrganization">;
export type ClerkOrganizationDomainRow = RowOf<"clerkOrganizationDomain">;
export type ClerkOrganizationInvitationRow = RowOf<"clerkOrganizationInvitation">;
export type ClerkOrganizationMembershipRow = RowOf<"clerkOrganizationMembership">;
export type ClerkRoleRow = RowOf<"clerkRole">;
export type ClerkPermissionRow = RowOf<"clerkPermission">;
export type ClerkSessionRow = RowOf<"clerkSession">;
export type ClerkEmailRow = RowOf<"clerkEmail">;
export type ClerkSmsMessageRow = RowOf<"clerkSmsMessage">;
export type ClerkInvitationRow = RowOf<"clerkInvitation">;
export type ClerkWaitlistEntryRow = RowOf<"clerkWaitlistEntry">;
export type ClerkSubscriptionRow = RowOf<"clerkSubscription">;
export type ClerkSubscriptionItemRow = RowOf<"clerkSubscriptionItem">;
export type ClerkPaymentAttemptRow = RowOf<"clerkPaymentAttempt">;

/** The models each event group syncs into, in the order the catalog lists the groups. */
export const MODELS_OF_GROUP = {
  user: ["clerkUser"],
  organization: ["clerkOrganization"],
  organizationDomain: ["clerkOrganizationDomain"],
  organizationInvitation: ["clerkOrganizationInvitation"],
  organizationMembership: ["clerkOrganizationMembership"],
  role: ["clerkRole"],
  permission: ["clerkPermission"],
  session: ["clerkSession"],
  communication: ["clerkEmail", "clerkSmsMessage"],
  invitation: ["clerkInvitation"],
  waitlistEntry: ["clerkWaitlistEntry"],
  subscription: ["clerkSubscription"],
  subscriptionItem: ["clerkSubscriptionItem"],
  paymentAttempt: ["clerkPaymentAttempt"],
} as const satisfies Record<EventGroup, readonly SyncedModel[]>;
