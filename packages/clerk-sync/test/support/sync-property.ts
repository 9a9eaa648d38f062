import { setImmediate as nextTurn } from "node:timers/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClerkEventType,
  type ClerkSync,
  createClerkSync,
  type EventOf,
  inlineQueue,
  silentLogger,
} from "../../src/index.js";
import { getOrganizationWithMembers, syncHandlers } from "../../src/prisma/index.js";
import { generateSigningSecret } from "../../src/testing/index.js";
import type { TestDatabase } from "./db.js";
import type { TestTx } from "./harness.js";
import type { Provider } from "./providers.js";
import { expectDoneFirstTime, post, rowsOf } from "./sync.js";
import { openRelaxedDatabase } from "./sync-db.js";
import {
  type Delivery,
  type DeliveryShape,
  deliveryArb,
  eventCount,
  expectedEnd,
  historyShapeArb,
  materialize,
  type ObjectHistory,
  schedule,
} from "./sync-history.js";

/**
 * Runs per provider. CLERK_SYNC_PROPERTY_RUNS (default 1000): each history delivered twice, in
 * two orders, to two databases, each delivery applied as the processor applies it (its own
 * transaction, concurrently with others). CLERK_SYNC_PROPERTY_ROUTE_RUNS (default a tenth of
 * those): the first order end to end through the signed route, the ledger and the queue.
 * CLERK_SYNC_PROPERTY_SEED replays the seed a failure reports.
 */
export const PROPERTY_RUNS = positiveInt(process.env.CLERK_SYNC_PROPERTY_RUNS, 1000);
export const ROUTE_RUNS = positiveInt(
  process.env.CLERK_SYNC_PROPERTY_ROUTE_RUNS,
  Math.max(1, Math.round(PROPERTY_RUNS / 10)),
);
const SEED = process.env.CLERK_SYNC_PROPERTY_SEED;

/** The second order: another shuffle with its own duplicates, Clerk's own order, or its reverse. */
type Reference =
  | { kind: "shuffled"; copies: DeliveryShape[][] }
  | {
      kind: "in order" | "reversed";
    };

const scenarioArb = historyShapeArb.chain((shape) => {
  const copies = fc.array(deliveryArb, {
    minLength: eventCount(shape),
    maxLength: eventCount(shape),
  });
  return fc.tuple(
    fc.constant(shape),
    copies,
    fc.oneof(
      { weight: 1, arbitrary: copies.map((c): Reference => ({ kind: "shuffled", copies: c })) },
      { weight: 1, arbitrary: fc.constant<Reference>({ kind: "in order" }) },
      { weight: 1, arbitrary: fc.constant<Reference>({ kind: "reversed" }) },
    ),
  );
});

type Handler = (context: unknown) => Promise<void>;

/**
 * The sync's central promise, on one provider: whatever the order, duplication or concurrency of
 * the deliveries, every object's row ends the same, and as the documented order says.
 */
export function describeSyncProperty(provider: Provider): void {
  describe(`sync under any delivery order on ${provider}`, () => {
    // The same history goes to both databases, delivered in two different orders.
    let first: TestDatabase & { secret: string };
    let second: TestDatabase;
    let sync: ClerkSync;
    const handlers = syncHandlers("all") as Record<string, Handler>;

    beforeAll(async () => {
      const secret = generateSigningSecret();
      first = Object.assign(await openRelaxedDatabase(provider, "sync_property"), { secret });
      second = await openRelaxedDatabase(provider, "sync_property_second");
      sync = createClerkSync<TestTx>({
        prisma: first.prisma,
        handlers: syncHandlers("all"),
        signingSecret: secret,
        queue: inlineQueue({ concurrency: 8 }),
        logger: silentLogger,
        sweeper: false,
      });
    });
    afterAll(async () => {
      await sync?.close();
      await first?.close();
      await second?.close();
    });

    /** One delivery as the processor applies it: the event's sync, in its own transaction. */
    const apply = (db: TestDatabase, event: EventOf<ClerkEventType>) =>
      db.prisma.$transaction(async (tx) => {
        await handlers[event.type]?.({ data: event.data, event, tx, eventId: "", attempt: 1 });
      });

    /** Applies copies of each event in random order: batches start in order and overlap. */
    async function deliverToTransactions(db: TestDatabase, batches: Delivery[][]): Promise<void> {
      let running: Promise<unknown>[] = [];
      for (const batch of batches) {
        running.push(...batch.map((d) => apply(db, d.event)));
        if (batch.at(-1)?.shape.settle) {
          await Promise.all(running);
          running = [];
        } else {
          await nextTurn();
        }
      }
      await Promise.all(running);
    }

    /** Posts copies of each event, signed, through the route; duplicates reuse svix-ids or not. */
    async function deliverThroughRoute(batches: Delivery[][]): Promise<void> {
      const sent = new Set<string>();
      for (const batch of batches) {
        await Promise.all(batch.map((d) => post(first, sync, d.event, { svixId: d.svixId })));
        for (const d of batch) sent.add(d.svixId);
        if (batch.at(-1)?.shape.settle) await sync.queue.drain();
      }
      await sync.queue.drain();
      // No delivery failed and was retried: every one is done on its first attempt.
      await expectDoneFirstTime(first, [...sent]);
    }

    /** The second order, to the second database. */
    async function deliverReference(histories: ObjectHistory[], reference: Reference) {
      const events = histories.flatMap((h) => h.events);
      if (reference.kind === "shuffled") {
        await deliverToTransactions(second, schedule(events, reference.copies));
        return;
      }
      // One after another, in one transaction: the order is the point here, not concurrency.
      await second.prisma.$transaction(async (tx) => {
        for (const event of reference.kind === "in order" ? events : events.reverse()) {
          await handlers[event.type]?.({ data: event.data, event, tx, eventId: "", attempt: 1 });
        }
      });
    }

    async function expectConverged(histories: ObjectHistory[]): Promise<void> {
      const models = [...new Set(histories.map((h) => h.model))];
      const read = await Promise.all(
        models.map((model) => {
          const ids = histories.filter((h) => h.model === model).map((h) => h.id);
          return Promise.all([rowsOf(first.prisma, model, ids), rowsOf(second.prisma, model, ids)]);
        }),
      );
      for (const [i, model] of models.entries()) {
        const objects = histories.filter((h) => h.model === model);
        const [rows, others] = read[i] as [Record<string, unknown>[], Record<string, unknown>[]];
        // The same rows, whole, whatever the order.
        expect(rows, `${model}: both orders end in the same rows`).toEqual(others);
        // And the rows the documented order calls for, computed here from the history alone.
        for (const history of objects) {
          const row = rows.find((r) => r.id === history.id);
          const end = expectedEnd(history);
          expect(row, `${model} ${history.id}`).toMatchObject({
            syncVersion: new Date(end.version),
            deletedAt: end.deleted ? new Date(end.version) : null,
          });
          expect(end.values, `${model} ${history.id} ${history.column}`).toContain(
            row?.[history.column],
          );
        }
      }
    }

    for (const [mode, runs] of [
      ["concurrent transactions", PROPERTY_RUNS],
      ["the signed route, ledger and queue", ROUTE_RUNS],
    ] as const) {
      it(
        `random histories, duplicated, shuffled and concurrent, through ${mode}, converge on the documented row (${runs} runs)`,
        async () => {
          const started = performance.now();
          let deliveries = 0;
          let ties = 0;
          await fc.assert(
            fc.asyncProperty(scenarioArb, async ([shape, copies, reference]) => {
              const histories = materialize(shape);
              const batches = schedule(
                histories.flatMap((h) => h.events),
                copies,
              );
              deliveries += batches.reduce((n, b) => n + b.length, 0);
              ties += histories.filter((h) => expectedEnd(h).values.size > 1).length;
              await Promise.all([
                mode === "concurrent transactions"
                  ? deliverToTransactions(first, batches)
                  : deliverThroughRoute(batches),
                deliverReference(histories, reference),
              ]);
              await expectConverged(histories);
              if (mode !== "concurrent transactions") {
                const orgId = histories.find((h) => h.model === "clerkOrganization")?.id ?? "";
                expect(await getOrganizationWithMembers(first.prisma, orgId)).toEqual(
                  await getOrganizationWithMembers(second.prisma, orgId),
                );
              }
            }),
            { numRuns: runs, ...(SEED ? { seed: Number(SEED) } : {}) },
          );
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          console.info(
            `sync property on ${provider} through ${mode}: ${runs} runs, ${deliveries} deliveries, ${ties} objects with a tie decided by content, ${seconds}s`,
          );
        },
        60 * 60_000,
      );
    }
  });
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
