import type { AnyClerkEvent } from "../catalog/payloads.js";
import { fixture } from "./fixtures.js";
import { seededId, seededRandom } from "./random.js";
import { newSvixId } from "./sign.js";

/** One delivery of a scenario. A redelivery reuses the `svixId` (and the payload). */
export interface ScenarioDelivery {
  svixId: string;
  payload: AnyClerkEvent;
}

/** A sequence of deliveries telling one story, in the order to send them. */
export interface Scenario {
  name: ScenarioName;
  title: string;
  /** What is sent and what the app should end up with. */
  description: string;
  deliveries: ScenarioDelivery[];
}

export interface ScenarioOptions {
  /** Time of the scenario's last event, in ms; earlier events go back from it. Default now. */
  now?: number;
  /** Makes entity ids, names and the storm's shuffle reproducible. Default: random. */
  seed?: number;
  /** `duplicate-burst`: how many times the one delivery is sent. Default 10. */
  copies?: number;
  /** `failing-handler-recovers`: how many attempts the app's hook fails. Default 2. */
  failTimes?: number;
  /** `out-of-order-storm`: send the history in order, without duplicates (to compare). */
  inOrder?: boolean;
}

export const SCENARIO_NAMES = [
  "signup-joins-org",
  "duplicate-burst",
  "out-of-order-storm",
  "failing-handler-recovers",
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Title and summary of each scenario, for menus and `--help`. */
export const SCENARIOS: Record<ScenarioName, { title: string; summary: string }> = {
  "signup-joins-org": {
    title: "A user signs up and joins an organization",
    summary:
      "user.created, user.updated, organization.created, organizationMembership.created, organization.updated",
  },
  "duplicate-burst": {
    title: "A burst of duplicates",
    summary: "The same delivery (same svix-id) many times: applied once",
  },
  "out-of-order-storm": {
    title: "An out-of-order storm",
    summary:
      "Creates, updates and deletes of users, an organization and memberships, shuffled, with duplicates",
  },
  "failing-handler-recovers": {
    title: "A failing handler that recovers",
    summary: "A user whose hook fails the first attempts, then succeeds on a retry",
  },
};

/**
 * Build a scenario's deliveries, ready to sign and send (the `clerk-sync send --scenario`
 * command and the demo app's "Send sample events" panel both use this).
 *
 * @example
 * for (const { svixId, payload } of scenario("duplicate-burst", { copies: 5 }).deliveries) {
 *   const { headers, body } = signPayload(payload, { secret, svixId });
 *   await fetch(url, { method: "POST", headers, body });
 * }
 */
export function scenario(name: ScenarioName, options: ScenarioOptions = {}): Scenario {
  const context: Context = {
    now: options.now ?? Date.now(),
    random: seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32)),
  };
  switch (name) {
    case "signup-joins-org":
      return signupJoinsOrg(context);
    case "duplicate-burst":
      return duplicateBurst(context, options.copies ?? 10);
    case "out-of-order-storm":
      return outOfOrderStorm(context, options.inOrder ?? false);
    case "failing-handler-recovers":
      return failingHandlerRecovers(context, options.failTimes ?? 2);
  }
}

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

interface Context {
  now: number;
  random: () => number;
}

const SECOND = 1_000;

/**
 * Sign-up, as Clerk reports it: the user is created, signs in (an update), creates an
 * organization, becomes its admin, and the organization's member count is updated.
 */
function signupJoinsOrg({ now, random }: Context): Scenario {
  const start = now - 10 * SECOND;
  const ada = person(random, "Ada", "Lovelace");
  const org = company(random, "Analytical Engines", ada.id);
  const membershipId = seededId("orgmem", random);
  const deliveries = [
    fixture("user.created", { timestamp: start, data: ada.data(start) }),
    fixture("user.updated", {
      timestamp: start + 2 * SECOND,
      data: {
        ...ada.data(start),
        last_sign_in_at: start + SECOND,
        last_active_at: start + 2 * SECOND,
        updated_at: start + 2 * SECOND,
      },
    }),
    fixture("organization.created", {
      timestamp: start + 5 * SECOND,
      data: org.data(start + 5 * SECOND, { members_count: 0 }),
    }),
    fixture("organizationMembership.created", {
      timestamp: start + 5 * SECOND + 200,
      data: membership(
        membershipId,
        "org:admin",
        start + 5 * SECOND + 200,
        org.data(start + 5 * SECOND, { members_count: 0 }),
        ada,
      ),
    }),
    fixture("organization.updated", {
      timestamp: start + 6 * SECOND,
      data: {
        ...org.data(start + 5 * SECOND, { members_count: 1 }),
        updated_at: start + 6 * SECOND,
      },
    }),
  ].map(fresh);
  return {
    name: "signup-joins-org",
    title: SCENARIOS["signup-joins-org"].title,
    description: `${ada.name} signs up, signs in, creates "${org.name}" and becomes its admin. Ends with the user, the organization (1 member) and an admin membership.`,
    deliveries,
  };
}

function duplicateBurst({ now, random }: Context, copies: number): Scenario {
  if (!Number.isInteger(copies) || copies < 1) {
    throw new RangeError(`duplicate-burst copies must be a positive integer, got ${copies}`);
  }
  const grace = person(random, "Grace", "Hopper");
  const delivery = fresh(fixture("user.created", { timestamp: now, data: grace.data(now) }));
  return {
    name: "duplicate-burst",
    title: SCENARIOS["duplicate-burst"].title,
    description: `The same user.created delivery (one svix-id) ${copies} times, as Svix redelivers after a timeout. One ledger row, one user, one effect; the others are answered as duplicates.`,
    deliveries: Array.from({ length: copies }, () => delivery),
  };
}

/**
 * The history of three users, an organization and two memberships, in order of event time; then
 * shuffled, with about a third of the deliveries sent twice.
 */
function outOfOrderStorm({ now, random }: Context, inOrder: boolean): Scenario {
  const start = now - 60 * SECOND;
  let clock = start;
  const tick = () => {
    clock += SECOND;
    return clock;
  };
  const [ada, grace, alan] = [
    person(random, "Ada", "Lovelace"),
    person(random, "Grace", "Hopper"),
    person(random, "Alan", "Turing"),
  ] as const;
  const org = company(random, "Difference Engines", ada.id);
  const memberships = [
    { id: seededId("orgmem", random), user: grace },
    { id: seededId("orgmem", random), user: alan },
  ] as const;
  const history: AnyClerkEvent[] = [];

  const created = new Map<string, number>();
  for (const user of [ada, grace, alan]) {
    const at = tick();
    created.set(user.id, at);
    history.push(fixture("user.created", { timestamp: at, data: user.data(at) }));
  }
  const orgCreated = tick();
  history.push(
    fixture("organization.created", { timestamp: orgCreated, data: org.data(orgCreated) }),
  );
  const joined = new Map<string, number>();
  for (const { id, user } of memberships) {
    const at = tick();
    joined.set(id, at);
    history.push(
      fixture("organizationMembership.created", {
        timestamp: at,
        data: membership(id, "org:member", at, org.data(orgCreated), user),
      }),
    );
  }
  for (const [user, names] of [
    [ada, ["Augusta", "Augusta Ada"]],
    [grace, ["Grace B.", "Grace Brewster"]],
    [alan, ["Alan M.", "Alan Mathison"]],
  ] as const) {
    for (const firstName of names) {
      const at = tick();
      history.push(
        fixture("user.updated", {
          timestamp: at,
          data: { ...user.data(created.get(user.id) ?? at), first_name: firstName, updated_at: at },
        }),
      );
    }
  }
  const renamed = tick();
  const renamedOrg = {
    ...org.data(orgCreated, { name: "Difference Engines Ltd", members_count: 2 }),
    updated_at: renamed,
  };
  history.push(fixture("organization.updated", { timestamp: renamed, data: renamedOrg }));
  const [promoted, leaving] = memberships;
  const promotedAt = tick();
  history.push(
    fixture("organizationMembership.updated", {
      timestamp: promotedAt,
      data: {
        ...membership(
          promoted.id,
          "org:admin",
          joined.get(promoted.id) ?? promotedAt,
          renamedOrg,
          grace,
        ),
        updated_at: promotedAt,
      },
    }),
  );
  // Clerk sends the membership as it was; the deletion's version is the event time.
  const leftAt = tick();
  history.push(
    fixture("organizationMembership.deleted", {
      timestamp: leftAt,
      data: membership(
        leaving.id,
        "org:member",
        joined.get(leaving.id) ?? leftAt,
        renamedOrg,
        alan,
      ),
    }),
  );
  history.push(fixture("user.deleted", { timestamp: tick(), data: { id: alan.id } }));

  const sent = history.map(fresh);
  const deliveries = inOrder ? sent : withDuplicates(shuffle(sent, random), random);
  return {
    name: "out-of-order-storm",
    title: SCENARIOS["out-of-order-storm"].title,
    description: `${history.length} events about ${ada.name}, ${grace.name}, ${alan.name}, "${org.name}" and two memberships, ${inOrder ? "in order" : `shuffled, ${deliveries.length - history.length} of them sent twice`}. In any order the end state is the in-order one: Ada and Grace renamed "Augusta Ada" and "Grace Brewster", the organization renamed "Difference Engines Ltd" with Grace as admin, Alan and his membership deleted.`,
    deliveries,
  };
}

/**
 * One user.created whose hook fails on purpose. The convention, which the demo app's hook
 * implements: when `data.public_metadata.clerkSyncDemo.failTimes` is N, the app's hook throws on
 * attempts 1..N and succeeds from attempt N+1 on (the handler's `attempt`). With N below the
 * retry policy's `maxAttempts` (default 8) the delivery recovers on its own; with N at or above
 * it, it ends dead and a replay starts its attempts over.
 */
function failingHandlerRecovers({ now, random }: Context, failTimes: number): Scenario {
  if (!Number.isInteger(failTimes) || failTimes < 0) {
    throw new RangeError(`failTimes must be a non-negative integer, got ${failTimes}`);
  }
  const alan = person(random, "Alan", "Turing");
  const event = fixture("user.created", {
    timestamp: now,
    data: { ...alan.data(now), public_metadata: { clerkSyncDemo: { failTimes } } },
  });
  return {
    name: "failing-handler-recovers",
    title: SCENARIOS["failing-handler-recovers"].title,
    description: `A user.created for ${alan.name} with public_metadata.clerkSyncDemo.failTimes = ${failTimes}: the app's hook fails the first ${failTimes} attempt(s), the delivery shows as failed with its error, and a retry (or a replay) turns it done.`,
    deliveries: [fresh(event)],
  };
}

/** A user with consistent ids, a unique email, and the fields a sync stores. */
function person(random: () => number, first: string, last: string) {
  const id = seededId("user", random);
  const emailId = seededId("idn", random);
  const tag = seededId("", random).slice(1, 6).toLowerCase();
  const email = `${first.toLowerCase()}.${last.toLowerCase()}+${tag}@example.com`;
  return {
    id,
    name: `${first} ${last}`,
    data: (createdAt: number) => ({
      id,
      first_name: first,
      last_name: last,
      username: `${first.toLowerCase()}_${tag}`,
      primary_email_address_id: emailId,
      primary_phone_number_id: null,
      email_addresses: [
        {
          object: "email_address" as const,
          id: emailId,
          email_address: email,
          verification: {
            status: "verified" as const,
            strategy: "email_code",
            attempts: 1,
            expire_at: createdAt + 600_000,
          },
          linked_to: [],
        },
      ],
      phone_numbers: [],
      created_at: createdAt,
      updated_at: createdAt,
    }),
  };
}

type Person = ReturnType<typeof person>;

function company(random: () => number, name: string, createdBy: string) {
  const id = seededId("org", random);
  const slug = `${name.toLowerCase().replaceAll(" ", "-")}-${seededId("", random).slice(1, 6).toLowerCase()}`;
  return {
    id,
    name,
    slug,
    data: (createdAt: number, extra: { name?: string; members_count?: number } = {}) => ({
      id,
      name: extra.name ?? name,
      slug,
      created_by: createdBy,
      members_count: extra.members_count ?? 1,
      created_at: createdAt,
      updated_at: createdAt,
    }),
  };
}

type Company = ReturnType<typeof company>;

/** A membership as Clerk sends it: with a snapshot of the organization as it was then. */
function membership(
  id: string,
  role: string,
  at: number,
  organization: ReturnType<Company["data"]>,
  user: Person,
) {
  return {
    id,
    role,
    created_at: at,
    updated_at: at,
    organization,
    public_user_data: {
      user_id: user.id,
      identifier: user.data(at).email_addresses[0]?.email_address,
      first_name: user.data(at).first_name,
      last_name: user.data(at).last_name,
    },
  };
}

function fresh(payload: AnyClerkEvent): ScenarioDelivery {
  return { svixId: newSvixId(), payload };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** About a third of the deliveries again (same svix-id), each at a random later position. */
function withDuplicates(deliveries: ScenarioDelivery[], random: () => number): ScenarioDelivery[] {
  const out = [...deliveries];
  for (const delivery of deliveries) {
    if (random() >= 1 / 3) continue;
    const first = out.indexOf(delivery);
    const at = first + 1 + Math.floor(random() * (out.length - first));
    out.splice(at, 0, delivery);
  }
  return out;
}
