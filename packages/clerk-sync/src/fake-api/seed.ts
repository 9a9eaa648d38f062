import type { ListableGroup } from "../backfill/listable.js";
import type { ClerkObject } from "../backfill/sources.js";
import type { EventData } from "../catalog/index.js";
import { fixture } from "../samples/fixtures.js";
import { seededId, seededRandom } from "../samples/random.js";

export type { ClerkObject };

/** Every object of a fake instance, by the event group it belongs to. */
export type FakeInstanceData = { [G in ListableGroup]: ClerkObject[] };

/** How big a seeded instance is. Every count is optional; see `DEFAULT_SEED_SIZE`. */
export interface SeedOptions {
  /** Same seed, same instance: ids, names, times, everything. Default 1. */
  seed?: number;
  users?: number;
  organizations?: number;
  /** Distinct (organization, user) pairs; at most users × organizations. */
  memberships?: number;
  organizationInvitations?: number;
  /** At most one per organization. */
  organizationDomains?: number;
  invitations?: number;
  waitlistEntries?: number;
  roles?: number;
  permissions?: number;
  /** When the first object was created, in ms. Default 2025-01-01T00:00:00Z. */
  startAt?: number;
}

/** The instance the numbers describe: 10,000 users, 200 organizations, … */
export const DEFAULT_SEED_SIZE = {
  users: 10_000,
  organizations: 200,
  memberships: 5_000,
  organizationInvitations: 400,
  organizationDomains: 100,
  invitations: 500,
  waitlistEntries: 500,
  roles: 6,
  permissions: 12,
} as const satisfies Omit<Required<SeedOptions>, "seed" | "startAt">;

type UserJSON = EventData<"user.created">;
type OrganizationJSON = EventData<"organization.created">;
type PermissionJSON = EventData<"permission.created">;
type InvitationJSON = EventData<"invitation.created">;

const FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia"];
const LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Perlman"];
const ROLES = ["org:admin", "org:member", "org:billing_manager", "org:viewer"];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * A whole Clerk instance, generated from a seed: every object shaped exactly as the kit's
 * fixtures (Clerk's webhook `data`) shape it, with deterministic ids and times. Objects are
 * created one after another (a few minutes apart) and some were updated later.
 *
 * @example
 * const data = seedInstance({ users: 100, organizations: 5, memberships: 60 });
 * data.user.length // 100
 */
export function seedInstance(options: SeedOptions = {}): FakeInstanceData {
  const size = { ...DEFAULT_SEED_SIZE, ...withoutUndefined(options) };
  const random = seededRandom(options.seed ?? 1);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const id = (prefix: string) => seededId(prefix, random);
  let clock = options.startAt ?? Date.UTC(2025, 0, 1);
  /** Creation time of the next object, and an update time at or after it (sometimes later). */
  const times = () => {
    clock += 1 + int(5 * MINUTE);
    const created = clock;
    const updated = random() < 0.3 ? created + 1 + int(30 * DAY) : created;
    return { created_at: created, updated_at: updated };
  };

  const permissions = Array.from({ length: size.permissions }, (_, i) => {
    const t = times();
    return object<PermissionJSON>(fixture("permission.created", { timestamp: t.created_at }).data, {
      id: id("perm"),
      key: `org:feature${i + 1}:${i % 2 === 0 ? "read" : "manage"}`,
      name: `Feature ${i + 1} (${i % 2 === 0 ? "read" : "manage"})`,
      description: `Lets members ${i % 2 === 0 ? "see" : "change"} feature ${i + 1}`,
      ...t,
    });
  });

  const roles = Array.from({ length: size.roles }, (_, i) => {
    const t = times();
    const granted = permissions.filter((_, p) => (p + i) % 3 === 0);
    return object(fixture("role.created", { timestamp: t.created_at }).data, {
      id: id("role"),
      key: i < ROLES.length ? ROLES[i] : `org:custom_${i}`,
      name: `Role ${i + 1}`,
      description: `The ${i + 1}. role`,
      permissions: granted,
      is_creator_eligible: i === 0,
      ...t,
    });
  });

  const users = Array.from({ length: size.users }, (_, i) => {
    const t = times();
    const first = pick(FIRST);
    const last = pick(LAST);
    const base = fixture("user.created", { timestamp: t.created_at }).data;
    const emailId = id("idn");
    const phoneId = random() < 0.5 ? id("idn") : null;
    const email = `${first}.${last}.${i + 1}@example.com`.toLowerCase();
    return object<UserJSON>(base, {
      id: id("user"),
      first_name: first,
      last_name: last,
      username: random() < 0.3 ? `${first}${i + 1}`.toLowerCase() : null,
      primary_email_address_id: emailId,
      primary_phone_number_id: phoneId,
      email_addresses: base.email_addresses.map((e) => ({
        ...e,
        id: emailId,
        email_address: email,
      })),
      phone_numbers: phoneId
        ? base.phone_numbers.map((p) => ({
            ...p,
            id: phoneId,
            phone_number: `+1555${String(1_000_000 + i).slice(-7)}`,
          }))
        : [],
      public_metadata: i % 7 === 0 ? { plan: "pro" } : {},
      external_id: i % 11 === 0 ? `ext-${i + 1}` : null,
      last_sign_in_at: t.updated_at,
      password_last_updated_at: t.created_at,
      ...t,
    });
  });

  const organizations = Array.from({ length: size.organizations }, (_, i) => {
    const t = times();
    return object<OrganizationJSON>(
      fixture("organization.created", { timestamp: t.created_at }).data,
      {
        id: id("org"),
        name: `Organization ${i + 1}`,
        slug: `organization-${i + 1}`,
        created_by: users.length > 0 ? pick(users).id : null,
        members_count: 0,
        pending_invitations_count: 0,
        max_allowed_memberships: 0,
        ...t,
      },
    );
  });

  const pairs = new Set<string>();
  const membershipTarget = Math.min(size.memberships, users.length * organizations.length);
  const memberships: ClerkObject[] = [];
  while (memberships.length < membershipTarget) {
    const org = pick(organizations);
    const user = pick(users) as ClerkObject & UserJSON;
    if (pairs.has(`${org.id}:${user.id}`)) continue;
    pairs.add(`${org.id}:${user.id}`);
    org.members_count = (org.members_count as number) + 1;
    const t = times();
    const role = random() < 0.15 ? "org:admin" : "org:member";
    memberships.push(
      object(fixture("organizationMembership.created", { timestamp: t.created_at }).data, {
        id: id("orgmem"),
        role,
        permissions:
          role === "org:admin"
            ? ["org:sys_memberships:read", "org:sys_memberships:manage", "org:sys_profile:read"]
            : ["org:sys_memberships:read", "org:sys_profile:read"],
        organization: org,
        public_user_data: {
          identifier: user.email_addresses[0]?.email_address ?? user.id,
          first_name: user.first_name,
          last_name: user.last_name,
          image_url: user.image_url,
          has_image: user.has_image,
          user_id: user.id,
        },
        ...t,
      }),
    );
  }

  const domains = organizations.slice(0, size.organizationDomains).map((org, i) => {
    const t = times();
    return object(fixture("organizationDomain.created", { timestamp: t.created_at }).data, {
      id: id("orgdmn"),
      name: `organization-${i + 1}.example`,
      organization_id: org.id,
      affiliation_email_address: `admin@organization-${i + 1}.example`,
      ...t,
    });
  });

  const organizationInvitations = Array.from({ length: size.organizationInvitations }, (_, i) => {
    const t = times();
    const org = pick(organizations);
    const status = pick(["pending", "pending", "accepted", "revoked"] as const);
    org.pending_invitations_count =
      (org.pending_invitations_count as number) + (status === "pending" ? 1 : 0);
    return object(fixture("organizationInvitation.created", { timestamp: t.created_at }).data, {
      id: id("orginv"),
      email_address: `invitee.${i + 1}@example.com`,
      organization_id: org.id,
      status,
      // Clerk names the user only once the invitation is accepted.
      ...(status === "accepted" && users.length > 0 ? { user_id: pick(users).id } : {}),
      expires_at: t.created_at + 30 * DAY,
      ...t,
    });
  });

  const invitation = (status: InvitationJSON["status"], email: string) => {
    const t = times();
    return object<InvitationJSON>(fixture("invitation.created", { timestamp: t.created_at }).data, {
      id: id("inv"),
      email_address: email,
      status,
      revoked: status === "revoked",
      ...t,
    });
  };
  const invitations = Array.from({ length: size.invitations }, (_, i) =>
    invitation(
      pick(["pending", "pending", "accepted", "revoked"] as const),
      `guest.${i + 1}@example.com`,
    ),
  );

  const waitlistEntries = Array.from({ length: size.waitlistEntries }, (_, i) => {
    const email = `waiting.${i + 1}@example.com`;
    // Inviting from the waitlist creates an ordinary invitation, listed with the others.
    const invited = random() < 0.25 ? invitation("pending", email) : null;
    if (invited) invitations.push(invited);
    const t = times();
    return object(fixture("waitlistEntry.created", { timestamp: t.created_at }).data, {
      id: id("wle"),
      email_address: email,
      status: invited ? "invited" : "pending",
      invitation: invited,
      ...t,
    });
  });

  // Each membership carries its organization as it is once every member has joined.
  for (const membership of memberships) {
    membership.organization = { ...(membership.organization as ClerkObject) };
  }

  return {
    user: users,
    organization: organizations,
    organizationDomain: domains,
    organizationInvitation: organizationInvitations,
    organizationMembership: memberships,
    role: roles,
    permission: permissions,
    invitation: invitations,
    waitlistEntry: waitlistEntries,
  };
}

/** The fixture's object with the generated fields in place of its random ones. */
function object<T>(base: T, fields: Record<string, unknown>): ClerkObject & T {
  return { ...base, ...fields } as ClerkObject & T;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
