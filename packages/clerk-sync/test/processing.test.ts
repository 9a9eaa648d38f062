import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_RETRY_POLICY, defineHandlers } from "../src/index.js";
import type { LedgerClient } from "../src/ledger/prisma-types.js";
import { resolveRetryPolicy } from "../src/processing/backoff.js";
import { Processor } from "../src/processing/processor.js";
import { fixture, signPayload } from "../src/testing/index.js";
import {
  accept,
  deliver,
  effectHandlers,
  eventually,
  type Harness,
  openHarness,
  type TestTx,
} from "./support/harness.js";
import {
  attemptClock,
  exited,
  forkTs,
  nextMessage,
  recordingLogger,
  scheduledRetries,
  useWal,
} from "./support/queue-harness.js";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "support/queue-child.ts");
const BASE_DELAY = 40;

describe.each(inject("providers"))("processing on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "processing");
    await useWal(h.prisma, provider);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.db.reset();
    h.failures.clear();
  });

  const make = (options: Parameters<Harness["make"]>[0] = {}) =>
    h.make({ retry: { baseDelayMs: BASE_DELAY, maxDelayMs: 10_000 }, ...options });

  it("a handler that fails twice then succeeds: done after 3 attempts, each retry later than the last", async () => {
    const { logger, entries } = recordingLogger();
    const clock = attemptClock();
    const sync = make({ logger, handlers: [clock.handlers, effectHandlers(h.failures)] });
    const event = fixture("user.created");
    h.failures.set(event.data.id, 2);
    const delivery = signPayload(event, { secret: h.secret });
    await accept(sync, delivery);

    const done = await h.until(delivery.svixId, "done");
    expect(done.attempts).toBe(3);
    expect(done.lastError).toBeNull();
    expect(await h.effects(event.data.id)).toBe(1);

    // The ledger's policy: exponential with equal jitter, so retry n waits between
    // base·2^(n-1)/2 and base·2^(n-1); and no attempt started before its retry was due.
    const retries = scheduledRetries(entries, delivery.svixId);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    const [first, second] = retries as [(typeof retries)[0], (typeof retries)[0]];
    expect(first.delayMs).toBeGreaterThanOrEqual(BASE_DELAY / 2);
    expect(first.delayMs).toBeLessThanOrEqual(BASE_DELAY);
    expect(second.delayMs).toBeGreaterThanOrEqual(BASE_DELAY);
    expect(second.delayMs).toBeLessThanOrEqual(2 * BASE_DELAY);
    expect(second.retryAt).toBeGreaterThan(first.retryAt);
    const starts = clock.starts.get(delivery.svixId) ?? [];
    expect(starts.map((s) => s.attempt)).toEqual([1, 2, 3]);
    expect(starts[1]?.at).toBeGreaterThanOrEqual(first.retryAt);
    expect(starts[2]?.at).toBeGreaterThanOrEqual(second.retryAt);
  });

  it("a handler that always fails: dead after the default 8 attempts, error kept", async () => {
    const { logger, entries } = recordingLogger();
    // Default maxAttempts; only the delays are small.
    const sync = make({ logger, retry: { baseDelayMs: 4, maxDelayMs: 40 } });
    const event = fixture("user.created");
    h.failures.set(event.data.id, -1);
    const delivery = signPayload(event, { secret: h.secret });
    await accept(sync, delivery);

    const dead = await h.until(delivery.svixId, "dead");
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(8);
    expect(dead.attempts).toBe(8);
    expect(dead.lastError).toMatch(/simulated failure/);
    expect(dead.nextAttemptAt).toBeNull();
    expect(scheduledRetries(entries, delivery.svixId)).toHaveLength(7);
    expect(entries.filter((e) => /delivery is dead/.test(e.message))).toHaveLength(1);
    // Nothing left to run: the queue is idle, and no sweep finds the delivery due again.
    await sync.queue.drain();
    expect(await sync.sweep()).toBe(0);
    expect((await h.row(delivery.svixId)).attempts).toBe(8);
    expect(await h.effects()).toBe(0);
  });

  it("the CLERK_SYNC_* retry variables set createClerkSync's policy; an explicit option wins", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      CLERK_SYNC_MAX_ATTEMPTS: "3",
      CLERK_SYNC_RETRY_BASE_DELAY_MS: "30",
      CLERK_SYNC_RETRY_MAX_DELAY_MS: "40",
    });
    try {
      const fromEnv = recordingLogger();
      // No retry option at all: the policy comes from the environment.
      const sync = h.make({ logger: fromEnv.logger, retry: undefined });
      const event = fixture("user.created");
      h.failures.set(event.data.id, -1);
      const delivery = signPayload(event, { secret: h.secret });
      await accept(sync, delivery);
      expect((await h.until(delivery.svixId, "dead")).attempts).toBe(3);
      // Base 30 ms doubling, capped at 40 ms, with equal jitter: [15, 30] then [20, 40].
      const [first, second] = scheduledRetries(fromEnv.entries, delivery.svixId);
      expect(first?.delayMs).toBeGreaterThanOrEqual(15);
      expect(first?.delayMs).toBeLessThanOrEqual(30);
      expect(second?.delayMs).toBeGreaterThanOrEqual(20);
      expect(second?.delayMs).toBeLessThanOrEqual(40);

      const explicit = make({ retry: { maxAttempts: 2, baseDelayMs: 4, maxDelayMs: 8 } });
      const other = fixture("user.created");
      h.failures.set(other.data.id, -1);
      const otherDelivery = signPayload(other, { secret: h.secret });
      await accept(explicit, otherDelivery);
      expect((await h.until(otherDelivery.svixId, "dead")).attempts).toBe(2);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it("replay of a dead delivery: done once the handler is fixed, with fresh attempts", async () => {
    const sync = make({ retry: { baseDelayMs: 4, maxDelayMs: 40, maxAttempts: 3 } });
    const event = fixture("user.created");
    h.failures.set(event.data.id, -1);
    const delivery = signPayload(event, { secret: h.secret });
    await accept(sync, delivery);
    await h.until(delivery.svixId, "dead");

    h.failures.delete(event.data.id);
    const replayed = await sync.replay(delivery.svixId);
    expect(replayed.status).toBe("pending");
    expect(replayed.attempts).toBe(0);
    const done = await h.until(delivery.svixId, "done");
    expect(done.attempts).toBe(1);
    expect(await h.effects(event.data.id)).toBe(1);
    await expect(sync.replay(delivery.svixId)).rejects.toMatchObject({
      code: "EVENT_NOT_REPLAYABLE",
    });
    await expect(sync.replay("msg_nobody")).rejects.toMatchObject({ code: "EVENT_NOT_FOUND" });
  });

  it("a redelivery of a dead svix-id is processed again; of a done one, not", async () => {
    const sync = make({ retry: { baseDelayMs: 4, maxDelayMs: 40, maxAttempts: 2 } });
    const event = fixture("user.created");
    h.failures.set(event.data.id, -1);
    const delivery = signPayload(event, { secret: h.secret });
    await accept(sync, delivery);
    await h.until(delivery.svixId, "dead");

    h.failures.delete(event.data.id);
    expect(await accept(sync, delivery)).toMatchObject({ duplicate: false });
    await h.until(delivery.svixId, "done");
    expect(await h.effects(event.data.id)).toBe(1);

    expect(await accept(sync, delivery)).toMatchObject({ duplicate: true });
    await sync.queue.drain();
    expect(await sync.sweep()).toBe(0);
    const done = await h.row(delivery.svixId);
    expect(done.status).toBe("done");
    expect(done.attempts).toBe(1);
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("a redelivery of a failed svix-id runs it now instead of at its retry time", async () => {
    // A retry an hour away: only the redelivery can bring it forward.
    const sync = make({ retry: { baseDelayMs: 3_600_000, maxDelayMs: 7_200_000 } });
    const event = fixture("user.created");
    h.failures.set(event.data.id, 1);
    const delivery = signPayload(event, { secret: h.secret });
    await accept(sync, delivery);
    const failed = await h.until(delivery.svixId, "failed");
    expect(failed.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now() + 1_000_000);

    expect(await accept(sync, delivery)).toMatchObject({ duplicate: false });
    const done = await h.until(delivery.svixId, "done");
    expect(done.attempts).toBe(2);
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("a retry woken a moment before it is due still runs; one due later is left for its time", async () => {
    const sync = make();
    const record = async () => {
      const delivery = signPayload(fixture("user.created"), { secret: h.secret });
      await deliver(sync, delivery, { recordOnly: true });
      return delivery.svixId;
    };
    const failedUntil = (id: string, ms: number) =>
      h.prisma.clerkWebhookEvent.update({
        where: { id },
        data: { status: "failed", attempts: 1, nextAttemptAt: new Date(Date.now() + ms) },
      });
    // Timers fire up to a few milliseconds early; this one is woken well before its time, and
    // the attempt starts once it is due, not before.
    const clock = attemptClock();
    const waiting = make({ handlers: [clock.handlers, effectHandlers(h.failures)] });
    const soon = await record();
    const due = (await failedUntil(soon, 700)).nextAttemptAt?.getTime() ?? 0;
    const wokenAt = Date.now();
    const outcome = await waiting.process(soon);
    // The case under test needs the wake-up to come early; fail loudly rather than pass without it.
    expect(wokenAt).toBeLessThan(due);
    expect(outcome).toEqual({ status: "done", attempts: 2 });
    expect(clock.starts.get(soon)?.[0]?.at).toBeGreaterThanOrEqual(due);
    const later = await record();
    await failedUntil(later, 60_000);
    expect(await sync.process(later)).toEqual({ status: "not-claimed" });
    expect((await h.row(later)).status).toBe("failed");
  });

  it("a crash between the ledger write and processing: a fresh instance's sweeper completes it", async () => {
    const child = forkTs(CHILD, ["record"], {
      env: { CLERK_SYNC_CHILD: JSON.stringify({ provider, url: h.db.url, secret: h.secret }) },
    });
    const { recorded, status, key } = await nextMessage<{
      recorded: string;
      status: number;
      key: string;
    }>(child, (m) => "recorded" in m);
    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    expect(status).toBe(200);
    expect((await h.row(recorded)).status).toBe("pending");
    expect(await h.effects()).toBe(0);

    const fresh = make({ sweeper: { pendingGraceMs: 0 } });
    expect(await fresh.sweep()).toBe(1);
    const done = await h.until(recorded, "done");
    expect(done.attempts).toBe(1);
    expect(await h.effects(key)).toBe(1);
  });

  it("a worker killed inside its transaction: once its lease expires it is taken over, the effect applied once", async () => {
    const recorder = make();
    const event = fixture("user.created");
    const delivery = signPayload(event, { secret: h.secret });
    await deliver(recorder, delivery, { recordOnly: true });
    const child = forkTs(CHILD, ["hang-in-handler", delivery.svixId], {
      env: {
        CLERK_SYNC_CHILD: JSON.stringify({
          provider,
          url: h.db.url,
          secret: h.secret,
          leaseMs: 300,
        }),
      },
    });
    await nextMessage(child, (m: { inHandler?: string }) => m.inHandler === delivery.svixId);
    const owned = await h.row(delivery.svixId);
    expect(owned.status).toBe("processing");
    expect(owned.attempts).toBe(1);
    child.kill("SIGKILL");
    await exited(child);

    // Within the lease nobody may take it; after it, the sweeper hands it to a live worker.
    const rescuer = make({ sweeper: { pendingGraceMs: 0 } });
    const lockedUntil = owned.lockedUntil?.getTime() ?? 0;
    expect(
      await rescuer.ledger.claim(delivery.svixId, 1_000, new Date(lockedUntil - 1)),
    ).toBeNull();
    await eventually(
      () => rescuer.sweep(),
      (n) => n === 1,
      { message: "the expired lease to be swept" },
    );
    const done = await h.until(delivery.svixId, "done");
    expect(done.attempts).toBe(2);
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("an owner that comes back after its lease was taken over keeps none of its work", async () => {
    const sync = make();
    const event = fixture("user.created");
    const delivery = signPayload(event, { secret: h.secret });
    await deliver(sync, delivery, { recordOnly: true });
    // Worker A claims, then stalls (a GC pause, a frozen VM) past its 1 ms lease.
    const stale = await sync.ledger.claim(delivery.svixId, 1);
    expect(stale).not.toBeNull();
    const expires = stale?.row.lockedUntil?.getTime() ?? 0;
    await eventually(
      async () => Date.now(),
      (now) => now > expires,
      { message: "the 1 ms lease to expire" },
    );
    // Worker B takes over and finishes.
    expect(await sync.process(delivery.svixId)).toEqual({ status: "done", attempts: 2 });
    // A wakes up and runs its claim to the end: its writes roll back.
    const workerA = new Processor({
      db: h.prisma as unknown as LedgerClient,
      ledger: sync.ledger,
      handlers: effectHandlers(h.failures) as never,
      retry: resolveRetryPolicy(undefined),
      leaseMs: 1,
      transaction: { maxWait: 5_000, timeout: 5_000 },
      logger: recordingLogger().logger,
    });
    expect(await workerA.run(stale as NonNullable<typeof stale>)).toEqual({
      status: "not-claimed",
    });
    const done = await h.row(delivery.svixId);
    expect(done.status).toBe("done");
    expect(done.attempts).toBe(2);
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("a delivery recorded while another delivery's transaction is open and fails is kept", async () => {
    // With SQLite the client has a single connection: a write issued while a transaction is
    // open on it must not become part of that transaction (and vanish with its rollback).
    let release: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slowFailure = defineHandlers<TestTx>({
      "organization.created": async ({ tx, eventId }) => {
        await tx.testEffect.create({ data: { eventId, key: "rolled-back" } });
        entered();
        await holding;
        throw new Error("fails after the other delivery was recorded");
      },
    });
    // The barrier: resolves once the route has issued its ledger write to the client.
    const issued = watchClient(h.prisma);
    const sync = make({
      prisma: issued.client,
      handlers: [slowFailure, effectHandlers(h.failures)],
      retry: { maxAttempts: 1 },
    });
    const failing = signPayload(fixture("organization.created"), { secret: h.secret });
    await accept(sync, failing);
    await inside;

    const event = fixture("user.created");
    const other = signPayload(event, { secret: h.secret });
    const written = issued.next();
    const recording = deliver(sync, other, { recordOnly: true });
    await written;
    release();
    expect((await recording).status).toBe(200);
    await h.until(failing.svixId, "dead");
    expect((await h.row(other.svixId)).status).toBe("pending");
    expect(await h.effects("rolled-back")).toBe(0);

    await sync.process(other.svixId);
    expect((await h.row(other.svixId)).status).toBe("done");
    expect(await h.effects(event.data.id)).toBe(1);
  });
});

/**
 * The client, seen through a proxy that reports when anyone reaches for it: `next()` resolves at
 * the next use of the client itself (a model, `$transaction`, a raw query), that is when a query
 * is issued, whether or not the database has answered it yet.
 */
function watchClient<C extends object>(client: C): { client: C; next(): Promise<void> } {
  let waiting: (() => void) | undefined;
  const proxy = new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (waiting && typeof property === "string" && !property.startsWith("_")) {
        const notify = waiting;
        waiting = undefined;
        notify();
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    client: proxy,
    next: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
      }),
  };
}
