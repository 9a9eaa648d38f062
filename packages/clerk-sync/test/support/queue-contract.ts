import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ClerkSync, SyncQueue } from "../../src/index.js";
import { fixture, signPayload } from "../../src/testing/index.js";
import { accept, effectHandlers, eventually, type Harness, openHarness } from "./harness.js";
import type { Provider } from "./providers.js";
import { attemptClock, recordingLogger, scheduledRetries, sleep, useWal } from "./queue-harness.js";

export interface QueueUnderTest {
  queue: SyncQueue;
  /** Remove whatever the queue left outside the process (Redis keys). */
  cleanup?: () => Promise<void>;
}

const BASE_DELAY = 60;

/**
 * What every queue promises, whatever runs it: each delivery recorded is processed, retried on
 * the ledger's schedule, dead after maxAttempts, processed again on replay or redelivery of a
 * failed/dead one, and applied exactly once however often it is enqueued.
 */
export function queueContract(name: string, provider: Provider, make: () => QueueUnderTest) {
  describe(`the ${name} queue contract`, () => {
    let h: Harness;
    let sync: ClerkSync;
    let current: QueueUnderTest | undefined;

    beforeAll(async () => {
      h = await openHarness(provider, `contract_${name}`);
      await useWal(h.prisma, provider);
    });
    afterAll(() => h.close());
    beforeEach(async () => {
      await h.db.reset();
      h.failures.clear();
    });
    afterEach(async () => {
      await sync?.close();
      await current?.cleanup?.();
      current = undefined;
    });

    /** A kit on a fresh queue, consuming in this process. */
    async function start(options: Parameters<Harness["make"]>[0] = {}) {
      current = make();
      sync = h.make({
        queue: current.queue,
        retry: { baseDelayMs: BASE_DELAY, maxDelayMs: 2_000, maxAttempts: 4 },
        ...options,
      });
      await current.queue.startWorker?.();
      return sync;
    }

    it("processes a recorded delivery", async () => {
      await start();
      const event = fixture("user.created");
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      const done = await h.until(delivery.svixId, "done");
      expect(done.attempts).toBe(1);
      expect(await h.effects(event.data.id)).toBe(1);
    });

    it("applies a delivery enqueued many times, at once and in turn, exactly once", async () => {
      await start();
      const event = fixture("user.created");
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      await Promise.all(Array.from({ length: 10 }, () => sync.queue.enqueue(delivery.svixId)));
      for (let i = 0; i < 5; i++) await sync.queue.enqueue(delivery.svixId);
      await h.until(delivery.svixId, "done");
      // Every copy has been taken and run (drain), and none is due again.
      await sync.queue.drain();
      expect(await sync.sweep()).toBe(0);
      expect((await h.row(delivery.svixId)).attempts).toBe(1);
      expect(await h.effects(event.data.id)).toBe(1);
    });

    it("retries a failing handler on the ledger's schedule until it succeeds", async () => {
      const { logger, entries } = recordingLogger();
      const clock = attemptClock();
      await start({ logger, handlers: [clock.handlers, effectHandlers(h.failures)] });
      const event = fixture("user.created");
      h.failures.set(event.data.id, 2);
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      const done = await h.until(delivery.svixId, "done");
      expect(done.attempts).toBe(3);
      expect(await h.effects(event.data.id)).toBe(1);
      const retries = scheduledRetries(entries, delivery.svixId);
      const starts = clock.starts.get(delivery.svixId) ?? [];
      expect(starts.map((s) => s.attempt)).toEqual([1, 2, 3]);
      expect(retries).toHaveLength(2);
      retries.forEach((retry, i) => {
        const bound = BASE_DELAY * 2 ** i;
        expect(retry.delayMs).toBeGreaterThanOrEqual(bound / 2);
        expect(retry.delayMs).toBeLessThanOrEqual(bound);
        expect(starts[i + 1]?.at).toBeGreaterThanOrEqual(retry.retryAt);
      });
    });

    it("leaves a delivery dead after maxAttempts, and processes it again on replay", async () => {
      await start();
      const event = fixture("user.created");
      h.failures.set(event.data.id, -1);
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      const dead = await h.until(delivery.svixId, "dead");
      expect(dead.attempts).toBe(4);
      expect(await h.effects()).toBe(0);

      h.failures.delete(event.data.id);
      await sync.replay(delivery.svixId);
      const done = await h.until(delivery.svixId, "done");
      expect(done.attempts).toBe(1);
      expect(await h.effects(event.data.id)).toBe(1);
    });

    it("processes a redelivery of a dead svix-id again, and not of a done one", async () => {
      await start({ retry: { baseDelayMs: 10, maxDelayMs: 20, maxAttempts: 1 } });
      const event = fixture("user.created");
      h.failures.set(event.data.id, -1);
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      await h.until(delivery.svixId, "dead");

      h.failures.delete(event.data.id);
      expect(await accept(sync, delivery)).toMatchObject({ duplicate: false });
      await h.until(delivery.svixId, "done");
      expect(await accept(sync, delivery)).toMatchObject({ duplicate: true });
      await sync.queue.drain();
      expect(await sync.sweep()).toBe(0);
      expect((await h.row(delivery.svixId)).attempts).toBe(1);
      expect(await h.effects(event.data.id)).toBe(1);
    });

    it("processes a redelivery of a failed svix-id at once, not at its retry time", async () => {
      await start({ retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });
      const event = fixture("user.created");
      h.failures.set(event.data.id, 1);
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      await h.until(delivery.svixId, "failed");
      expect(await accept(sync, delivery)).toMatchObject({ duplicate: false });
      const done = await h.until(delivery.svixId, "done");
      expect(done.attempts).toBe(2);
      expect(await h.effects(event.data.id)).toBe(1);
    });

    it("ignores an id that is not in the ledger", async () => {
      await start();
      await sync.queue.enqueue("msg_not_recorded");
      const event = fixture("user.created");
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      await h.until(delivery.svixId, "done");
      expect(await h.ledgerCount()).toBe(1);
      expect(await h.effects()).toBe(1);
    });

    it("applies 60 deliveries, each sent up to three times, exactly once each", async () => {
      await start();
      const deliveries = Array.from({ length: 60 }, () =>
        signPayload(fixture("user.created"), { secret: h.secret }),
      );
      const sends = deliveries.flatMap((d, i) => Array.from({ length: 1 + (i % 3) }, () => d));
      for (let i = 0; i < sends.length; i += 20) {
        await Promise.all(sends.slice(i, i + 20).map((d) => accept(sync, d)));
      }
      await eventually(
        () => h.prisma.clerkWebhookEvent.count({ where: { status: "done" } }),
        (n) => n === deliveries.length,
        { message: "every delivery to be done" },
      );
      const effects = await h.prisma.testEffect.groupBy({ by: ["eventId"], _count: true });
      expect(effects).toHaveLength(deliveries.length);
      expect(effects.every((e) => e._count === 1)).toBe(true);
      const attempts = await h.prisma.clerkWebhookEvent.aggregate({ _max: { attempts: true } });
      expect(attempts._max.attempts).toBe(1);
    });

    it("drain() resolves once the enqueued work has run", async () => {
      await start();
      const deliveries = Array.from({ length: 20 }, () =>
        signPayload(fixture("user.created"), { secret: h.secret }),
      );
      await Promise.all(deliveries.map((d) => accept(sync, d)));
      await sync.queue.drain();
      expect(await h.prisma.clerkWebhookEvent.count({ where: { status: "done" } })).toBe(20);
    });

    it("close() lets running work finish, and enqueues after it are harmless", async () => {
      let release: () => void = () => {};
      const slow = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started: () => void = () => {};
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      await start({
        handlers: [
          {
            "user.created": async () => {
              started();
              await slow;
            },
          },
          effectHandlers(h.failures),
        ],
      });
      const event = fixture("user.created");
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      await running;
      const closing = sync.close();
      await sleep(20);
      release();
      await closing;
      expect((await h.row(delivery.svixId)).status).toBe("done");
      expect(await h.effects(event.data.id)).toBe(1);
      await sync.queue.enqueue(delivery.svixId);
      expect((await h.row(delivery.svixId)).attempts).toBe(1);
    });
  });
}
