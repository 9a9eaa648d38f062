import type {
  ClerkOrganizationMembershipRow,
  ClerkOrganizationRow,
  ClerkUserRow,
  RowOf,
  SyncedModel,
} from "./models.js";

/*
 * Read helpers over the synced models. Each takes a Prisma client (or a transaction client) and is
 * typed structurally by the few delegate methods it calls, like the sync itself.
 */

type Order = "asc" | "desc";

/** Rows without a creation time (possible for rows an app wrote itself) sort last everywhere. */
type ByCreation = { createdAt: { sort: Order; nulls: "last" } } | { id: Order };
/** Every synced model has these, not all have a (nullable) creation time. */
type ByChange = { syncVersion: Order } | { id: Order };

interface FindMany<Where, Row, OrderBy = ByCreation> {
  findMany(args: {
    where: Where;
    orderBy?: OrderBy[];
    take?: number;
    skip?: number;
  }): PromiseLike<Row[]>;
}

const NEWEST_FIRST: ByCreation[] = [{ createdAt: { sort: "desc", nulls: "last" } }, { id: "asc" }];
const OLDEST_FIRST: ByCreation[] = [{ createdAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];

interface Count<Where> {
  count(args: { where: Where }): PromiseLike<number>;
}

interface FindUnique<Row> {
  findUnique(args: { where: { id: string } }): PromiseLike<Row | null>;
}

/** One page of rows, with the total across all pages. */
export interface Page<T> {
  rows: T[];
  total: number;
  take: number;
  skip: number;
}

export interface PageOptions {
  /** Rows per page, 1 to 500. Default 50. */
  take?: number;
  /** Rows to skip. Default 0. */
  skip?: number;
}

export interface ListUsersOptions extends PageOptions {
  /** Case-insensitive match on names, username and primary email. */
  search?: string;
}

type UserWhere = { deletedAt: null; searchText?: { contains: string } };

/** What `listUsers` reads. */
export interface UsersReader {
  clerkUser: FindMany<UserWhere, ClerkUserRow> & Count<UserWhere>;
}

/**
 * Live (not deleted) users, newest first, a page at a time; `search` matches names, username and
 * primary email, case-insensitively on every provider.
 *
 * @example
 * const { rows, total } = await listUsers(prisma, { search: "ada", take: 20 });
 */
export async function listUsers(
  db: UsersReader,
  options: ListUsersOptions = {},
): Promise<Page<ClerkUserRow>> {
  const { take, skip } = page(options);
  const search = options.search?.trim().toLowerCase();
  const where: UserWhere = search
    ? { deletedAt: null, searchText: { contains: search } }
    : { deletedAt: null };
  const [rows, total] = await Promise.all([
    db.clerkUser.findMany({
      where,
      orderBy: NEWEST_FIRST,
      take,
      skip,
    }),
    db.clerkUser.count({ where }),
  ]);
  return { rows, total, take, skip };
}

/** A live member of an organization, with their user row when the user is synced. */
export interface OrganizationMember {
  membership: ClerkOrganizationMembershipRow;
  /** `null` when the user is not (yet) synced, e.g. the user group is not synced. */
  user: ClerkUserRow | null;
}

export interface OrganizationWithMembers {
  organization: ClerkOrganizationRow;
  members: OrganizationMember[];
}

/** What `getOrganizationWithMembers` reads. */
export interface OrganizationMembersReader extends MemberUsersReader {
  clerkOrganization: FindUnique<ClerkOrganizationRow>;
  clerkOrganizationMembership: FindMany<
    { organizationId: string; deletedAt: null },
    ClerkOrganizationMembershipRow
  >;
}

/**
 * A live organization and its live members, oldest membership first, each with the member's user
 * row when present (joined by Clerk id: there are no foreign keys). Members whose user is deleted
 * are left out. `null` when the organization is not synced or is deleted.
 *
 * @example
 * const org = await getOrganizationWithMembers(prisma, "org_2abc");
 * org?.members.map((m) => m.user?.primaryEmailAddress ?? m.membership.userIdentifier);
 */
export async function getOrganizationWithMembers(
  db: OrganizationMembersReader,
  organizationId: string,
): Promise<OrganizationWithMembers | null> {
  const [organization, memberships] = await Promise.all([
    db.clerkOrganization.findUnique({ where: { id: organizationId } }),
    db.clerkOrganizationMembership.findMany({
      where: { organizationId, deletedAt: null },
      orderBy: OLDEST_FIRST,
    }),
  ]);
  if (!organization || organization.deletedAt) return null;
  const joined = await joinMemberUsers(db, memberships);
  return { organization, members: joined.filter((member) => !member.user?.deletedAt) };
}

/** What `joinMemberUsers` reads. */
export interface MemberUsersReader {
  clerkUser: FindMany<{ id: { in: string[] } }, ClerkUserRow>;
}

/**
 * Memberships joined to their users by Clerk id (there are no foreign keys), in the order given:
 * each with its user row, `null` while the user is not synced. Deleted users are kept (their row
 * has `deletedAt`), for pages that show former members; `getOrganizationWithMembers` leaves them
 * out. One query for all of them.
 *
 * @example
 * const members = await joinMemberUsers(prisma, memberships);
 * members.map((m) => m.user?.primaryEmailAddress ?? m.membership.userIdentifier);
 */
export async function joinMemberUsers<Membership extends ClerkOrganizationMembershipRow>(
  db: MemberUsersReader,
  memberships: readonly Membership[],
): Promise<(OrganizationMember & { membership: Membership })[]> {
  const users = await byId(
    db.clerkUser,
    memberships.map((m) => m.userId),
  );
  return memberships.map((membership) => ({
    membership,
    user: (membership.userId ? users.get(membership.userId) : undefined) ?? null,
  }));
}

/** One of a user's live memberships, with its organization row when present. */
export interface UserMembership {
  membership: ClerkOrganizationMembershipRow;
  /** `null` when the organization is not (yet) synced. */
  organization: ClerkOrganizationRow | null;
}

/** What `listUserMemberships` reads. */
export interface UserMembershipsReader {
  clerkOrganizationMembership: FindMany<
    { userId: string; deletedAt: null },
    ClerkOrganizationMembershipRow
  >;
  clerkOrganization: FindMany<{ id: { in: string[] } }, ClerkOrganizationRow>;
}

/**
 * A user's live memberships, oldest first, each with its organization row when present.
 * Memberships of deleted organizations are left out.
 *
 * @example
 * const memberships = await listUserMemberships(prisma, "user_2abc");
 * memberships.map((m) => `${m.organization?.name}: ${m.membership.role}`);
 */
export async function listUserMemberships(
  db: UserMembershipsReader,
  userId: string,
): Promise<UserMembership[]> {
  const memberships = await db.clerkOrganizationMembership.findMany({
    where: { userId, deletedAt: null },
    orderBy: OLDEST_FIRST,
  });
  const organizations = await byId(
    db.clerkOrganization,
    memberships.map((m) => m.organizationId),
  );
  const result: UserMembership[] = [];
  for (const membership of memberships) {
    const organization = membership.organizationId
      ? organizations.get(membership.organizationId)
      : undefined;
    if (organization?.deletedAt) continue;
    result.push({ membership, organization: organization ?? null });
  }
  return result;
}

type LiveWhere = { deletedAt: null };

/** What `listLive` and `countLive` read for model `M`. */
export type LiveReader<M extends SyncedModel> = {
  [K in M]: FindMany<LiveWhere, RowOf<K>, ByChange> & Count<LiveWhere>;
};

/**
 * Live (not deleted) rows of any synced model, most recently changed first, a page at a time.
 *
 * @example
 * const { rows } = await listLive(prisma, "clerkSession", { take: 20 });
 */
export async function listLive<M extends SyncedModel>(
  db: LiveReader<M>,
  model: M,
  options: PageOptions = {},
): Promise<Page<RowOf<M>>> {
  const { take, skip } = page(options);
  const delegate = (db as LiveReader<SyncedModel>)[model] as LiveReader<M>[M];
  const where: LiveWhere = { deletedAt: null };
  const [rows, total] = await Promise.all([
    delegate.findMany({ where, orderBy: [{ syncVersion: "desc" }, { id: "asc" }], take, skip }),
    delegate.count({ where }),
  ]);
  return { rows, total, take, skip };
}

/**
 * How many live (not deleted) rows a synced model has.
 *
 * @example
 * const users = await countLive(prisma, "clerkUser");
 */
export async function countLive<M extends SyncedModel>(
  db: LiveReader<M>,
  model: M,
): Promise<number> {
  const delegate = (db as LiveReader<SyncedModel>)[model] as LiveReader<M>[M];
  return delegate.count({ where: { deletedAt: null } });
}

async function byId<Row extends { id: string }>(
  delegate: FindMany<{ id: { in: string[] } }, Row>,
  ids: readonly (string | null)[],
): Promise<Map<string, Row>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await delegate.findMany({ where: { id: { in: unique } } });
  return new Map(rows.map((row) => [row.id, row]));
}

function page(options: PageOptions): { take: number; skip: number } {
  const take = Math.min(500, Math.max(1, Math.trunc(options.take ?? 50)));
  const skip = Math.max(0, Math.trunc(options.skip ?? 0));
  return { take: Number.isFinite(take) ? take : 50, skip: Number.isFinite(skip) ? skip : 0 };
}
