import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fixture, signPayload } from "../src/testing/index.js";
import { deliver, eventually, type Harness, openHarness } from "./support/harness.js";
import { TEST_ROOT } from "./support/providers.js";
import { exited, forkTs, nextMessage } from "./support/queue-harness.js";

const CHILD = path.join(TEST_ROOT, "support", "web-child.ts");
const DELIVERIES = 5;
/** The restarted process's lease and sweep interval: the bound on recovery. */
const LEASE_MS = 2_000;
const INTERVAL_MS = 2_000;
/** Room for processing itself on a loaded machine, on top of the bound. */
const SLACK_MS = 10_000;

describe.each(inject("providers"))("recovery on boot on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "recovery");
  });
  afterAll(() => h.close());

  /** A web process on the harness's database; resolves once it serves. */
  async function boot(options: { hang: boolean; intervalMs: number }) {
    const child = forkTs(CHILD, [], {
      env: {
        CLERK_SYNC_CHILD: JSON.stringify({
          provider,
          url: h.db.url,
          secret: h.secret,
          leaseMs: LEASE_MS,
          ...options,
        }),
      },
    });
    const { ready } = await nextMessage<{ ready: string }>(child, (m) => "ready" in m);
    return { child, url: ready };
  }

  it("startSweeper() sweeps at once: a delivery left pending is done with no request and long before the first interval", async () => {
    const recorder = h.make();
    const event = fixture("user.created");
    const delivery = signPayload(event, { secret: h.secret });
    await deliver(recorder, delivery, { recordOnly: true });
    expect((await h.row(delivery.svixId)).status).toBe("pending");

    const booted = h.make({ sweeper: { intervalMs: 60 * 60_000, pendingGraceMs: 0 } });
    booted.startSweeper();
    await h.until(delivery.svixId, "done");
    expect(await h.effects(event.data.id)).toBe(1);
  });

  it(`a web process killed (SIGKILL) with deliveries in flight: restarted, sent nothing, every delivery is done within lease + sweep interval (${LEASE_MS} + ${INTERVAL_MS} ms)`, async () => {
    // The first process never sweeps on its own during the test: its interval is an hour.
    const first = await boot({ hang: true, intervalMs: 60 * 60_000 });
    const events = Array.from({ length: DELIVERIES }, () => fixture("user.created"));
    const ids: string[] = [];
    for (const event of events) {
      const { svixId, body, headers } = signPayload(event, { secret: h.secret });
      const response = await fetch(first.url, { method: "POST", headers, body });
      expect(response.status).toBe(200);
      ids.push(svixId);
    }
    first.child.send({ go: true });
    await nextMessage(first.child, (m: { inHandler?: string }) => Boolean(m.inHandler));
    const before = await h.prisma.clerkWebhookEvent.findMany({ where: { id: { in: ids } } });
    const processing = before.filter((r) => r.status === "processing");
    expect(processing.length).toBeGreaterThan(0);
    expect(before.filter((r) => r.status === "pending").length).toBeGreaterThan(0);
    first.child.kill("SIGKILL");
    expect(await exited(first.child)).toBe("SIGKILL");

    // Timed from the restart itself: the bound includes the new process's boot.
    const restarted = Date.now();
    const second = await boot({ hang: false, intervalMs: INTERVAL_MS });
    try {
      const rows = await eventually(
        () => h.prisma.clerkWebhookEvent.findMany({ where: { id: { in: ids } } }),
        (rows) => rows.length === DELIVERIES && rows.every((r) => r.status === "done"),
        {
          timeoutMs: LEASE_MS + INTERVAL_MS + SLACK_MS,
          message: "every delivery to be done after the restart",
        },
      );
      const elapsed = Date.now() - restarted;
      const lastDone = Math.max(...rows.map((r) => r.processedAt?.getTime() ?? 0));
      console.info(
        `recovery on ${provider}: ${processing.length} in flight and ${DELIVERIES - processing.length} pending at the kill, all done ${lastDone - restarted} ms after the restart (boot included; lease ${LEASE_MS} + interval ${INTERVAL_MS} ms), seen after ${elapsed} ms`,
      );
      // The work in flight was rolled back with its process, then applied once by the new one.
      for (const [i, event] of events.entries()) {
        expect(await h.effects(event.data.id), `delivery ${ids[i]}`).toBe(1);
      }
      for (const row of rows.filter((r) => processing.some((p) => p.id === r.id))) {
        expect(row.attempts).toBe(2);
      }
    } finally {
      second.child.kill("SIGKILL");
      await exited(second.child);
    }
  });
});
