import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  inject,
  it,
  vi,
} from "vitest";
import type { SyncQueue } from "../src/index.js";
import { type Harness, openHarness } from "./support/harness.js";

/** A queue that only notes what it is given: what each sweep scheduled, and nothing runs. */
function notingQueue(): SyncQueue & { enqueued: string[] } {
  const enqueued: string[] = [];
  return {
    kind: "noting",
    enqueued,
    bind() {},
    async enqueue(id) {
      enqueued.push(id);
    },
    async drain() {},
    async close() {},
  };
}

describe.each(inject("providers"))("the periodic sweeper's defaults on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "sweeper");
  });
  afterAll(() => h.close());
  beforeEach(() => h.db.reset());
  afterEach(() => vi.restoreAllMocks());

  /** Ledger rows as a crash after the ack leaves them: pending, received `ageMs` ago. */
  async function pending(prefix: string, count: number, ageMs: number): Promise<string[]> {
    const receivedAt = new Date(Date.now() - ageMs);
    const ids = Array.from(
      { length: count },
      (_, i) => `msg_${prefix}_${String(i).padStart(4, "0")}`,
    );
    await h.prisma.clerkWebhookEvent.createMany({
      data: ids.map((id) => ({
        id,
        type: "user.created",
        payload: {},
        svixTimestamp: receivedAt,
        status: "pending",
        receivedAt,
      })),
    });
    return ids;
  }

  it("sweeps at once, then every 15 s; takes pending deliveries older than 30 s, 500 per sweep", async () => {
    const stale = await pending("stale", 501, 31_000);
    const recent = await pending("recent", 3, 20_000);
    const queue = notingQueue();
    // No sweeper options: the defaults under test.
    const sync = h.make({ queue, sweeper: undefined });
    const setInterval = vi.spyOn(globalThis, "setInterval");

    sync.startSweeper();
    // The sweep started at once; sweep() joins the pass in flight.
    expect(await sync.sweep()).toBe(500);
    const every = setInterval.mock.calls.filter(([, ms]) => ms === 15_000);
    expect(every).toHaveLength(1);
    // The oldest first; none of those within the 30 s grace.
    expect(queue.enqueued).toEqual(stale.slice(0, 500));

    // The 500 ran meanwhile; the next tick of the interval takes the one left over.
    await h.prisma.clerkWebhookEvent.updateMany({
      where: { id: { in: queue.enqueued } },
      data: { status: "done" },
    });
    queue.enqueued.length = 0;
    const tick = every[0]?.[0] as () => void;
    tick();
    expect(await sync.sweep()).toBe(1);
    expect(queue.enqueued).toEqual([stale[500]]);
    expect(queue.enqueued).not.toContain(recent[0]);

    // startSweeper is idempotent: no second timer.
    sync.startSweeper();
    expect(setInterval.mock.calls.filter(([, ms]) => ms === 15_000)).toHaveLength(1);
    await sync.close();
  });
});
