import type { SyncedModel } from "../prisma/models.js";
import type { ClerkApi } from "./api.js";
import type { ListableGroup } from "./listable.js";

/** A Clerk object as the Backend API returns it, snake_case, exactly as a webhook's `data`. */
export type ClerkObject = { id: string; created_at?: number; updated_at?: number } & Record<
  string,
  unknown
>;

/** The order a list comes in: ascending by `created_at` where Clerk lets us ask, else newest first. */
export type ListOrder = "asc" | "desc";

export interface ListPage {
  objects: ClerkObject[];
  /** The list's length as the API reported it with this page. */
  totalCount: number;
}

/** One list of the Backend API, paged with `limit` and `offset`. */
export interface Listing {
  /** Names the listing in checkpoints and progress: "user", "invitation (revoked)". */
  name: string;
  order: ListOrder;
  /** Listed once per organization (`/organizations/{id}/domains`, …). */
  perOrganization: boolean;
  /** One page. Per-organization listings get the organization's id; a deleted one lists empty. */
  fetch(
    api: ClerkApi,
    page: { offset: number; limit: number; organizationId?: string },
  ): Promise<ListPage>;
}

/** A row of the database the sweep asks Clerk about: its id and the data it last held. */
export interface RowToCheck {
  id: string;
  raw: unknown;
}

/** How one group is read from the Backend API. */
export interface GroupSource {
  group: ListableGroup;
  model: SyncedModel;
  listings: Listing[];
  /** Which of these rows' objects still exist in Clerk, each with its object as it is now. */
  lookup(api: ClerkApi, rows: readonly RowToCheck[]): Promise<Map<string, ClerkObject>>;
}

const LOOKUP_BATCH = 100;

type Resource = { raw?: unknown } & Record<string, unknown>;

/**
 * The JSON Clerk sent for a resource. `@clerk/backend` keeps it (`raw`) for users,
 * organizations, memberships and invitations; domains it returns as they came. Roles,
 * permissions and waitlist entries it turns into classes without their JSON: rebuilt here with
 * every field the webhooks for them carry.
 */
function rawOf(group: ListableGroup, resource: Resource): ClerkObject {
  if (resource.raw && typeof resource.raw === "object") return resource.raw as ClerkObject;
  switch (group) {
    case "permission":
      return permissionJson(resource);
    case "role":
      return {
        object: "role",
        id: resource.id as string,
        key: resource.key,
        name: resource.name,
        description: resource.description,
        permissions: ((resource.permissions as Resource[] | undefined) ?? []).map(permissionJson),
        is_creator_eligible: resource.isCreatorEligible,
        created_at: resource.createdAt as number,
        updated_at: resource.updatedAt as number,
      };
    case "waitlistEntry": {
      const invitation = resource.invitation as Resource | null | undefined;
      return {
        object: "waitlist_entry",
        id: resource.id as string,
        status: resource.status,
        email_address: resource.emailAddress,
        invitation: invitation ? ((invitation.raw as ClerkObject | undefined) ?? null) : null,
        is_locked: resource.isLocked,
        created_at: resource.createdAt as number,
        updated_at: resource.updatedAt as number,
      };
    }
    default:
      // Domains (no class in @clerk/backend) arrive as the JSON itself.
      return resource as unknown as ClerkObject;
  }
}

function permissionJson(resource: Resource): ClerkObject {
  return {
    object: "permission",
    id: resource.id as string,
    key: resource.key,
    name: resource.name,
    description: resource.description,
    created_at: resource.createdAt as number,
    updated_at: resource.updatedAt as number,
  };
}

function page(group: ListableGroup, response: { data: unknown[]; totalCount: number }): ListPage {
  return {
    objects: response.data.map((item) => rawOf(group, item as Resource)),
    totalCount: response.totalCount,
  };
}

/** A per-organization page; an organization deleted meanwhile lists nothing. */
function orEmpty(response: { data: unknown[]; totalCount: number } | undefined) {
  return response ?? { data: [], totalCount: 0 };
}

function listing(
  group: ListableGroup,
  name: string,
  order: ListOrder,
  fetch: (
    api: ClerkApi,
    offset: number,
    limit: number,
  ) => Promise<{ data: unknown[]; totalCount: number }>,
): Listing {
  return {
    name,
    order,
    perOrganization: false,
    fetch: async (api, { offset, limit }) => page(group, await fetch(api, offset, limit)),
  };
}

function perOrganization(
  group: ListableGroup,
  fetch: (
    api: ClerkApi,
    organizationId: string,
    offset: number,
    limit: number,
  ) => Promise<{ data: unknown[]; totalCount: number } | undefined>,
): Listing {
  return {
    name: group,
    // Neither list takes order_by: Clerk returns them newest first.
    order: "desc",
    perOrganization: true,
    fetch: async (api, { offset, limit, organizationId }) =>
      page(group, orEmpty(await fetch(api, organizationId as string, offset, limit))),
  };
}

const at = (offset: number) => (offset > 0 ? `, offset ${offset}` : "");

/** Ids in batches a list filter accepts (Clerk takes up to 100 ids per filter). */
function batches<T>(items: readonly T[], size = LOOKUP_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function byOrganization(rows: readonly RowToCheck[], of: (raw: ClerkObject) => string | undefined) {
  const groups = new Map<string, RowToCheck[]>();
  for (const row of rows) {
    const org = of((row.raw ?? {}) as ClerkObject) ?? "";
    groups.set(org, [...(groups.get(org) ?? []), row]);
  }
  return groups;
}

const organizationOfMembership = (raw: ClerkObject) =>
  (raw.organization as { id?: string } | undefined)?.id;
const organizationIdField = (raw: ClerkObject) => raw.organization_id as string | undefined;

/** Look rows up one at a time; `undefined` from `get` means gone. */
async function oneByOne(
  rows: readonly RowToCheck[],
  get: (row: RowToCheck) => Promise<ClerkObject | undefined>,
): Promise<Map<string, ClerkObject>> {
  const found = new Map<string, ClerkObject>();
  for (const row of rows) {
    const object = await get(row);
    if (object) found.set(row.id, object);
  }
  return found;
}

/** How each listable group is read, and how a row is looked up to tell whether it is gone. */
export const SOURCES: { readonly [G in ListableGroup]: GroupSource } = {
  user: {
    group: "user",
    model: "clerkUser",
    listings: [
      listing("user", "user", "asc", (api, offset, limit) =>
        api.call(
          `users${at(offset)}`,
          (c) => c.users.getUserList({ limit, offset, orderBy: "+created_at" }),
          {
            requests: 2,
          },
        ),
      ),
    ],
    async lookup(api, rows) {
      const found = new Map<string, ClerkObject>();
      for (const batch of batches(rows.map((r) => r.id))) {
        const response = await api.call(
          `${batch.length} users by id`,
          (c) => c.users.getUserList({ userId: batch, limit: batch.length }),
          { requests: 2 },
        );
        for (const object of page("user", response).objects) found.set(object.id, object);
      }
      return found;
    },
  },
  organization: {
    group: "organization",
    model: "clerkOrganization",
    listings: [
      listing("organization", "organization", "asc", (api, offset, limit) =>
        api.call(`organizations${at(offset)}`, (c) =>
          c.organizations.getOrganizationList({
            limit,
            offset,
            orderBy: "+created_at",
            includeMembersCount: true,
          }),
        ),
      ),
    ],
    async lookup(api, rows) {
      const found = new Map<string, ClerkObject>();
      for (const batch of batches(rows.map((r) => r.id))) {
        const response = await api.call(`${batch.length} organizations by id`, (c) =>
          c.organizations.getOrganizationList({
            organizationId: batch,
            limit: batch.length,
            includeMembersCount: true,
          }),
        );
        for (const object of page("organization", response).objects) found.set(object.id, object);
      }
      return found;
    },
  },
  organizationDomain: {
    group: "organizationDomain",
    model: "clerkOrganizationDomain",
    listings: [
      perOrganization("organizationDomain", (api, organizationId, offset, limit) =>
        api.call(
          `domains of ${organizationId}${at(offset)}`,
          (c) => c.organizations.getOrganizationDomainList({ organizationId, limit, offset }),
          { notFound: "undefined" },
        ),
      ),
    ],
    async lookup(api, rows) {
      const found = new Map<string, ClerkObject>();
      for (const [organizationId, ofOrg] of byOrganization(rows, organizationIdField)) {
        if (!organizationId) continue;
        const wanted = new Set(ofOrg.map((r) => r.id));
        for (let offset = 0; ; offset += 500) {
          const response = orEmpty(
            await api.call(
              `domains of ${organizationId}`,
              (c) =>
                c.organizations.getOrganizationDomainList({ organizationId, limit: 500, offset }),
              { notFound: "undefined" },
            ),
          );
          for (const object of page("organizationDomain", response).objects) {
            if (wanted.has(object.id)) found.set(object.id, object);
          }
          if (response.data.length < 500) break;
        }
      }
      return found;
    },
  },
  organizationInvitation: {
    group: "organizationInvitation",
    model: "clerkOrganizationInvitation",
    listings: [
      perOrganization("organizationInvitation", (api, organizationId, offset, limit) =>
        api.call(
          `invitations of ${organizationId}${at(offset)}`,
          (c) => c.organizations.getOrganizationInvitationList({ organizationId, limit, offset }),
          { notFound: "undefined" },
        ),
      ),
    ],
    lookup: (api, rows) =>
      oneByOne(rows, async (row) => {
        const organizationId = organizationIdField((row.raw ?? {}) as ClerkObject);
        if (!organizationId) return undefined;
        const invitation = await api.call(
          `organization invitation ${row.id}`,
          (c) =>
            c.organizations.getOrganizationInvitation({ organizationId, invitationId: row.id }),
          { notFound: "undefined" },
        );
        return invitation
          ? rawOf("organizationInvitation", invitation as unknown as Resource)
          : undefined;
      }),
  },
  organizationMembership: {
    group: "organizationMembership",
    model: "clerkOrganizationMembership",
    listings: [
      listing("organizationMembership", "organizationMembership", "asc", (api, offset, limit) =>
        api.call(`memberships${at(offset)}`, (c) =>
          c.organizations.getInstanceOrganizationMembershipList({
            limit,
            offset,
            orderBy: "+created_at",
          }),
        ),
      ),
    ],
    async lookup(api, rows) {
      const found = new Map<string, ClerkObject>();
      for (const [organizationId, ofOrg] of byOrganization(rows, organizationOfMembership)) {
        if (!organizationId) continue;
        for (const batch of batches(ofOrg)) {
          const userId = batch
            .map(
              (r) =>
                (
                  (r.raw as ClerkObject | null)?.public_user_data as
                    | { user_id?: string }
                    | undefined
                )?.user_id,
            )
            .filter((id): id is string => typeof id === "string");
          if (userId.length === 0) continue;
          const response = await api.call(
            `memberships of ${organizationId}`,
            (c) =>
              c.organizations.getOrganizationMembershipList({ organizationId, userId, limit: 500 }),
            { notFound: "undefined" },
          );
          const wanted = new Set(batch.map((r) => r.id));
          for (const object of page("organizationMembership", orEmpty(response)).objects) {
            if (wanted.has(object.id)) found.set(object.id, object);
          }
        }
      }
      return found;
    },
  },
  role: {
    group: "role",
    model: "clerkRole",
    listings: [
      listing("role", "role", "asc", (api, offset, limit) =>
        api.call(`roles${at(offset)}`, (c) =>
          c.organizationRoles.getOrganizationRoleList({ limit, offset, orderBy: "+created_at" }),
        ),
      ),
    ],
    lookup: (api, rows) =>
      oneByOne(rows, async (row) => {
        const role = await api.call(
          `role ${row.id}`,
          (c) => c.organizationRoles.getOrganizationRole(row.id),
          {
            notFound: "undefined",
          },
        );
        return role ? rawOf("role", role as unknown as Resource) : undefined;
      }),
  },
  permission: {
    group: "permission",
    model: "clerkPermission",
    listings: [
      listing("permission", "permission", "asc", (api, offset, limit) =>
        api.call(`permissions${at(offset)}`, (c) =>
          c.organizationPermissions.getOrganizationPermissionList({
            limit,
            offset,
            orderBy: "+created_at",
          }),
        ),
      ),
    ],
    lookup: (api, rows) =>
      oneByOne(rows, async (row) => {
        const permission = await api.call(
          `permission ${row.id}`,
          (c) => c.organizationPermissions.getOrganizationPermission(row.id),
          { notFound: "undefined" },
        );
        return permission ? rawOf("permission", permission as unknown as Resource) : undefined;
      }),
  },
  invitation: {
    group: "invitation",
    model: "clerkInvitation",
    // Clerk leaves revoked invitations out unless asked for them by status.
    listings: [
      listing("invitation", "invitation", "asc", (api, offset, limit) =>
        api.call(`invitations${at(offset)}`, (c) =>
          c.invitations.getInvitationList({ limit, offset, orderBy: "+created_at" }),
        ),
      ),
      listing("invitation", "invitation (revoked)", "asc", (api, offset, limit) =>
        api.call(`revoked invitations${at(offset)}`, (c) =>
          c.invitations.getInvitationList({
            limit,
            offset,
            orderBy: "+created_at",
            status: "revoked",
          }),
        ),
      ),
    ],
    lookup: (api, rows) =>
      oneByOne(rows, async (row) => {
        for (const status of [undefined, "revoked"] as const) {
          const response = await api.call(`invitation ${row.id}`, (c) =>
            c.invitations.getInvitationList({
              query: row.id,
              limit: 10,
              ...(status ? { status } : {}),
            }),
          );
          const object = page("invitation", response).objects.find((o) => o.id === row.id);
          if (object) return object;
        }
        return undefined;
      }),
  },
  waitlistEntry: {
    group: "waitlistEntry",
    model: "clerkWaitlistEntry",
    listings: [
      listing("waitlistEntry", "waitlistEntry", "asc", (api, offset, limit) =>
        api.call(`waitlist entries${at(offset)}`, (c) =>
          c.waitlistEntries.list({ limit, offset, orderBy: "+created_at" }),
        ),
      ),
    ],
    lookup: (api, rows) =>
      oneByOne(rows, async (row) => {
        const response = await api.call(`waitlist entry ${row.id}`, (c) =>
          c.waitlistEntries.list({ query: row.id, limit: 10 }),
        );
        return page("waitlistEntry", response).objects.find((o) => o.id === row.id);
      }),
  },
};

/** The organizations a per-organization listing walks through, oldest first. */
export const ORGANIZATIONS = SOURCES.organization.listings[0] as Listing;
