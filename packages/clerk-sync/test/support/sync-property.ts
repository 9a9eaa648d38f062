import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClerkSync, createClerkSync, inlineQueue, silentLogger } from "../../src/index.js";
import { getOrganizationWithMembers, syncHandlers } from "../../src/prisma/index.js";
import { generateSigningSecret } from "../../src/testing/index.js";
import type { TestDatabase } from "./db.js";
import type { TestTx } from "./harness.js";
import type { Provider } from "./providers.js";
import { expectDoneFirstTime, post, rowsOf } from "./sync.js";
import { openRelaxedDatabase } from "./sync-db.js";
import { deliveryArb, eventCount, historyShapeArb, materialize, schedule } from "./sync-history.js";

/**
 * Runs per provider: CLERK_SYNC_PROPERTY_RUNS (default 1000). CLERK_SYNC_PROPERTY_SEED replays
 * the seed a failure reports.
 */
export const PROPERTY_RUNS = positiveInt(process.env.CLERK_SYNC_PROPERTY_RUNS, 1000);
const SEED = process.env.CLERK_SYNC_PROPERTY_SEED;

const scenarioArb = historyShapeArb.chain((shape) =>
  fc.tuple(
    fc.constant(shape),
    fc.array(deliveryArb, { minLength: eventCount(shape), maxLength: eventCount(shape) }),
  ),
);

/**
 * The sync's central promise, on one provider: whatever the order, duplication or concurrency of
 * the deliveries, the database ends as if the events had been applied once each, in order.
 */
export function describeSyncProperty(provider: Provider): void {
  describe(`sync under any delivery order on ${provider}`, () => {
    // One database receives the deliveries as Svix might; the other the events in order, once.
    let chaos: TestDatabase & { secret: string };
    let ordered: TestDatabase;
    let sync: ClerkSync;
    const inOrder = syncHandlers("all") as Record<string, (context: unknown) => Promise<void>>;

    beforeAll(async () => {
      const secret = generateSigningSecret();
      chaos = Object.assign(await openRelaxedDatabase(provider, "sync_property"), { secret });
      ordered = await openRelaxedDatabase(provider, "sync_property_ordered");
      sync = createClerkSync<TestTx>({
        prisma: chaos.prisma,
        handlers: syncHandlers("all"),
        signingSecret: secret,
        queue: inlineQueue({ concurrency: 8 }),
        logger: silentLogger,
        sweeper: false,
      });
    });
    afterAll(async () => {
      await sync?.close();
      await chaos?.close();
      await ordered?.close();
    });

    it(
      `random histories, duplicated, shuffled and concurrent, end as applied in order (${PROPERTY_RUNS} runs)`,
      async () => {
        const started = performance.now();
        let deliveries = 0;
        await fc.assert(
          fc.asyncProperty(scenarioArb, async ([shape, copies]) => {
            const histories = materialize(shape);
            const events = histories.flatMap((h) => h.events);

            // Svix's way: copies of each event, in random order, batches posted at once,
            // sometimes waiting for processing between batches, sometimes not.
            const sent = new Set<string>();
            for (const batch of schedule(events, copies)) {
              await Promise.all(batch.map((d) => post(chaos, sync, d.event, { svixId: d.svixId })));
              for (const d of batch) sent.add(d.svixId);
              if (batch.at(-1)?.shape.settle) await sync.queue.drain();
              deliveries += batch.length;
            }
            await sync.queue.drain();
            await expectDoneFirstTime(chaos, [...sent]);

            // The reference: each event once, in the order Clerk emitted it.
            await ordered.prisma.$transaction(async (tx) => {
              for (const event of events) {
                await inOrder[event.type]?.({
                  data: event.data,
                  event,
                  tx,
                  eventId: "",
                  attempt: 1,
                });
              }
            });

            for (const model of new Set(histories.map((h) => h.model))) {
              const entities = histories.filter((h) => h.model === model);
              const ids = entities.map((h) => h.id);
              const rows = await rowsOf(chaos.prisma, model, ids);
              expect(rows, model).toEqual(await rowsOf(ordered.prisma, model, ids));

              // And that state is the last event's, whichever it was.
              for (const history of entities) {
                const last = history.events.length - 1;
                const version = new Date(history.versions[last] as number);
                expect(
                  rows.find((r) => r.id === history.id),
                  `${model} ${history.id}`,
                ).toMatchObject({
                  [history.column]: history.values[last],
                  syncVersion: version,
                  deletedAt: history.deletes[last] ? version : null,
                });
              }
            }

            const orgId = histories.find((h) => h.model === "clerkOrganization")?.id ?? "";
            expect(await getOrganizationWithMembers(chaos.prisma, orgId)).toEqual(
              await getOrganizationWithMembers(ordered.prisma, orgId),
            );
          }),
          { numRuns: PROPERTY_RUNS, ...(SEED ? { seed: Number(SEED) } : {}) },
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.info(
          `sync property on ${provider}: ${PROPERTY_RUNS} runs, ${deliveries} deliveries, ${seconds}s`,
        );
      },
      60 * 60_000,
    );
  });
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
