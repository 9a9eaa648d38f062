import { joinMemberUsers } from "@acme/clerk-sync/prisma";
import type { ClerkOrganizationMembership, ClerkUser } from "@/generated/prisma/client";
import { prisma } from "./db";
import { displayName } from "./people";

export interface Member {
  membership: ClerkOrganizationMembership;
  /** The synced user, when it has arrived (a membership may land first). */
  user: ClerkUser | null;
  name: string;
  email: string | null;
}

/**
 * The people behind memberships: the synced user where there is one, else what Clerk put in the
 * membership's public user data.
 */
export async function membersOf(memberships: ClerkOrganizationMembership[]): Promise<Member[]> {
  const joined = await joinMemberUsers(prisma, memberships);
  return joined.map(({ membership, user }) => describeMember(membership, user));
}

/** How to show one member: by the synced user while it is live, else by the membership's data. */
export function describeMember(
  membership: ClerkOrganizationMembership,
  user: ClerkUser | null,
): Member {
  const live = user && !user.deletedAt ? user : null;
  return {
    membership,
    user,
    name: live
      ? displayName(live)
      : displayName({
          firstName: membership.userFirstName,
          lastName: membership.userLastName,
          primaryEmailAddress: membership.userIdentifier,
          id: membership.userId ?? membership.id,
        }),
    email: live?.primaryEmailAddress ?? membership.userIdentifier ?? null,
  };
}

/** Display names of synced users by Clerk id (ids not synced yet are absent). */
export async function userNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const users = await prisma.clerkUser.findMany({ where: { id: { in: wanted } } });
  return new Map(users.map((u) => [u.id, u.deletedAt ? "Deleted user" : displayName(u)]));
}

/** Names of synced organizations by Clerk id. */
export async function organizationNames(
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const orgs = await prisma.clerkOrganization.findMany({
    where: { id: { in: wanted } },
    select: { id: true, name: true },
  });
  return new Map(orgs.map((o) => [o.id, o.name ?? o.id]));
}
