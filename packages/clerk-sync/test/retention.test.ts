import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { fixture, signPayload } from "../src/testing/index.js";
import {
  accept,
  deliver,
  effectHandlers,
  eventually,
  type Harness,
  openHarness,
} from "./support/harness.js";
import { CLI_MAIN } from "./support/queue-app.js";
import { exited, forkTs } from "./support/queue-harness.js";
import { makeSync, rowOf } from "./support/sync.js";
import { writeSyncApp } from "./support/sync-app.js";

const DAY = 24 * 60 * 60_000;

describe.each(inject("providers"))("ledger retention on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "retention");
  });
  beforeEach(() => h.db.reset());
  afterAll(() => h.close());

  /** Make a delivery look `days` old (received and processed then) and in `status`. */
  async function age(id: string, days: number, status?: string) {
    const at = new Date(Date.now() - days * DAY);
    await h.prisma.clerkWebhookEvent.update({
      where: { id },
      data: { receivedAt: at, ...(status ? { status } : {}) },
    });
  }

  it("deletes finished rows past the id window, empties finished payloads past the payload window, and never touches failed, dead, pending or processing ones", async () => {
    const sync = h.make();
    const statuses = ["done", "skipped", "failed", "dead", "pending", "processing"];
    const ages = [10, 40, 100];
    const made: { id: string; subject: string; status: string; days: number }[] = [];
    for (const status of statuses) {
      for (const days of ages) {
        // A few of each, so the 2-row batches below take several rounds.
        for (let n = 0; n < 3; n++) {
          const event = fixture("user.created");
          const delivery = signPayload(event, { secret: h.secret });
          await deliver(sync, delivery, { recordOnly: true });
          await age(delivery.svixId, days, status);
          made.push({ id: delivery.svixId, subject: event.data.id, status, days });
        }
      }
    }

    const result = await sync.prune({ payloadDays: 30, idDays: 90, batchSize: 2 });

    const finished = (s: string) => s === "done" || s === "skipped";
    const rows = new Map(
      (await h.prisma.clerkWebhookEvent.findMany()).map((row) => [row.id, row] as const),
    );
    for (const { id, subject, status, days } of made) {
      const row = rows.get(id);
      const label = `${status}, ${days} days old`;
      if (finished(status) && days > 90) {
        expect(row, label).toBeUndefined();
        continue;
      }
      expect(row, label).toBeDefined();
      expect(row?.status, label).toBe(status);
      expect(row?.subjectId, label).toBe(subject);
      if (finished(status) && days > 30) {
        expect(row?.payload, label).toEqual({});
        expect(row?.payloadPrunedAt, label).toBeInstanceOf(Date);
      } else {
        expect((row?.payload as { data?: { id?: string } } | undefined)?.data?.id, label).toBe(
          subject,
        );
        expect(row?.payloadPrunedAt, label).toBeNull();
      }
    }
    // 2 finished statuses × 3 deliveries past each window.
    expect(result).toMatchObject({ rowsDeleted: 6, payloadsRemoved: 6 });
    // A second run finds nothing left to do.
    expect(await sync.prune({ payloadDays: 30, idDays: 90 })).toMatchObject({
      rowsDeleted: 0,
      payloadsRemoved: 0,
    });
  });

  it("a redelivery of an id whose payload was pruned, within the id window, is still a duplicate: nothing runs again", async () => {
    const sync = makeSync(h, { hooks: effectHandlers(h.failures) });
    const event = fixture("user.created");
    const delivery = signPayload(event, { secret: h.secret });
    expect(await accept(sync, delivery)).toMatchObject({ duplicate: false });
    await sync.queue.drain();
    expect((await h.row(delivery.svixId)).status).toBe("done");
    await age(delivery.svixId, 40);
    expect(await sync.prune()).toMatchObject({ payloadsRemoved: 1, rowsDeleted: 0 });
    const user = await rowOf(h, "clerkUser", event.data.id);

    expect(await accept(sync, delivery)).toMatchObject({ duplicate: true });
    await sync.queue.drain();
    const row = await h.row(delivery.svixId);
    expect(row).toMatchObject({ status: "done", attempts: 1, payload: {} });
    expect(await h.effects(event.data.id)).toBe(1);
    expect(await rowOf(h, "clerkUser", event.data.id)).toEqual(user);
  });

  it("a forced replay of a delivery whose payload was pruned is refused, and the row stays done", async () => {
    const sync = makeSync(h, { hooks: effectHandlers(h.failures) });
    const event = fixture("user.created");
    const delivery = signPayload(event, { secret: h.secret });
    await accept(sync, delivery);
    await sync.queue.drain();
    await age(delivery.svixId, 40);
    await sync.prune();

    await expect(sync.replay(delivery.svixId, { force: true })).rejects.toMatchObject({
      code: "EVENT_NOT_REPLAYABLE",
      message: expect.stringContaining("removed by retention"),
    });
    expect(await h.row(delivery.svixId)).toMatchObject({
      status: "done",
      attempts: 1,
      payload: {},
    });
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("a redelivery after the id window is processed again, and the version guard leaves the synced row as it was", async () => {
    const sync = makeSync(h, { hooks: effectHandlers(h.failures) });
    const created = fixture("user.created");
    const first = signPayload(created, { secret: h.secret });
    await accept(sync, first);
    await sync.queue.drain();
    // A later change to the same user: the row now holds a newer version.
    const updated = fixture("user.updated", {
      data: {
        id: created.data.id,
        first_name: "Later",
        updated_at: created.data.updated_at + 60_000,
      },
    });
    await accept(sync, signPayload(updated, { secret: h.secret }));
    await sync.queue.drain();
    const before = await rowOf(h, "clerkUser", created.data.id);
    expect(before).toMatchObject({ firstName: "Later" });
    const hooksRun = await h.effects(created.data.id);

    await age(first.svixId, 100);
    expect(await sync.prune()).toMatchObject({ rowsDeleted: 1 });
    expect(await h.prisma.clerkWebhookEvent.count({ where: { id: first.svixId } })).toBe(0);

    // Svix (or a Dashboard replay) sends the old delivery again.
    expect(await accept(sync, first)).toMatchObject({ duplicate: false });
    await sync.queue.drain();
    expect(await h.row(first.svixId)).toMatchObject({ status: "done", attempts: 1 });
    // Processed again: the app's hook ran a second time; the synced row kept the newer version.
    expect(await h.effects(created.data.id)).toBe(hooksRun + 1);
    expect(await rowOf(h, "clerkUser", created.data.id)).toEqual(before);
  });

  /** One finished delivery `days` old; returns its svix-id. */
  async function finished(sync: ReturnType<Harness["make"]>, days: number) {
    const delivery = signPayload(fixture("user.created"), { secret: h.secret });
    await deliver(sync, delivery, { recordOnly: true });
    await age(delivery.svixId, days, "done");
    return delivery.svixId;
  }

  it("the sweeper prunes on its schedule: on its first sweep, by the retention it was given", async () => {
    const recorder = h.make();
    const old = await finished(recorder, 100);
    const stale = await finished(recorder, 20);
    const booted = h.make({
      sweeper: { intervalMs: 60 * 60_000 },
      retention: { payloadDays: 10, idDays: 30, intervalMinutes: 60 },
    });
    booted.startSweeper();
    await eventually(
      () => h.prisma.clerkWebhookEvent.findMany({ where: { id: { in: [old, stale] } } }),
      (rows) => rows.length === 1 && rows[0]?.payloadPrunedAt !== null,
      { message: "the sweeper to prune" },
    );
    expect((await h.row(stale)).payload).toEqual({});
  });

  it("a sweeper with intervalMinutes 0 never prunes", async () => {
    const recorder = h.make();
    const old = await finished(recorder, 100);
    const booted = h.make({
      sweeper: { intervalMs: 60 * 60_000 },
      retention: { intervalMinutes: 0 },
    });
    await booted.sweep();
    await booted.close();
    expect((await h.row(old)).payloadPrunedAt).toBeNull();
  });

  it("clerk-sync prune prunes by the environment's windows, and its flags override them", async () => {
    const recorder = h.make();
    const old = await finished(recorder, 50);
    const middle = await finished(recorder, 8);
    const young = await finished(recorder, 3);
    const app = writeSyncApp(`retention-app-${provider}-${process.env.VITEST_POOL_ID ?? 0}`);
    const env = {
      TEST_PROVIDER: provider,
      DATABASE_URL: h.db.url,
      CLERK_SYNC_RETAIN_PAYLOAD_DAYS: "5",
      CLERK_SYNC_RETAIN_ID_DAYS: "40",
    };
    const bin = async (args: string[]) => {
      const child = forkTs(CLI_MAIN, ["prune", ...args], { cwd: app, env });
      return { code: await exited(child), output: child.output() };
    };

    const first = await bin([]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/Deleted 1 finished delivery .*; emptied the payload of 1 /);
    expect(await h.prisma.clerkWebhookEvent.count({ where: { id: old } })).toBe(0);
    expect((await h.row(middle)).payload).toEqual({});
    expect((await h.row(young)).payloadPrunedAt).toBeNull();

    const second = await bin(["--payload-days", "2"]);
    expect(second.code, second.output).toBe(0);
    expect((await h.row(young)).payload).toEqual({});

    const refused = await bin(["--id-days", "1"]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/idDays must be a whole number of at least 2/);
  }, 240_000);

  it("refuses windows that would forget ids within Svix's retry horizon, or before their payloads", () => {
    expect(() => h.make({ retention: { idDays: 1 } })).toThrow(
      /idDays must be a whole number of at least 2/,
    );
    expect(() => h.make({ retention: { payloadDays: 30, idDays: 10 } })).toThrow(
      /shorter than retention.payloadDays/,
    );
  });
});
