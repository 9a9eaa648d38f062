import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClerkObject, type ListableGroup, syncObjects } from "../../src/backfill/index.js";
import type { SyncedModel } from "../../src/prisma/index.js";
import { syncHandlers } from "../../src/prisma/index.js";
import type { TestDatabase } from "./db.js";
import type { Provider } from "./providers.js";
import { rowsOf } from "./sync.js";
import { openRelaxedDatabase } from "./sync-db.js";
import {
  type Delivery,
  deliveryArb,
  eventCount,
  historyShapeArb,
  materialize,
  type ObjectHistory,
  schedule,
} from "./sync-history.js";

/** CLERK_SYNC_BACKFILL_PROPERTY_RUNS (default 60) per provider; CLERK_SYNC_PROPERTY_SEED replays. */
const RUNS = Number(process.env.CLERK_SYNC_BACKFILL_PROPERTY_RUNS) || 60;
const SEED = process.env.CLERK_SYNC_PROPERTY_SEED;

/** The groups of the history's models that a backfill can read (sessions cannot be listed). */
const GROUP_OF: Partial<Record<SyncedModel, ListableGroup>> = {
  clerkUser: "user",
  clerkOrganization: "organization",
  clerkOrganizationMembership: "organizationMembership",
};

/** A backfill page: what the API listed at some moment, written somewhere among the deliveries. */
const pageArb = fc.record({
  /** When the API was read, as a share of the history's time span (before it, to after it). */
  at: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
  /** Where among the webhook batches the page is written (with the batch, concurrently). */
  position: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  /** Each listed object is on this page or not (a page holds part of a list). */
  keep: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});

const scenarioArb = historyShapeArb.chain((shape) =>
  fc.tuple(
    fc.constant(shape),
    fc.array(deliveryArb, { minLength: eventCount(shape), maxLength: eventCount(shape) }),
    fc.array(pageArb, { minLength: 1, maxLength: 4 }),
  ),
);

type Handler = (context: unknown) => Promise<void>;

/**
 * What the Backend API lists at time `t`: each listable entity's data as of its last change at or
 * before `t`, unless that change deleted it (or it did not exist yet). The same JSON its webhook
 * carried, as Clerk's API and webhooks serve the same object.
 */
function listedAt(
  histories: ObjectHistory[],
  t: number,
): { group: ListableGroup; object: ClerkObject }[] {
  return histories.flatMap((history) => {
    const group = GROUP_OF[history.model];
    if (!group) return [];
    // Clerk never lists an object again once it is deleted.
    const happened = history.expectations.filter((e) => e.version <= t);
    if (happened.length === 0 || happened.some((e) => e.deleted)) return [];
    let last = -1;
    history.expectations.forEach((e, i) => {
      if (e.version <= t) last = i;
    });
    return [{ group, object: history.events[last]?.data as unknown as ClerkObject }];
  });
}

/**
 * Backfill pages and webhook deliveries of the same objects, interleaved in any order and
 * concurrently, end in the same state as the webhooks alone: a backfill racing webhooks never
 * loses a newer change nor brings back a deleted row.
 */
export function describeBackfillProperty(provider: Provider): void {
  describe(`backfill pages among webhook deliveries on ${provider}`, () => {
    let mixed: TestDatabase;
    let alone: TestDatabase;
    const handlers = syncHandlers("all") as Record<string, Handler>;

    beforeAll(async () => {
      mixed = await openRelaxedDatabase(provider, "backfill_property");
      alone = await openRelaxedDatabase(provider, "backfill_property_alone");
    });
    afterAll(async () => {
      await mixed?.close();
      await alone?.close();
    });

    /** One delivery as the processor applies it: the event's sync, in its own transaction. */
    const deliver = (db: TestDatabase, { event }: Pick<Delivery, "event">) =>
      db.prisma.$transaction(async (tx) => {
        await handlers[event.type]?.({ data: event.data, event, tx, eventId: "", attempt: 1 });
      });

    /** One backfill page as the backfill writes it: its objects through syncObjects, one transaction. */
    const writePage = (objects: { group: ListableGroup; object: ClerkObject }[]) =>
      mixed.prisma.$transaction(async (tx) => {
        for (const { group, object } of objects) await syncObjects(tx, group, [object]);
      });

    it(
      `any interleaving ends as the webhooks alone (${RUNS} runs)`,
      async () => {
        let pagesWritten = 0;
        await fc.assert(
          fc.asyncProperty(scenarioArb, async ([shape, copies, pageShapes]) => {
            const histories = materialize(shape);
            const events = histories.flatMap((h) => h.events);
            const batches = schedule(events, copies);
            const versions = histories.flatMap((h) => h.expectations.map((e) => e.version));
            const [first, last] = [Math.min(...versions), Math.max(...versions)];
            const pages = pageShapes.map((p) => ({
              at: p.position * batches.length,
              objects: listedAt(histories, first + p.at * (last - first)).filter(
                (_, i) => p.keep[i % p.keep.length],
              ),
            }));
            pagesWritten += pages.length;

            // Webhooks and pages: each batch's deliveries and the pages placed before it, at once.
            for (const [index, batch] of batches.entries()) {
              const here = pages.filter((p) => Math.floor(p.at) === index);
              await Promise.all([
                ...batch.map((d) => deliver(mixed, d)),
                ...here.map((p) => writePage(p.objects)),
              ]);
            }
            // The webhooks alone, in order, on the other database.
            for (const event of events) await deliver(alone, { event });

            const models = [...new Set(histories.map((h) => h.model))];
            for (const model of models) {
              const ids = histories.filter((h) => h.model === model).map((h) => h.id);
              expect(await rowsOf(mixed.prisma, model, ids), model).toEqual(
                await rowsOf(alone.prisma, model, ids),
              );
            }
          }),
          { numRuns: RUNS, ...(SEED ? { seed: Number(SEED) } : {}) },
        );
        console.info(`backfill property on ${provider}: ${RUNS} runs, ${pagesWritten} pages`);
      },
      30 * 60_000,
    );
  });
}
