import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { runCli } from "../src/cli/run.js";
import type { ClerkSync } from "../src/index.js";
import { fixture, signPayload } from "../src/testing/index.js";
import { deliver, eventually, type Harness, openHarness } from "./support/harness.js";
import { CLI_MAIN, writeWorkerApp } from "./support/queue-app.js";
import {
  exited,
  forkTs,
  nextMessage,
  REDIS_PREFIX,
  recordingLogger,
  removeQueue,
  testBullmqQueue,
  testQueueName,
} from "./support/queue-harness.js";
import { REDIS_URL } from "./support/services.js";

const EVENTS = 1_000;

/** Runs `clerk-sync` as its own process, as a user would. */
async function bin(args: string[], cwd: string, env: Record<string, string>) {
  const child = forkTs(CLI_MAIN, args, { cwd, env });
  const code = await exited(child);
  return { code, output: child.output() };
}

describe.skipIf(!inject("redis")).each(inject("providers"))(
  "clerk-sync worker on %s",
  (provider) => {
    let h: Harness;
    let app: string;
    let queueName: string;
    let env: Record<string, string>;
    let web: ClerkSync;
    let webLog: ReturnType<typeof recordingLogger>;
    const workers: ReturnType<typeof forkTs>[] = [];

    /** Start one `clerk-sync worker` process and wait until it consumes. */
    async function startWorker(extraEnv: Record<string, string> = {}) {
      const child = forkTs(
        CLI_MAIN,
        ["worker", "--config", "src/lib/clerk-sync.ts", "--concurrency", "4"],
        { cwd: app, env: { ...env, ...extraEnv } },
      );
      workers.push(child);
      await eventually(
        async () => child.output(),
        (output) => /consuming|clerk-sync: /.test(output) || child.exitCode !== null,
        { timeoutMs: 60_000, message: "the worker to start" },
      );
      expect(child.output()).toMatch(/consuming bullmq queue/);
      return child;
    }
    /** The web process: verify, record, enqueue. */
    const post = async (delivery: ReturnType<typeof signPayload>) => {
      const response = await deliver(web, delivery);
      if (response.status !== 200) {
        throw new Error(`${response.status}: ${JSON.stringify(webLog.entries.slice(-3))}`);
      }
    };

    beforeAll(async () => {
      // A database in SQLite's default journal mode: the worker itself puts it in WAL mode.
      h = await openHarness(provider, "cli_worker");
      app = writeWorkerApp(`worker-app-${provider}-${process.env.VITEST_POOL_ID ?? 0}`);
    });
    afterAll(() => h.close());
    beforeEach(async () => {
      await h.db.reset();
      queueName = testQueueName("cli");
      env = {
        TEST_PROVIDER: provider,
        DATABASE_URL: h.db.url,
        REDIS_URL,
        QUEUE_NAME: queueName,
        QUEUE_PREFIX: REDIS_PREFIX,
      };
      webLog = recordingLogger();
      web = h.make({ queue: testBullmqQueue("web", { queueName }), logger: webLog.logger });
    });
    afterEach(async () => {
      for (const child of workers.splice(0)) {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
      await removeQueue(queueName);
    });

    it(`two worker processes apply each of ${EVENTS} events (with duplicates) exactly once; SIGTERM waits for the delivery in hand`, async () => {
      // SQLite reports a mode another process set once it next reads the file.
      const journalMode = async () => {
        await h.ledgerCount();
        const [row] =
          await h.prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
        return row?.journal_mode;
      };
      if (provider === "sqlite") expect(await journalMode()).toBe("delete");
      // Each worker's claims wait at a barrier until both have one in hand (see
      // src/lib/claim-barrier.ts in the worker app): all of the first one's slots are held, so
      // the other takes the next job, and both end up applying deliveries whatever the load.
      const barrier = { CLAIM_BARRIER: "1" };
      const [first, second] = (await Promise.all([startWorker(barrier), startWorker(barrier)])) as [
        ReturnType<typeof forkTs>,
        ReturnType<typeof forkTs>,
      ];
      if (provider === "sqlite") expect(await journalMode()).toBe("wal");
      const claiming = (child: ReturnType<typeof forkTs>) =>
        nextMessage<{ claiming: string[]; pid: number }>(
          child,
          (m) => typeof m === "object" && m !== null && "claiming" in m,
          120_000,
        );
      const bothClaiming = Promise.all([claiming(first), claiming(second)]).then((claims) => {
        for (const child of [first, second]) child.send("release-claims");
        return claims;
      });
      const deliveries = Array.from({ length: EVENTS }, () =>
        signPayload(fixture("user.created"), { secret: h.secret }),
      );
      // Every third delivery twice more, every fifth once more: redeliveries while it is
      // queued, running or done.
      const sends = deliveries.flatMap((d, i) => [
        d,
        ...(i % 3 === 0 ? [d] : []),
        ...(i % 5 === 0 ? [d, d] : []),
      ]);
      const started = Date.now();
      for (let i = 0; i < sends.length; i += 50) {
        await Promise.all(sends.slice(i, i + 50).map(post));
      }
      const claims = await bothClaiming;
      expect(claims.map((c) => c.pid)).toEqual([first.pid, second.pid]);
      // No delivery is held by both.
      const held = claims.flatMap((c) => c.claiming);
      expect(held.length).toBeGreaterThanOrEqual(2);
      expect(new Set(held).size).toBe(held.length);
      await eventually(
        () => h.prisma.clerkWebhookEvent.count({ where: { status: "done" } }),
        (done) => done === EVENTS,
        { timeoutMs: 180_000, intervalMs: 200, message: `all ${EVENTS} deliveries to be done` },
      );
      console.info(
        `${provider}: ${sends.length} posts, ${EVENTS} deliveries applied by 2 worker processes in ${Date.now() - started} ms`,
      );

      expect(await h.ledgerCount()).toBe(EVENTS);
      const perEvent = await h.prisma.testEffect.groupBy({ by: ["eventId"], _count: true });
      expect(perEvent).toHaveLength(EVENTS);
      expect(perEvent.filter((e) => e._count !== 1)).toEqual([]);
      const ids = new Set(deliveries.map((d) => d.svixId));
      expect(perEvent.every((e) => ids.has(e.eventId))).toBe(true);
      // Both processes did part of the work (each at least the delivery it held at the
      // barrier), and none needed a second attempt (no SQLITE_BUSY).
      const perWorker = await h.prisma.testEffect.groupBy({ by: ["key"], _count: true });
      expect(perWorker.map((w) => w.key).sort()).toEqual(
        [`pid:${first.pid}`, `pid:${second.pid}`].sort(),
      );
      for (const { claiming: ids, pid } of claims) {
        expect(ids.length).toBeGreaterThan(0);
        const effects = await h.prisma.testEffect.findMany({ where: { eventId: { in: ids } } });
        expect(effects.map((e) => e.key)).toEqual(ids.map(() => `pid:${pid}`));
      }
      const attempts = await h.prisma.clerkWebhookEvent.aggregate({ _max: { attempts: true } });
      expect(attempts._max.attempts).toBe(1);

      // A slow delivery in hand when the workers are told to stop: it finishes first.
      const slow = signPayload(
        fixture("user.created", { data: { public_metadata: { slowMs: 1_000 } } }),
        { secret: h.secret },
      );
      await post(slow);
      await h.until(slow.svixId, (r) => r.status === "processing");
      first.kill("SIGTERM");
      second.kill("SIGTERM");
      expect(await Promise.all([exited(first), exited(second)])).toEqual([0, 0]);
      expect(first.output()).toMatch(/SIGTERM, finishing the deliveries in hand…[\s\S]*stopped\./);
      expect((await h.row(slow.svixId)).status).toBe("done");
    }, 300_000);

    it("sweep and replay schedule for the workers; Prisma's errors reach the ledger; a second signal stops at once", async () => {
      const worker = await startWorker();
      // Recorded by a web process that died before scheduling anything.
      const crashed = h.make();
      const record = (delivery: ReturnType<typeof signPayload>) =>
        deliver(crashed, delivery, { recordOnly: true });
      const pending = signPayload(fixture("user.created"), { secret: h.secret });
      await record(pending);
      const dead = signPayload(fixture("user.created"), { secret: h.secret });
      await record(dead);
      await h.prisma.clerkWebhookEvent.update({
        where: { id: dead.svixId },
        data: { status: "dead", attempts: 8, lastError: "Error: it broke" },
      });

      const [swept, replayed] = await Promise.all([
        bin(["sweep", "--config", "src/lib/clerk-sync.ts"], app, { ...env, PENDING_GRACE_MS: "0" }),
        bin(["replay", dead.svixId, "-c", "src/lib/clerk-sync.ts"], app, env),
      ]);
      // The sweep may also find the dead one made due by the replay meanwhile.
      expect(swept.output).toMatch(/Scheduled [12] deliver(y|ies), queued for the workers/);
      expect(swept.code).toBe(0);
      expect(replayed.output).toMatch(/was dead after 8 attempt\(s\)\): queued for the workers/);
      expect(replayed.code).toBe(0);
      await h.until(pending.svixId, (r) => r.status === "done");
      const done = await h.until(dead.svixId, (r) => r.status === "done");
      expect(done.attempts).toBe(1);
      expect(await h.effects(`pid:${worker.pid}`)).toBe(2);

      // An error from the app's own Prisma query reaches the ledger as Prisma reported it.
      const bad = signPayload(
        fixture("user.created", { data: { public_metadata: { badQuery: true } } }),
        { secret: h.secret },
      );
      await post(bad);
      const failed = await h.until(bad.svixId, (r) => r.lastError !== null);
      expect(failed.lastError).toMatch(/PrismaClientValidationError[\s\S]*key/);

      // Stopping while a long delivery runs: the second signal does not wait for it; its lease
      // hands it to another worker later.
      const stuck = signPayload(
        fixture("user.created", { data: { public_metadata: { slowMs: 30_000 } } }),
        { secret: h.secret },
      );
      await post(stuck);
      await h.until(stuck.svixId, (r) => r.status === "processing");
      worker.kill("SIGTERM");
      await eventually(
        async () => worker.output(),
        (output) => /finishing/.test(output),
      );
      worker.kill("SIGINT");
      expect(await exited(worker)).toBe(130);
      expect(worker.output()).toMatch(/stopped without waiting/);
      expect((await h.row(stuck.svixId)).status).toBe("processing");
      expect(await h.effects(`pid:${worker.pid}`)).toBe(2);
    }, 180_000);
  },
);

describe("clerk-sync commands explain a configuration they cannot use", () => {
  let app: string;
  beforeAll(() => {
    app = writeWorkerApp(`config-app-${process.env.VITEST_POOL_ID ?? 0}`);
  });

  /** The CLI in this process, with what it prints. */
  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { ...process.env },
      cwd: app,
      onStop: () => () => {},
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("a queue without workers, a module that fails, no clerkSync export, no such file", async () => {
    const inline = await cli(["worker", "--config", "src/lib/inline.ts"]);
    expect(inline.code).toBe(1);
    expect(inline.err).toMatch(/"inline", which processes inside the web process/);
    expect(inline.err).toMatch(/bullmqQueue/);

    const broken = await cli(["sweep", "--config", "src/lib/broken.ts"]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/failed to load: Error: NEEDED_BY_BROKEN is not set/);
    expect(broken.err).toMatch(/variables it reads/);

    const none = await cli(["replay", "msg_x", "--config", "src/lib/no-export.ts"]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/does not export clerkSync \(it exports somethingElse\)/);

    const missing = await cli(["worker", "--config", "src/lib/nope.ts"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/No file at .*nope\.ts/);
  });

  it("bad arguments, and each command's help", async () => {
    const bad = await cli(["worker", "--concurrency", "zero"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--concurrency must be a whole number/);
    const extra = await cli(["sweep", "now"]);
    expect(extra.code).toBe(2);
    const noId = await cli(["replay"]);
    expect(noId.code).toBe(2);
    expect(noId.err).toMatch(/needs the svix-id/);
    const help = await cli(["worker", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: clerk-sync worker/);
  });
});
