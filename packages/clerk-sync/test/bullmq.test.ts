import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { ClerkSync, RetryPolicy } from "../src/index.js";
import { jobIdFor } from "../src/queue/bullmq.js";
import { type BullmqSyncQueue, bullmqQueue } from "../src/queue/index.js";
import { fixture, signPayload } from "../src/testing/index.js";
import { accept, deliver, eventually, type Harness, openHarness } from "./support/harness.js";
import {
  REDIS_PREFIX,
  recordingLogger,
  removeQueue,
  testBullmqQueue,
  testQueueName,
  useWal,
} from "./support/queue-harness.js";
import { REDIS_URL } from "./support/services.js";

describe("jobIdFor", () => {
  it("keeps Svix ids, and escapes ids BullMQ would refuse, always the same way", () => {
    expect(jobIdFor("msg_2mHZ8sN1tLyYq0vKpQ")).toBe("msg_2mHZ8sN1tLyYq0vKpQ");
    expect(jobIdFor("12345")).toBe("%12345");
    expect(jobIdFor("a:b")).toBe("%a%3Ab");
    expect(jobIdFor("%12345")).toBe("%%2512345");
    expect(jobIdFor("a:b")).toBe(jobIdFor("a:b"));
  });
});

describe("bullmqQueue options", () => {
  it("refuses nonsense", () => {
    expect(() => bullmqQueue({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => bullmqQueue({ queueName: "a:b" })).toThrow(/queueName/);
    expect(() => bullmqQueue({ enqueueTimeoutMs: -1 })).toThrow(/enqueueTimeoutMs/);
  });

  it("needs createClerkSync to bind it before a worker starts", async () => {
    await expect(bullmqQueue().startWorker()).rejects.toThrow(/bind/);
  });
});

describe.skipIf(!inject("redis")).each(inject("providers"))("bullmq on %s", (provider) => {
  let h: Harness;
  const opened: Array<{ close(): Promise<void> }> = [];
  const names: string[] = [];

  beforeAll(async () => {
    h = await openHarness(provider, "bullmq");
    await useWal(h.prisma, provider);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.db.reset();
    h.failures.clear();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
    await Promise.all(names.splice(0).map(removeQueue));
  });

  /** A web process (enqueues only) and a worker process, on the same queue. */
  async function kits(options: { retry?: Partial<RetryPolicy> } = {}) {
    const queueName = testQueueName("bullmq");
    names.push(queueName);
    const web = h.make({
      queue: testBullmqQueue("unused", { queueName }),
      retry: options.retry ?? { baseDelayMs: 50, maxDelayMs: 1_000 },
    });
    const worker = h.make({
      queue: testBullmqQueue("unused", { queueName }),
      retry: options.retry ?? { baseDelayMs: 50, maxDelayMs: 1_000 },
    });
    // The queue as it is in Redis: its name followed by the database's fingerprint.
    const inspect = new Queue(await (web.queue as BullmqSyncQueue).redisQueueName(), {
      connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
      prefix: REDIS_PREFIX,
    });
    opened.push(inspect);
    return { web, worker, inspect, queueName };
  }
  const startWorker = (sync: ClerkSync) => (sync.queue as BullmqSyncQueue).startWorker();

  it("the web process only enqueues (job id = svix-id, no payload in Redis); a worker processes", async () => {
    const { web, worker, inspect } = await kits();
    const event = fixture("user.created");
    const delivery = signPayload(event, { secret: h.secret });
    await accept(web, delivery);

    const job = await inspect.getJob(delivery.svixId);
    expect(job?.data).toEqual({ id: delivery.svixId });
    expect(await inspect.getJobState(delivery.svixId)).toBe("waiting");
    expect((await h.row(delivery.svixId)).status).toBe("pending");

    await startWorker(worker);
    await h.until(delivery.svixId, "done");
    expect(await h.effects(event.data.id)).toBe(1);
    // Finished jobs leave Redis: the ledger is the history, and the id is free for a replay.
    await eventually(
      () => inspect.getJobState(delivery.svixId),
      (state) => state === "unknown",
    );
  });

  it("a retry waits in BullMQ's delayed set until exactly the ledger's next attempt time", async () => {
    const { web, worker, inspect } = await kits({
      retry: { baseDelayMs: 1_500, maxDelayMs: 3_000 },
    });
    await startWorker(worker);
    const event = fixture("user.created");
    h.failures.set(event.data.id, 1);
    const delivery = signPayload(event, { secret: h.secret });
    await accept(web, delivery);

    const failed = await h.until(delivery.svixId, "failed");
    await eventually(
      () => inspect.getJobState(delivery.svixId),
      (state) => state === "delayed",
    );
    const redis = new Redis(REDIS_URL);
    const score = await redis.zscore(`${REDIS_PREFIX}:${inspect.name}:delayed`, delivery.svixId);
    redis.disconnect();
    // BullMQ keeps the due time in the score's high bits.
    expect(Math.floor(Number(score) / 0x1000)).toBe(failed.nextAttemptAt?.getTime());

    const done = await h.until(delivery.svixId, "done");
    expect(done.attempts).toBe(2);
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("a replay enqueues again even when a finished job with that id was kept in Redis", async () => {
    const { web, worker, inspect } = await kits({
      retry: { baseDelayMs: 10, maxDelayMs: 10, maxAttempts: 1 },
    });
    const event = fixture("user.created");
    h.failures.set(event.data.id, -1);
    const delivery = signPayload(event, { secret: h.secret });
    await deliver(web, delivery, { recordOnly: true });
    expect((await web.process(delivery.svixId)).status).toBe("dead");

    // An app that keeps completed jobs (or an older version of the kit) left one behind.
    await inspect.obliterate({ force: true });
    await inspect.add(
      "delivery",
      { id: delivery.svixId },
      { jobId: delivery.svixId, removeOnComplete: false },
    );
    const keeper = new Worker(inspect.name, async () => "done", {
      connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
      prefix: REDIS_PREFIX,
    });
    opened.push(keeper);
    await eventually(
      () => inspect.getJobState(delivery.svixId),
      (state) => state === "completed",
    );
    await keeper.close();

    h.failures.delete(event.data.id);
    await startWorker(worker);
    await web.replay(delivery.svixId);
    const done = await h.until(delivery.svixId, "done");
    expect(done.attempts).toBe(1);
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("a worker of another app, on another database, sharing this Redis and queue name, never takes this app's jobs; a job naming no delivery is dropped with a warning", async () => {
    const other = await openHarness(provider, "bullmq_other");
    const queueName = testQueueName("shared");
    names.push(queueName);
    /** Counts what a queue's worker hands to its kit. */
    const counted = (queue: BullmqSyncQueue) => {
      const seen: string[] = [];
      const bind = queue.bind.bind(queue);
      queue.bind = (runner) =>
        bind({
          ...runner,
          process: (id) => {
            seen.push(id);
            return runner.process(id);
          },
        });
      return { queue, seen };
    };
    try {
      // The other app's worker runs first, waiting on the same queue name and prefix.
      const stranger = counted(testBullmqQueue("unused", { queueName }));
      await startWorker(other.make({ queue: stranger.queue }));
      const web = h.make({ queue: testBullmqQueue("unused", { queueName }) });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const delivery = signPayload(fixture("user.created"), { secret: h.secret });
        await accept(web, delivery);
        ids.push(delivery.svixId);
      }
      expect(await stranger.queue.redisQueueName()).not.toBe(
        await (web.queue as BullmqSyncQueue).redisQueueName(),
      );

      const { logger, entries } = recordingLogger();
      const own = counted(testBullmqQueue("unused", { queueName, logger }));
      await startWorker(h.make({ queue: own.queue }));
      for (const id of ids) await h.until(id, "done");
      expect(stranger.seen).toEqual([]);
      expect(own.seen.sort()).toEqual([...ids].sort());

      // A job whose delivery is not in this database: dropped, and the log says why.
      await web.queue.enqueue("msg_not_in_this_database");
      const warning = await eventually(
        async () => entries.find((e) => e.fields.id === "msg_not_in_this_database"),
        (entry) => entry !== undefined,
      );
      expect(warning).toMatchObject({
        level: "warn",
        message: expect.stringMatching(/another database/),
      });
      expect(await other.ledgerCount()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("processes deliveries whose svix-id BullMQ would refuse as a job id", async () => {
    const { web, worker } = await kits();
    await startWorker(worker);
    const ids = ["1234567", "msg:with:colons"];
    for (const svixId of ids) {
      await accept(web, signPayload(fixture("user.created"), { secret: h.secret, svixId }));
    }
    for (const svixId of ids) await h.until(svixId, "done");
    expect(await h.effects()).toBe(2);
  });

  it("with Redis unreachable the webhook is still answered and recorded; the sweeper schedules it later", async () => {
    const { logger, entries } = recordingLogger();
    const queueName = testQueueName("down");
    names.push(queueName);
    const offline = h.make({
      logger,
      queue: bullmqQueue({
        connection: "redis://127.0.0.1:1",
        queueName,
        enqueueTimeoutMs: 300,
        logger,
      }),
    });
    const event = fixture("user.created");
    const delivery = signPayload(event, { secret: h.secret });
    await accept(offline, delivery);
    expect((await h.row(delivery.svixId)).status).toBe("pending");
    expect(entries.some((e) => /could not enqueue/.test(e.message))).toBe(true);
    expect(entries.filter((e) => /Redis error/.test(e.message))).toHaveLength(1);
    await offline.close();

    // Redis is back (here: the reachable one), a worker's sweeper finds the delivery.
    const back = h.make({
      queue: testBullmqQueue("unused", { queueName }),
      sweeper: { pendingGraceMs: 0 },
    });
    await startWorker(back);
    expect(await back.sweep()).toBe(1);
    await h.until(delivery.svixId, "done");
    expect(await h.effects(event.data.id)).toBe(1);
  });
});
