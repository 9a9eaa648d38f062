import fc from "fast-check";
import type { ClerkEventType, EventOf } from "../../src/index.js";
import type { SyncedModel } from "../../src/prisma/index.js";
import { clerkId, fixture, newSvixId } from "../../src/testing/index.js";

/*
 * Random histories for the property test: per object, what Clerk did and the times it stamped,
 * including the awkward cases real deliveries carry (changes at the same instant, a delete stamped
 * before the last update, envelope times in whole seconds, payloads without updated_at, a delete
 * sent twice, events after a delete); then how Svix delivers them (duplicates, any order, batches
 * at once).
 *
 * Each history also says, independently of the kit's code, what the row must end as: the README's
 * order (a delete is final; then the newer version; then the later status; then content, which
 * the test cannot predict but must be the same in every order).
 */

/** A whole second, so that envelope times in seconds collide with millisecond ones. */
const T0 = Date.UTC(2026, 0, 1);

/** How Clerk stamps one event. */
interface Stamp {
  /** Milliseconds after the object's previous change; 0 is a change at the same instant. */
  gap: number;
  /** How long after the change the envelope is stamped. */
  lag: number;
  /** The envelope's `timestamp` is in whole seconds (as some are), not milliseconds. */
  seconds: boolean;
  /** The payload carries no `updated_at`: the envelope time is the version. */
  noUpdatedAt: boolean;
}

/** One event of an object, before it is turned into a Clerk payload. */
interface Step {
  /** The event's action and, for objects with a status, the status it reports. */
  action: "created" | "updated" | "deleted" | StatusAction;
  /** The followed column's value in the payload (a name, a role, a status). */
  value: string;
  stamp: Stamp;
  /** For a delete: how far from the previous change it is stamped (negative: before it). */
  offset: number;
}

type StatusAction = { type: ClerkEventType; status: string };

export type Kind =
  | "user"
  | "organization"
  | "membership"
  | "session"
  | "invitation"
  | "paymentAttempt"
  | "subscriptionItem"
  | "waitlistEntry";

export interface ObjectShape {
  kind: Kind;
  steps: Step[];
}

export interface HistoryShape {
  /** One user, organization and membership per run, plus one object with a status life. */
  objects: ObjectShape[];
}

const bool = (trueOneIn: number) => fc.integer({ min: 1, max: trueOneIn }).map((n) => n === 1);

const stampArb: fc.Arbitrary<Stamp> = fc.record({
  gap: fc.integer({ min: 0, max: 3 }),
  lag: fc.integer({ min: 0, max: 2 }),
  seconds: bool(4),
  noUpdatedAt: bool(6),
});

/** `arb` repeated 0..max times, mostly few: the run count, not the length, finds orderings. */
const few = <T>(arb: fc.Arbitrary<T>, max: number) =>
  fc.array(arb, { minLength: 0, maxLength: max });

/** A named object's life: created, updated, maybe deleted (even twice), maybe written to after. */
function namedLife(names: readonly string[]): fc.Arbitrary<Step[]> {
  const name = fc.constantFrom(...names);
  const upsert = (action: "created" | "updated") =>
    fc.record({ value: name, stamp: stampArb }).map((s) => ({ ...s, action, offset: 0 }));
  const del = fc
    .record({ stamp: stampArb, offset: fc.integer({ min: -3, max: 3 }) })
    .map((s) => ({ ...s, action: "deleted" as const, value: "" }));
  return fc
    .record({
      created: upsert("created"),
      updates: few(upsert("updated"), 2),
      // Two times in three not deleted; sometimes deleted twice; sometimes written to after.
      deletes: fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        { weight: 2, arbitrary: few(del, 2) },
      ),
      after: few(upsert("updated"), 1),
    })
    .map(({ created, updates, deletes, after }) => [
      created,
      ...updates,
      ...deletes,
      ...(deletes.length > 0 ? after : []),
    ]);
}

/** The events that report each status, per kind of object with a status life. */
const STATUS_EVENTS: Record<
  "session" | "invitation" | "paymentAttempt" | "subscriptionItem" | "waitlistEntry",
  StatusAction[]
> = {
  session: [
    { type: "session.created", status: "active" },
    { type: "session.pending", status: "pending" },
    { type: "session.updated", status: "active" },
    { type: "session.ended", status: "ended" },
    { type: "session.removed", status: "removed" },
    { type: "session.revoked", status: "revoked" },
  ],
  invitation: [
    { type: "invitation.created", status: "pending" },
    { type: "invitation.accepted", status: "accepted" },
    { type: "invitation.revoked", status: "revoked" },
  ],
  paymentAttempt: [
    { type: "paymentAttempt.created", status: "pending" },
    { type: "paymentAttempt.updated", status: "pending" },
    { type: "paymentAttempt.updated", status: "paid" },
    { type: "paymentAttempt.updated", status: "failed" },
  ],
  subscriptionItem: [
    { type: "subscriptionItem.created", status: "upcoming" },
    { type: "subscriptionItem.active", status: "active" },
    { type: "subscriptionItem.pastDue", status: "past_due" },
    { type: "subscriptionItem.canceled", status: "canceled" },
    { type: "subscriptionItem.ended", status: "ended" },
  ],
  waitlistEntry: [
    { type: "waitlistEntry.created", status: "pending" },
    { type: "waitlistEntry.updated", status: "invited" },
    { type: "waitlistEntry.updated", status: "completed" },
    { type: "waitlistEntry.updated", status: "rejected" },
  ],
};

/**
 * Where each status stands in its object's life, as the README documents the tie-break: the
 * test's own table, not the kit's.
 */
const LIFECYCLE: Record<string, Record<string, number>> = {
  session: { pending: 0, active: 1, ended: 2, removed: 2, revoked: 2 },
  invitation: { pending: 0, accepted: 1, revoked: 1 },
  paymentAttempt: { pending: 0, paid: 1, failed: 1 },
  subscriptionItem: { upcoming: 0, active: 1, past_due: 2, canceled: 3, ended: 4 },
  waitlistEntry: { pending: 0, invited: 1, completed: 2, rejected: 2 },
};

function statusLife(kind: keyof typeof STATUS_EVENTS): fc.Arbitrary<ObjectShape> {
  const [created, ...changes] = STATUS_EVENTS[kind];
  const step = (action: fc.Arbitrary<StatusAction>) =>
    fc
      .record({ action, stamp: stampArb })
      .map(({ action, stamp }) => ({ action, value: action.status, stamp, offset: 0 }));
  return fc
    .tuple(
      step(fc.constant(created as StatusAction)),
      fc.array(step(fc.constantFrom(...changes)), { minLength: 1, maxLength: 3 }),
    )
    .map(([first, rest]) => ({ kind, steps: [first, ...rest] }));
}

export const historyShapeArb: fc.Arbitrary<HistoryShape> = fc
  .record({
    user: namedLife(["Ada", "Grace", "Alan"]),
    organization: namedLife(["Engines", "Looms"]),
    membership: namedLife(["org:admin", "org:member"]),
    status: fc.oneof(
      statusLife("session"),
      statusLife("invitation"),
      statusLife("paymentAttempt"),
      statusLife("subscriptionItem"),
      statusLife("waitlistEntry"),
    ),
  })
  .map(({ user, organization, membership, status }) => ({
    objects: [
      { kind: "user", steps: user },
      { kind: "organization", steps: organization },
      { kind: "membership", steps: membership },
      status,
    ],
  }));

/** What one event must do to its row, by the documented order. */
interface Expectation {
  deleted: boolean;
  /** The version, computed here: updated_at, else the envelope time read in its unit. */
  version: number;
  rank: number;
  /** The followed column's value the event writes (`null` on a tombstone without data). */
  value: string | null;
}

/** One object's events, in the order Clerk emitted them, and what each must do. */
export interface ObjectHistory {
  model: SyncedModel;
  id: string;
  column: string;
  events: EventOf<ClerkEventType>[];
  expectations: Expectation[];
}

const MODEL: Record<Kind, SyncedModel> = {
  user: "clerkUser",
  organization: "clerkOrganization",
  membership: "clerkOrganizationMembership",
  session: "clerkSession",
  invitation: "clerkInvitation",
  paymentAttempt: "clerkPaymentAttempt",
  subscriptionItem: "clerkSubscriptionItem",
  waitlistEntry: "clerkWaitlistEntry",
};

const COLUMN: Record<Kind, string> = {
  user: "firstName",
  organization: "name",
  membership: "role",
  session: "status",
  invitation: "status",
  paymentAttempt: "status",
  subscriptionItem: "status",
  waitlistEntry: "status",
};

/** Turn a shape into concrete Clerk events with fresh ids (unique to this run). */
export function materialize(shape: HistoryShape): ObjectHistory[] {
  const ids = { user: clerkId("user"), org: clerkId("org") };
  return shape.objects.map(({ kind, steps }) => {
    const id = kind === "user" ? ids.user : kind === "organization" ? ids.org : clerkId(kind);
    const history: ObjectHistory = {
      model: MODEL[kind],
      id,
      column: COLUMN[kind],
      events: [],
      expectations: [],
    };
    let t = T0;
    let last = "";
    for (const original of steps) {
      const deleted = original.action === "deleted";
      // A membership's delete carries the membership as it last was.
      const step = deleted ? { ...original, value: last } : original;
      last = step.value;
      t = deleted ? t + step.offset : t + step.stamp.gap;
      const envelopeMs = t + step.stamp.lag;
      const envelope = step.stamp.seconds ? Math.floor(envelopeMs / 1000) : envelopeMs;
      // Subscription items never carry updated_at: their version is the event's time.
      const withUpdatedAt = !deleted && !step.stamp.noUpdatedAt && kind !== "subscriptionItem";
      const event = payload(kind, step, { id, ids, at: t, envelope, withUpdatedAt });
      const envelopeVersion = step.stamp.seconds ? envelope * 1000 : envelope;
      history.events.push(event);
      history.expectations.push({
        deleted,
        version: withUpdatedAt ? t : envelopeVersion,
        rank: LIFECYCLE[kind]?.[step.value] ?? 0,
        // A user's or organization's delete carries only its id; a membership's the whole object.
        value: deleted && kind !== "membership" ? null : step.value,
      });
    }
    return history;
  });
}

function payload(
  kind: Kind,
  step: Step,
  options: {
    id: string;
    ids: { user: string; org: string };
    at: number;
    envelope: number;
    withUpdatedAt: boolean;
  },
): EventOf<ClerkEventType> {
  const { id, ids, at, envelope, withUpdatedAt } = options;
  const action = step.action;
  const type: ClerkEventType =
    typeof action === "object"
      ? action.type
      : kind === "membership"
        ? `organizationMembership.${action}`
        : (`${kind as "user" | "organization"}.${action}` as ClerkEventType);
  const created = { created_at: T0 - 60_000 };
  const data: Record<string, unknown> =
    action === "deleted" && kind !== "membership"
      ? { id }
      : kind === "user"
        ? { id, first_name: step.value, ...created }
        : kind === "organization"
          ? { id, name: step.value, slug: step.value.toLowerCase(), ...created }
          : kind === "membership"
            ? {
                id,
                role: step.value,
                ...created,
                organization: { id: ids.org },
                public_user_data: { user_id: ids.user },
              }
            : kind === "session"
              ? {
                  id,
                  status: step.value,
                  user_id: ids.user,
                  client_id: `client_${ids.user}`,
                  ...created,
                }
              : { id, status: step.value, ...created };
  if (withUpdatedAt) data.updated_at = at;
  const event = fixture(type, { timestamp: at, data: data as never }) as EventOf<ClerkEventType>;
  const eventData = event.data as unknown as Record<string, unknown>;
  if (!withUpdatedAt) delete eventData.updated_at;
  return { ...event, timestamp: envelope } as EventOf<ClerkEventType>;
}

/**
 * What the row must end as, by the documented order: among the events with the greatest
 * (deleted, version, status rank), the row holds one of their values, at that version, and is a
 * tombstone exactly when they are deletes. Which of several tied values wins is decided by
 * content, which the test does not predict; it checks every order agrees instead.
 */
export function expectedEnd(history: ObjectHistory): {
  values: Set<string | null>;
  version: number;
  deleted: boolean;
} {
  const key = (e: Expectation) => [Number(e.deleted), e.version, e.rank];
  const greater = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
    return false;
  };
  let best = key(history.expectations[0] as Expectation);
  for (const e of history.expectations) if (greater(key(e), best)) best = key(e);
  const top = history.expectations.filter((e) => key(e).every((v, i) => v === best[i]));
  return {
    values: new Set(top.map((e) => e.value)),
    version: best[1] as number,
    deleted: best[0] === 1,
  };
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
  .tuple(
    deliveryShape,
    fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: deliveryShape }),
  )
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
  return shape.objects.reduce((n, o) => n + o.steps.length, 0);
}
