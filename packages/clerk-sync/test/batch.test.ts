import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { defineHandlers } from "../src/index.js";
import { syncHandlers } from "../src/prisma/index.js";
import { clerkId, fixture, signPayload } from "../src/testing/index.js";
import { accept, deliver, type Harness, openHarness, type TestTx } from "./support/harness.js";
import { createPrisma, type TestPrisma } from "./support/providers.js";
import { exited, forkTs, nextMessage } from "./support/queue-harness.js";

const CHILD = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "support/group-commit-child.ts",
);

const T0 = Date.UTC(2026, 0, 1);

describe.each(inject("providers"))("batched apply on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "batch");
  });
  afterAll(() => h.close());
  beforeEach(() => h.db.reset());

  /** Record deliveries in this order and schedule none of them (a worker picks them up). */
  async function recordOnly(sync: ReturnType<Harness["make"]>, events: object[]) {
    const ids: string[] = [];
    for (const event of events) {
      const delivery = signPayload(event as never, { secret: h.secret });
      const response = await deliver(sync, delivery, { recordOnly: true });
      expect(response.status).toBe(200);
      ids.push(delivery.svixId);
    }
    return ids;
  }

  it("a batch with one failing delivery commits the others and retries only that one", async () => {
    // Each handler writes its effect first and then, when told to, fails: only a rollback to the
    // delivery's own savepoint keeps its effect out while the others' stay.
    const runs = new Map<string, number>();
    const failing = new Set<string>();
    const handlers = defineHandlers<TestTx>({
      "user.created": async ({ tx, eventId, data }) => {
        runs.set(data.id, (runs.get(data.id) ?? 0) + 1);
        await tx.testEffect.create({ data: { eventId, key: data.id } });
        if (failing.has(data.id)) throw new Error(`simulated failure for ${data.id}`);
      },
    });
    const sync = h.make({ handlers, retry: { baseDelayMs: 20, maxDelayMs: 40 } });
    const events = [1, 2, 3].map(() => fixture("user.created"));
    const [a, b, c] = events.map((e) => e.data.id) as [string, string, string];
    failing.add(b);
    const [idA, idB, idC] = (await recordOnly(sync, events)) as [string, string, string];

    expect(await sync.processDue()).toBe(3);
    expect((await h.row(idA)).status).toBe("done");
    expect((await h.row(idC)).status).toBe("done");
    const failed = await h.row(idB);
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/simulated failure/);
    expect(await h.effects(a)).toBe(1);
    expect(await h.effects(b)).toBe(0);
    expect(await h.effects(c)).toBe(1);
    // The batch ran each handler once: it was not thrown away and run again delivery by delivery.
    expect([runs.get(a), runs.get(b), runs.get(c)]).toEqual([1, 1, 1]);

    failing.delete(b);
    await h.until(idB, (row) => row.nextAttemptAt !== null && row.nextAttemptAt <= new Date());
    expect(await sync.processDue()).toBe(1);
    const retried = await h.row(idB);
    expect(retried.status).toBe("done");
    expect(retried.attempts).toBe(2);
    expect(await h.effects(b)).toBe(1);
    expect([runs.get(a), runs.get(b), runs.get(c)]).toEqual([1, 2, 1]);
    expect(await h.effects()).toBe(3);
    expect(await sync.processDue()).toBe(0);
  });

  it("a batch holding two versions of one object applies the newer", async () => {
    const sync = h.make({ handlers: [syncHandlers(["user"])] });
    const id = clerkId("user");
    const version = (t: number, firstName: string) =>
      fixture("user.updated", {
        timestamp: t + 200,
        data: { id, first_name: firstName, created_at: T0, updated_at: t },
      });
    // The newer arrives first; the older, received after it, is claimed after it in the batch.
    const [newer, older] = (await recordOnly(sync, [
      version(T0 + 2_000, "Newer"),
      version(T0 + 1_000, "Older"),
    ])) as [string, string];

    expect(await sync.processDue()).toBe(2);
    const user = await h.prisma.clerkUser.findUniqueOrThrow({ where: { id } });
    expect(user.firstName).toBe("Newer");
    expect((await h.row(newer)).status).toBe("done");
    expect((await h.row(older)).status).toBe("done");
  });

  it("claims in batches: two workers claiming side by side never take the same delivery", async () => {
    const runs = new Map<string, number>();
    const handlers = defineHandlers<TestTx>({
      "user.created": async ({ tx, eventId, data }) => {
        runs.set(eventId, (runs.get(eventId) ?? 0) + 1);
        await tx.testEffect.create({ data: { eventId, key: data.id } });
      },
    });
    const one = h.make({ handlers });
    const two = h.make({ handlers });
    const ids = await recordOnly(
      one,
      Array.from({ length: 40 }, () => fixture("user.created")),
    );
    const drain = async (sync: typeof one) => {
      let claimed = 0;
      for (
        let n = await sync.processDue({ limit: 7 });
        n > 0;
        n = await sync.processDue({ limit: 7 })
      ) {
        claimed += n;
      }
      return claimed;
    };
    const [first, second] = await Promise.all([drain(one), drain(two)]);
    expect(first + second).toBe(40);
    expect(await h.effects()).toBe(40);
    expect(ids.every((id) => runs.get(id) === 1)).toBe(true);
  });
});

describe.each(inject("providers"))("group commit on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "group_commit");
  });
  afterAll(() => h.close());
  beforeEach(() => h.db.reset());

  it("a crash between a group commit and its 200s loses nothing: the redelivery is a duplicate, applied once", async () => {
    const events = Array.from({ length: 12 }, () => fixture("user.created"));
    const deliveries = events.map((event) => signPayload(event, { secret: h.secret }));
    const child = forkTs(CHILD, [], {
      env: { CLERK_SYNC_CHILD: JSON.stringify({ provider, url: h.db.url, secret: h.secret }) },
    });
    await nextMessage(child, (m: { ready?: boolean }) => m.ready === true);
    child.send(deliveries);
    const { answered } = await nextMessage<{ committed: boolean; answered: number }>(
      child,
      (m) => "committed" in m,
    );
    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    // Killed after the commit, before a single answer: Svix saw no 200 and delivers them all again.
    expect(answered).toBe(0);
    const rows = await h.prisma.clerkWebhookEvent.findMany({
      where: { id: { in: deliveries.map((d) => d.svixId) } },
    });
    // The first commit held the first arrival, or the whole burst: every committed row is intact.
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.status).toBe("pending");

    const fresh = h.make();
    const answers = await Promise.all(deliveries.map((d) => accept(fresh, d)));
    const committed = new Set(rows.map((r) => r.id));
    expect(answers.map((a) => a.duplicate)).toEqual(deliveries.map((d) => committed.has(d.svixId)));
    await fresh.queue.drain();
    for (const d of deliveries) expect((await h.row(d.svixId)).status).toBe("done");
    for (const e of events) expect(await h.effects(e.data.id)).toBe(1);
    expect(await h.ledgerCount()).toBe(deliveries.length);
  });

  it.runIf(provider === "sqlite")(
    "with an adapter that stores times as epoch milliseconds, the ledger's own SQL writes and compares times as Prisma does",
    async () => {
      const prisma = createPrisma(provider, h.db.url, { timestampFormat: "unixepoch-ms" });
      try {
        const sync = h.make({ prisma: prisma as unknown as TestPrisma });
        const events = [1, 2].map(() => fixture("user.created"));
        const ids: string[] = [];
        for (const event of events) {
          const delivery = signPayload(event, { secret: h.secret });
          expect((await deliver(sync, delivery, { recordOnly: true })).status).toBe(200);
          ids.push(delivery.svixId);
        }
        const stored = await prisma.$queryRawUnsafe<{ kind: string }[]>(
          "SELECT DISTINCT typeof(received_at) AS kind FROM clerk_webhook_events",
        );
        expect(stored).toEqual([{ kind: "integer" }]);
        // The batched claim compares next_attempt_at and locked_until with times it binds.
        expect(await sync.processDue()).toBe(2);
        for (const id of ids) expect((await h.row(id)).status).toBe("done");
      } finally {
        await prisma.$disconnect();
      }
    },
  );
});
