import { setImmediate as nextTurn } from "node:timers/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClerkSync, createClerkSync, inlineQueue, silentLogger } from "../../src/index.js";
import { getOrganizationWithMembers, syncHandlers, syncRowOf } from "../../src/prisma/index.js";
import { generateSigningSecret } from "../../src/testing/index.js";
import type { TestDatabase } from "./db.js";
import type { TestTx } from "./harness.js";
import type { Provider } from "./providers.js";
import { expectDoneFirstTime, post, rowsOf } from "./sync.js";
import { openRelaxedDatabase } from "./sync-db.js";
import {
  type Delivery,
  deliveryArb,
  type EntityHistory,
  eventCount,
  historyShapeArb,
  materialize,
  schedule,
} from "./sync-history.js";

/**
 * Runs per provider. CLERK_SYNC_PROPERTY_RUNS (default 1000): deliveries applied as the
 * processor applies them, each in its own transaction, concurrently. CLERK_SYNC_PROPERTY_ROUTE_RUNS
 * (default a tenth of those): the same, end to end through the signed route, the ledger and the
 * queue, and with the history also applied in order to a second database to compare with.
 * CLERK_SYNC_PROPERTY_SEED replays the seed a failure reports.
 */
export const PROPERTY_RUNS = positiveInt(process.env.CLERK_SYNC_PROPERTY_RUNS, 1000);
export const ROUTE_RUNS = positiveInt(
  process.env.CLERK_SYNC_PROPERTY_ROUTE_RUNS,
  Math.max(1, Math.round(PROPERTY_RUNS / 10)),
);
const SEED = process.env.CLERK_SYNC_PROPERTY_SEED;

const scenarioArb = historyShapeArb.chain((shape) =>
  fc.tuple(
    fc.constant(shape),
    fc.array(deliveryArb, { minLength: eventCount(shape), maxLength: eventCount(shape) }),
  ),
);

type Handler = (context: unknown) => Promise<void>;

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
    const handlers = syncHandlers("all") as Record<string, Handler>;

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

    /** One delivery as the processor applies it: the event's sync, in its own transaction. */
    const apply = (db: TestDatabase, { event }: Pick<Delivery, "event">) =>
      db.prisma.$transaction(async (tx) => {
        await handlers[event.type]?.({ data: event.data, event, tx, eventId: "", attempt: 1 });
      });

    /** Applies copies of each event in random order: batches start in order and overlap. */
    async function deliverToTransactions(batches: Delivery[][]): Promise<void> {
      let running: Promise<unknown>[] = [];
      for (const batch of batches) {
        running.push(...batch.map((d) => apply(chaos, d)));
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
        await Promise.all(batch.map((d) => post(chaos, sync, d.event, { svixId: d.svixId })));
        for (const d of batch) sent.add(d.svixId);
        if (batch.at(-1)?.shape.settle) await sync.queue.drain();
      }
      await sync.queue.drain();
      // No delivery failed and was retried: every one is done on its first attempt.
      await expectDoneFirstTime(chaos, [...sent]);
    }

    /**
     * What applying each event once, in order, leaves: the row of each entity's last event (the
     * newest; a delete that ties with the write before it comes after it).
     */
    function appliedInOrder(histories: EntityHistory[]): Map<string, Record<string, unknown>> {
      return new Map(
        histories.map((history) => {
          const last = history.events.at(-1) as EntityHistory["events"][number];
          return [history.id, syncRowOf(last).row as unknown as Record<string, unknown>];
        }),
      );
    }

    /** The same, for real: the history applied in order to the second database. */
    async function applyInOrder(histories: EntityHistory[]): Promise<void> {
      await ordered.prisma.$transaction(async (tx) => {
        for (const event of histories.flatMap((h) => h.events)) {
          await handlers[event.type]?.({ data: event.data, event, tx, eventId: "", attempt: 1 });
        }
      });
    }

    async function expectAsAppliedInOrder(
      histories: EntityHistory[],
      reference: "computed" | "database",
    ): Promise<void> {
      const expected = appliedInOrder(histories);
      if (reference === "database") await applyInOrder(histories);
      const models = [...new Set(histories.map((h) => h.model))];
      await Promise.all(
        models.map(async (model) => {
          const entities = histories.filter((h) => h.model === model);
          const ids = entities.map((h) => h.id);
          const [rows, inOrder] = await Promise.all([
            rowsOf(chaos.prisma, model, ids),
            reference === "database" ? rowsOf(ordered.prisma, model, ids) : undefined,
          ]);
          expect(rows, model).toEqual(ids.map((id) => expected.get(id)).sort(byId));
          if (inOrder) expect(inOrder, `${model} applied in order`).toEqual(rows);

          // The columns the history follows, independently of the sync's own mapping.
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
        }),
      );
    }

    for (const [mode, runs] of [
      ["concurrent transactions", PROPERTY_RUNS],
      ["the signed route, ledger and queue", ROUTE_RUNS],
    ] as const) {
      it(
        `random histories, duplicated, shuffled and concurrent, through ${mode}, end as applied in order (${runs} runs)`,
        async () => {
          const started = performance.now();
          let deliveries = 0;
          await fc.assert(
            fc.asyncProperty(scenarioArb, async ([shape, copies]) => {
              const histories = materialize(shape);
              const batches = schedule(
                histories.flatMap((h) => h.events),
                copies,
              );
              deliveries += batches.reduce((n, b) => n + b.length, 0);
              if (mode === "concurrent transactions") await deliverToTransactions(batches);
              else await deliverThroughRoute(batches);
              await expectAsAppliedInOrder(
                histories,
                mode === "concurrent transactions" ? "computed" : "database",
              );
              if (mode !== "concurrent transactions") {
                const orgId = histories.find((h) => h.model === "clerkOrganization")?.id ?? "";
                expect(await getOrganizationWithMembers(chaos.prisma, orgId)).toEqual(
                  await getOrganizationWithMembers(ordered.prisma, orgId),
                );
              }
            }),
            { numRuns: runs, ...(SEED ? { seed: Number(SEED) } : {}) },
          );
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          console.info(
            `sync property on ${provider} through ${mode}: ${runs} runs, ${deliveries} deliveries, ${seconds}s`,
          );
        },
        60 * 60_000,
      );
    }
  });
}

function byId(a: { id?: unknown } | undefined, b: { id?: unknown } | undefined): number {
  return String(a?.id).localeCompare(String(b?.id));
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
