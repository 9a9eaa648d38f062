import type { ListableGroup } from "../../src/backfill/index.js";

/**
 * The columns a synced row must hold for a Clerk object, read straight off the object's fields.
 * Written apart from the kit's own mapping (`src/prisma/rows.ts`), so that a mistake there
 * cannot pass on both sides of a comparison: the oracle of the backfill tests.
 */
export function expectedColumns(group: ListableGroup, object: object): Record<string, unknown> {
  const o = object as Obj;
  const columns: Record<string, unknown> = {};
  for (const [column, read] of Object.entries(COLUMNS[group])) columns[column] = read(o);
  return columns;
}

// biome-ignore lint/suspicious/noExplicitAny: a Clerk object of any group, read by field name.
type Obj = Record<string, any>;
type Read = (o: Obj) => unknown;

/** A field as it is, or null when Clerk sent none. */
const field =
  (name: string): Read =>
  (o) =>
    o[name] ?? null;
/** A time in ms as a Date. */
const time =
  (name: string): Read =>
  (o) =>
    typeof o[name] === "number" ? new Date(o[name]) : null;
/** JSON: an empty object (or the given default) when Clerk sent none. */
const json =
  (name: string, empty: unknown = {}): Read =>
  (o) =>
    o[name] ?? empty;
const stamps = { createdAt: time("created_at"), updatedAt: time("updated_at") };

const primaryOf = (list: Obj[] | undefined, id: unknown, value: string) =>
  list?.filter((entry) => entry.id === id)[0]?.[value] ?? null;

const COLUMNS: Record<ListableGroup, Record<string, Read>> = {
  user: {
    externalId: field("external_id"),
    username: field("username"),
    firstName: field("first_name"),
    lastName: field("last_name"),
    imageUrl: field("image_url"),
    hasImage: field("has_image"),
    primaryEmailAddress: (o) =>
      primaryOf(o.email_addresses, o.primary_email_address_id, "email_address"),
    primaryEmailAddressId: field("primary_email_address_id"),
    primaryPhoneNumber: (o) =>
      primaryOf(o.phone_numbers, o.primary_phone_number_id, "phone_number"),
    primaryPhoneNumberId: field("primary_phone_number_id"),
    publicMetadata: json("public_metadata"),
    privateMetadata: json("private_metadata"),
    unsafeMetadata: json("unsafe_metadata"),
    banned: field("banned"),
    locked: field("locked"),
    lastSignInAt: time("last_sign_in_at"),
    lastActiveAt: time("last_active_at"),
    // What the user search matches: names, username and primary email, lower-cased.
    searchText: (o) => {
      const email = primaryOf(o.email_addresses, o.primary_email_address_id, "email_address");
      const words = [o.first_name, o.last_name, o.username, email].filter((w) => w);
      return words.length === 0 ? null : words.join(" ").toLowerCase();
    },
    ...stamps,
  },
  organization: {
    name: field("name"),
    slug: field("slug"),
    imageUrl: field("image_url"),
    hasImage: field("has_image"),
    membersCount: field("members_count"),
    maxAllowedMemberships: field("max_allowed_memberships"),
    adminDeleteEnabled: field("admin_delete_enabled"),
    publicMetadata: json("public_metadata"),
    privateMetadata: json("private_metadata"),
    createdBy: field("created_by"),
    ...stamps,
  },
  organizationDomain: {
    organizationId: field("organization_id"),
    name: field("name"),
    enrollmentMode: field("enrollment_mode"),
    verificationStatus: (o) => o.verification?.status ?? null,
    verificationStrategy: (o) => o.verification?.strategy ?? null,
    affiliationEmailAddress: field("affiliation_email_address"),
    totalPendingInvitations: field("total_pending_invitations"),
    totalPendingSuggestions: field("total_pending_suggestions"),
    ...stamps,
  },
  organizationInvitation: {
    organizationId: field("organization_id"),
    emailAddress: field("email_address"),
    role: field("role"),
    roleName: field("role_name"),
    status: field("status"),
    userId: field("user_id"),
    publicMetadata: json("public_metadata"),
    privateMetadata: json("private_metadata"),
    url: field("url"),
    expiresAt: time("expires_at"),
    ...stamps,
  },
  organizationMembership: {
    organizationId: (o) => o.organization?.id ?? null,
    userId: (o) => o.public_user_data?.user_id ?? null,
    role: field("role"),
    permissions: json("permissions", []),
    publicMetadata: json("public_metadata"),
    privateMetadata: json("private_metadata"),
    userIdentifier: (o) => o.public_user_data?.identifier ?? null,
    userFirstName: (o) => o.public_user_data?.first_name ?? null,
    userLastName: (o) => o.public_user_data?.last_name ?? null,
    userImageUrl: (o) => o.public_user_data?.image_url ?? null,
    ...stamps,
  },
  role: {
    key: field("key"),
    name: field("name"),
    description: field("description"),
    // A role lists its permissions by key.
    permissions: (o) => (o.permissions ?? []).map((p: Obj) => p.key),
    isCreatorEligible: field("is_creator_eligible"),
    ...stamps,
  },
  permission: {
    key: field("key"),
    name: field("name"),
    description: field("description"),
    ...stamps,
  },
  invitation: {
    emailAddress: field("email_address"),
    status: field("status"),
    revoked: field("revoked"),
    publicMetadata: json("public_metadata"),
    url: field("url"),
    ...stamps,
  },
  waitlistEntry: {
    emailAddress: field("email_address"),
    status: field("status"),
    isLocked: field("is_locked"),
    invitationId: (o) => o.invitation?.id ?? null,
    ...stamps,
  },
};
