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

export type Resource = { raw?: unknown } & Record<string, unknown>;

/**
 * The JSON Clerk sent for a resource. `@clerk/backend` keeps it (`raw`) for users,
 * organizations, memberships and invitations; domains it returns as they came. Roles,
 * permissions and waitlist entries it turns into classes without their JSON: rebuilt here with
 * every field the webhooks for them carry.
 */
export function rawOf(group: ListableGroup, resource: Resource): ClerkObject {
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

/** Look rows up one at a time; `get` answers `undefined` for one that is gone. */
function oneByOne(
  group: ListableGroup,
  get: (api: ClerkApi, row: RowToCheck) => Promise<unknown>,
): GroupSource["lookup"] {
  return async (api, rows) => {
    const found = new Map<string, ClerkObject>();
    for (const row of rows) {
      const resource = await get(api, row);
      if (resource) found.set(row.id, rawOf(group, resource as Resource));
    }
    return found;
  };
}

/** Look rows up a hundred at a time, through a list filtered by id. */
function byIds(
  group: ListableGroup,
  list: (api: ClerkApi, ids: string[]) => Promise<{ data: unknown[]; totalCount: number }>,
): GroupSource["lookup"] {
  return async (api, rows) => {
    const found = new Map<string, ClerkObject>();
    for (const batch of batches(rows.map((r) => r.id))) {
      for (const object of page(group, await list(api, batch)).objects)
        found.set(object.id, object);
    }
    return found;
  };
}

/** Look rows up in their organization's list (a deleted organization lists nothing). */
function inTheirOrganization(
  organizationOf: (raw: ClerkObject) => string | undefined,
  list: (
    api: ClerkApi,
    organizationId: string,
    rows: RowToCheck[],
    offset: number,
  ) => Promise<ListPage>,
): GroupSource["lookup"] {
  return async (api, rows) => {
    const found = new Map<string, ClerkObject>();
    for (const [organizationId, ofOrg] of byOrganization(rows, organizationOf)) {
      if (!organizationId) continue;
      const wanted = new Set(ofOrg.map((r) => r.id));
      for (let offset = 0; ; offset += 500) {
        const { objects } = await list(api, organizationId, ofOrg, offset);
        for (const object of objects) if (wanted.has(object.id)) found.set(object.id, object);
        if (objects.length < 500) break;
      }
    }
    return found;
  };
}

const userIdOf = (row: RowToCheck) =>
  ((row.raw as ClerkObject | null)?.public_user_data as { user_id?: string } | undefined)?.user_id;

const domains = perOrganization("organizationDomain", (api, organizationId, offset, limit) =>
  api.call(
    `domains of ${organizationId}${at(offset)}`,
    (c) => c.organizations.getOrganizationDomainList({ organizationId, limit, offset }),
    { notFound: "undefined" },
  ),
);

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
          { requests: 2 },
        ),
      ),
    ],
    lookup: byIds("user", (api, userId) =>
      api.call(
        `${userId.length} users by id`,
        (c) => c.users.getUserList({ userId, limit: userId.length }),
        {
          requests: 2,
        },
      ),
    ),
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
    lookup: byIds("organization", (api, organizationId) =>
      api.call(`${organizationId.length} organizations by id`, (c) =>
        c.organizations.getOrganizationList({
          organizationId,
          limit: organizationId.length,
          includeMembersCount: true,
        }),
      ),
    ),
  },
  organizationDomain: {
    group: "organizationDomain",
    model: "clerkOrganizationDomain",
    listings: [domains],
    lookup: inTheirOrganization(organizationIdField, (api, organizationId, _rows, offset) =>
      domains.fetch(api, { organizationId, offset, limit: 500 }),
    ),
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
    lookup: oneByOne("organizationInvitation", (api, row) => {
      const organizationId = organizationIdField((row.raw ?? {}) as ClerkObject);
      return organizationId
        ? api.call(
            `organization invitation ${row.id}`,
            (c) =>
              c.organizations.getOrganizationInvitation({ organizationId, invitationId: row.id }),
            { notFound: "undefined" },
          )
        : Promise.resolve(undefined);
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
    // Filtered by their users, a hundred at a time (the rows of one organization are few).
    lookup: inTheirOrganization(
      organizationOfMembership,
      async (api, organizationId, rows, offset) => {
        const userId = rows.map(userIdOf).filter((id): id is string => typeof id === "string");
        if (userId.length === 0 || offset > 0) return { objects: [], totalCount: 0 };
        const found: ClerkObject[] = [];
        for (const batch of batches(userId)) {
          const response = await api.call(
            `memberships of ${organizationId}`,
            (c) =>
              c.organizations.getOrganizationMembershipList({
                organizationId,
                userId: batch,
                limit: 500,
              }),
            { notFound: "undefined" },
          );
          found.push(...page("organizationMembership", orEmpty(response)).objects);
        }
        return { objects: found, totalCount: found.length };
      },
    ),
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
    lookup: oneByOne("role", (api, row) =>
      api.call(`role ${row.id}`, (c) => c.organizationRoles.getOrganizationRole(row.id), {
        notFound: "undefined",
      }),
    ),
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
    lookup: oneByOne("permission", (api, row) =>
      api.call(
        `permission ${row.id}`,
        (c) => c.organizationPermissions.getOrganizationPermission(row.id),
        {
          notFound: "undefined",
        },
      ),
    ),
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
    lookup: oneByOne("invitation", async (api, row) => {
      for (const status of [undefined, "revoked"] as const) {
        const response = await api.call(`invitation ${row.id}`, (c) =>
          c.invitations.getInvitationList({
            query: row.id,
            limit: 10,
            ...(status ? { status } : {}),
          }),
        );
        const found = (response.data as unknown as Resource[]).find((item) => item.id === row.id);
        if (found) return found;
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
    lookup: oneByOne("waitlistEntry", async (api, row) => {
      const response = await api.call(`waitlist entry ${row.id}`, (c) =>
        c.waitlistEntries.list({ query: row.id, limit: 10 }),
      );
      return (response.data as unknown as Resource[]).find((item) => item.id === row.id);
    }),
  },
};

/** The organizations a per-organization listing walks through, oldest first. */
export const ORGANIZATIONS = SOURCES.organization.listings[0] as Listing;
