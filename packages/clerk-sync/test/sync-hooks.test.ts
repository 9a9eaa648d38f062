import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { SyncQueue } from "../src/index.js";
import { defineHandlers } from "../src/index.js";
import { fixture } from "../src/testing/index.js";
import { type Harness, openHarness, type TestTx } from "./support/harness.js";
import { ledgerOf, makeSync, post, rowOf } from "./support/sync.js";

describe.each(inject("providers"))("app hooks after the sync on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "sync_hooks");
  });
  afterAll(() => h.close());
  beforeEach(() => h.db.reset());

  it("run after the sync, in its transaction: they see the synced row, their writes commit with it", async () => {
    const seen: Array<string | null | undefined> = [];
    const hooks = defineHandlers<TestTx>({
      "user.created": async ({ data, tx, eventId }) => {
        const row = await tx.clerkUser.findUnique({ where: { id: data.id } });
        seen.push(row?.primaryEmailAddress);
        await tx.testEffect.create({ data: { eventId, key: `welcome:${data.id}` } });
      },
    });
    const sync = makeSync(h, { hooks });
    const event = fixture("user.created");
    const svixId = await post(h, sync, event);
    await sync.queue.drain();
    expect(seen).toEqual(["ada@example.com"]);
    expect(await h.effects(`welcome:${event.data.id}`)).toBe(1);
    expect((await ledgerOf(h, [svixId])).get(svixId)?.status).toBe("done");
  });

  it("run once per delivery, however often it is redelivered", async () => {
    const hooks = defineHandlers<TestTx>({
      "organizationMembership.created": async ({ data, tx, eventId }) => {
        await tx.testEffect.create({ data: { eventId, key: data.id } });
      },
    });
    const sync = makeSync(h, { hooks });
    const event = fixture("organizationMembership.created");
    const svixId = await post(h, sync, event);
    await Promise.all([1, 2, 3].map(() => post(h, sync, event, { svixId })));
    await sync.queue.drain();
    await post(h, sync, event, { svixId });
    await sync.queue.drain();
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it("a failing hook rolls the sync back; the retry applies both", async () => {
    let failures = 1;
    const hooks = defineHandlers<TestTx>({
      "organization.created": async ({ data, tx, eventId }) => {
        await tx.testEffect.create({ data: { eventId, key: data.id } });
        if (failures-- > 0) throw new Error("the mail provider is down");
      },
    });
    // Processing is driven by hand, to look between the attempts.
    const sync = makeSync(h, { hooks, queue: manualQueue() });
    const event = fixture("organization.created");
    const svixId = await post(h, sync, event);
    const first = await sync.process(svixId);
    expect(first.status).toBe("failed");
    // Nothing of the failed attempt is left: neither the synced row nor the hook's write.
    expect(await rowOf(h, "clerkOrganization", event.data.id)).toBeNull();
    expect(await h.effects(event.data.id)).toBe(0);

    if (first.status !== "failed") return;
    await new Promise((resolve) => setTimeout(resolve, first.retryAt.getTime() - Date.now() + 5));
    expect((await sync.process(svixId)).status).toBe("done");
    const done = (await ledgerOf(h, [svixId])).get(svixId);
    expect(done?.attempts).toBe(2);
    expect(await rowOf(h, "clerkOrganization", event.data.id)).toMatchObject({
      name: "Analytical Engines",
    });
    expect(await h.effects(event.data.id)).toBe(1);
  });
});

/** A queue that schedules nothing: the test calls `process` itself. */
function manualQueue(): SyncQueue {
  return { kind: "manual", bind() {}, async enqueue() {}, async drain() {}, async close() {} };
}
