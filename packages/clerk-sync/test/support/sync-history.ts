import fc from "fast-check";
import type { ClerkEventType, EventOf } from "../../src/index.js";
import type { SyncedModel } from "../../src/prisma/index.js";
import { clerkId, fixture, newSvixId } from "../../src/testing/index.js";

/*
 * Random histories for the property test: per entity, what Clerk did, in order, with the times
 * Clerk would stamp; then how Svix delivers them (duplicates, any order, batches at once).
 */

const T0 = Date.UTC(2026, 0, 1);

/** One change Clerk makes to an entity, `gap` ms after the entity's previous one. */
export interface Change {
  kind: "upsert" | "delete";
  /** The value of the column the test follows (first name, organization name, role, status). */
  value: string;
  gap: number;
}

/** A life of an entity: created, updated, and maybe deleted. */
interface Life {
  create: string;
  updates: { value: string; gap: number }[];
  /** The gap before the delete; `null`: not deleted. 0 is a tie with the last write. */
  deleteGap: number | null;
}

export interface HistoryShape {
  users: Life[];
  organization: Life;
  /** One membership per user, of the organization; more than one life is a re-creation. */
  memberships: Life[][];
  /** Status changes of one session of the first user, after its creation; null: no session. */
  session: { status: SessionType; gap: number }[] | null;
  /** How long after its data.updated_at each upsert's event is stamped. */
  lag: number;
}

type SessionType =
  | "session.updated"
  | "session.pending"
  | "session.ended"
  | "session.removed"
  | "session.revoked";

const name = fc.constantFrom("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald");
const role = fc.constantFrom("org:admin", "org:member", "org:billing");
const gap = fc.integer({ min: 1, max: 3 });

/** Mostly short: the run count, not the history length, is what finds orderings. */
function fewOf<T>(arb: fc.Arbitrary<T>, weights: readonly number[]): fc.Arbitrary<T[]> {
  return fc.oneof(
    ...weights.map((weight, n) => ({
      weight,
      arbitrary: fc.array(arb, { minLength: n, maxLength: n }),
    })),
  );
}

/** `arb` one time in three, else null. */
function oneTimeIn3<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

function lifeArb(options: { mustEnd: boolean; value: fc.Arbitrary<string> }): fc.Arbitrary<Life> {
  const deleteGap = fc.integer({ min: 0, max: 3 });
  return fc.record({
    create: options.value,
    updates: fewOf(fc.record({ value: options.value, gap }), [5, 4, 1]),
    // Not deleted two times in three; a life followed by another always is.
    deleteGap: options.mustEnd ? deleteGap : oneTimeIn3(deleteGap),
  });
}

/** Memberships of one or two lives (a re-creation); every life but the last ends deleted. */
const membershipArb = fc.oneof(
  { weight: 2, arbitrary: lifeArb({ mustEnd: false, value: role }).map((life) => [life]) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      lifeArb({ mustEnd: true, value: role }),
      lifeArb({ mustEnd: false, value: role }),
    ),
  },
);

const sessionChange = fc.record({
  status: fc.constantFrom<SessionType>(
    "session.updated",
    "session.pending",
    "session.ended",
    "session.removed",
    "session.revoked",
  ),
  gap,
});

export const historyShapeArb: fc.Arbitrary<HistoryShape> = fc
  .oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) })
  .chain((userCount) =>
    fc.record({
      users: fc.array(lifeArb({ mustEnd: false, value: name }), {
        minLength: userCount,
        maxLength: userCount,
      }),
      organization: lifeArb({
        mustEnd: false,
        value: fc.constantFrom("Engines", "Looms", "Mills"),
      }),
      memberships: fc.array(membershipArb, { minLength: userCount, maxLength: userCount }),
      session: fc.oneof(fc.constant(null), fewOf(sessionChange, [1, 1])),
      lag: fc.integer({ min: 0, max: 2 }),
    }),
  );

/** One entity's events, in the order Clerk emitted them. */
export interface EntityHistory {
  model: SyncedModel;
  id: string;
  events: EventOf<ClerkEventType>[];
  /** The followed column and its value after each event (`null` after a delete). */
  column: string;
  values: (string | null)[];
  /** Each event's version: data.updated_at for upserts, the event time for deletes. */
  versions: number[];
  deletes: boolean[];
}

const STATUS_OF: Record<SessionType | "session.created", string> = {
  "session.created": "active",
  "session.updated": "active",
  "session.pending": "pending",
  "session.ended": "ended",
  "session.removed": "removed",
  "session.revoked": "revoked",
};

/** Turn a shape into concrete Clerk events with fresh ids (unique to this run). */
export function materialize(shape: HistoryShape): EntityHistory[] {
  const orgId = clerkId("org");
  const userIds = shape.users.map(() => clerkId("user"));
  const histories: EntityHistory[] = [];

  const build = (
    model: SyncedModel,
    id: string,
    column: string,
    lives: Life[],
    /** Whether the delete's payload is the whole object (memberships) or just its id. */
    deleteCarriesData: boolean,
    make: (kind: "created" | "updated" | "deleted", value: string, t: number) => unknown,
  ) => {
    const history: EntityHistory = {
      model,
      id,
      events: [],
      column,
      values: [],
      versions: [],
      deletes: [],
    };
    const record = (event: unknown, value: string | null, version: number, deleted: boolean) => {
      history.events.push(event as EventOf<ClerkEventType>);
      history.values.push(value);
      history.versions.push(version);
      history.deletes.push(deleted);
    };
    let t = T0;
    for (const life of lives) {
      t += 1;
      let value = life.create;
      record(make("created", value, t), value, t, false);
      for (const update of life.updates) {
        t += update.gap;
        value = update.value;
        record(make("updated", value, t), value, t, false);
      }
      if (life.deleteGap !== null) {
        t += life.deleteGap;
        record(make("deleted", value, t), deleteCarriesData ? value : null, t, true);
      }
    }
    histories.push(history);
  };

  const upsertTime = (t: number) => t + shape.lag;

  shape.users.forEach((life, i) => {
    const id = userIds[i] as string;
    build("clerkUser", id, "firstName", [life], false, (kind, value, t) =>
      kind === "deleted"
        ? fixture("user.deleted", { timestamp: t, data: { id } })
        : fixture(`user.${kind}`, {
            timestamp: upsertTime(t),
            data: { id, first_name: value, created_at: T0, updated_at: t },
          }),
    );
  });

  build("clerkOrganization", orgId, "name", [shape.organization], false, (kind, value, t) =>
    kind === "deleted"
      ? fixture("organization.deleted", { timestamp: t, data: { id: orgId } })
      : fixture(`organization.${kind}`, {
          timestamp: upsertTime(t),
          data: {
            id: orgId,
            name: value,
            slug: value.toLowerCase(),
            created_at: T0,
            updated_at: t,
          },
        }),
  );

  shape.memberships.forEach((lives, i) => {
    const id = clerkId("orgmem");
    const userId = userIds[i] as string;
    let updatedAt = T0;
    build("clerkOrganizationMembership", id, "role", lives, true, (kind, role, t) => {
      if (kind !== "deleted") updatedAt = t;
      // Clerk sends the whole membership, as it last was, when it is deleted.
      return fixture(`organizationMembership.${kind}`, {
        timestamp: kind === "deleted" ? t : upsertTime(t),
        data: {
          id,
          role,
          created_at: T0,
          updated_at: updatedAt,
          organization: { id: orgId },
          public_user_data: { user_id: userId },
        },
      });
    });
  });

  if (shape.session === null) return histories;
  const sessionId = clerkId("sess");
  const clientId = clerkId("client");
  const sessionHistory: EntityHistory = {
    model: "clerkSession",
    id: sessionId,
    events: [],
    column: "status",
    values: [],
    versions: [],
    deletes: [],
  };
  let t = T0;
  for (const { status, gap: step } of [
    { status: "session.created" as const, gap: 1 },
    ...shape.session,
  ]) {
    t += step;
    sessionHistory.events.push(
      fixture(status, {
        timestamp: upsertTime(t),
        data: {
          id: sessionId,
          client_id: clientId,
          user_id: userIds[0] as string,
          status: STATUS_OF[status],
          created_at: T0,
          updated_at: t,
        },
      }) as EventOf<ClerkEventType>,
    );
    sessionHistory.values.push(STATUS_OF[status]);
    sessionHistory.versions.push(t);
    sessionHistory.deletes.push(false);
  }
  histories.push(sessionHistory);
  return histories;
}

/** How one copy of an event is delivered. */
export interface DeliveryShape {
  /** Sort key: deliveries are sent in ascending order of it. */
  order: number;
  /** A redelivery of the same message (same svix-id) or a new message with the same event. */
  sameSvixId: boolean;
  /** Ends a batch: the batch's deliveries are posted at once. */
  endsBatch: boolean;
  /** After this batch, wait for processing before sending the next. */
  settle: boolean;
}

const deliveryShape = fc.record({
  order: fc.nat({ max: 10_000 }),
  sameSvixId: fc.boolean(),
  endsBatch: fc.boolean(),
  settle: fc.boolean(),
});

/** The copies of one event: the original, and one time in three a duplicate. */
export const deliveryArb: fc.Arbitrary<DeliveryShape[]> = fc
  .tuple(deliveryShape, oneTimeIn3(deliveryShape))
  .map(([original, duplicate]) => (duplicate ? [original, duplicate] : [original]));

export interface Delivery {
  event: EventOf<ClerkEventType>;
  svixId: string;
  shape: DeliveryShape;
}

/** Every event's copies (the first is the original), in the random order to send them. */
export function schedule(
  events: readonly EventOf<ClerkEventType>[],
  copies: readonly DeliveryShape[][],
): Delivery[][] {
  const deliveries: Delivery[] = [];
  events.forEach((event, i) => {
    const original = newSvixId();
    for (const [n, shape] of (copies[i] ?? []).entries()) {
      deliveries.push({
        event,
        svixId: n === 0 || shape.sameSvixId ? original : newSvixId(),
        shape,
      });
    }
  });
  deliveries.sort((a, b) => a.shape.order - b.shape.order);
  const batches: Delivery[][] = [[]];
  for (const delivery of deliveries) {
    batches[batches.length - 1]?.push(delivery);
    if (delivery.shape.endsBatch) batches.push([]);
  }
  return batches.filter((b) => b.length > 0);
}

/** How many events a shape materializes into (to size the delivery shapes). */
export function eventCount(shape: HistoryShape): number {
  const life = (l: Life) => 1 + l.updates.length + (l.deleteGap === null ? 0 : 1);
  return (
    shape.users.reduce((n, l) => n + life(l), 0) +
    life(shape.organization) +
    shape.memberships.reduce((n, lives) => n + lives.reduce((m, l) => m + life(l), 0), 0) +
    (shape.session === null ? 0 : 1 + shape.session.length)
  );
}
