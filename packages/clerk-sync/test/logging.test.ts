import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { defineHandlers } from "../src/index.js";
import { fixture, generateSigningSecret, signPayload } from "../src/testing/index.js";
import { accept, deliver, type Harness, openHarness, type TestTx } from "./support/harness.js";
import { recordingLogger } from "./support/queue-harness.js";

/** Text found only in the payloads: if any of it reaches a log line, a payload leaked. */
const MARKERS = ["Quillonmarker", "Vantablackmarker", "leak.marker@example.com", "meta-marker-42"];

describe.each(inject("providers"))("what the kit logs on %s", (provider) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(provider, "logging");
  });
  afterAll(() => h.close());
  beforeEach(() => h.db.reset());

  const marked = () =>
    fixture("user.created", {
      data: {
        first_name: "Quillonmarker",
        last_name: "Vantablackmarker",
        email_addresses: [
          {
            object: "email_address",
            id: "idn_marker",
            email_address: "leak.marker@example.com",
            verification: null,
            linked_to: [],
          },
        ],
        primary_email_address_id: "idn_marker",
        public_metadata: { note: "meta-marker-42" },
      },
    });

  it("ids, types and error messages, never a payload, whatever happens to the delivery", async () => {
    const { logger, entries } = recordingLogger();
    // A hook that fails twice: logged failures, a retry, then done; another that always fails.
    let failures = 0;
    const flaky = defineHandlers<TestTx>({
      "user.created": async ({ data }) => {
        if (data.public_metadata?.always || failures++ < 2) throw new Error("the hook failed");
      },
    });
    const sync = h.make({
      logger,
      handlers: [flaky],
      retry: { baseDelayMs: 4, maxDelayMs: 8, maxAttempts: 3 },
      maxBodyBytes: 16 * 1024,
    });

    const recovering = signPayload(marked(), { secret: h.secret });
    await accept(sync, recovering);
    await h.until(recovering.svixId, "done");
    await accept(sync, recovering); // a duplicate

    const dying = marked();
    (dying.data.public_metadata as Record<string, unknown>).always = true;
    const dead = signPayload(dying, { secret: h.secret });
    await accept(sync, dead);
    await h.until(dead.svixId, "dead");

    // Refused deliveries: another endpoint's secret, a body over the limit, text with a NUL.
    const forged = signPayload(marked(), { secret: generateSigningSecret() });
    expect((await deliver(sync, forged)).status).toBe(400);
    const big = marked();
    (big.data.public_metadata as Record<string, unknown>).padding = "meta-marker-42 ".repeat(2000);
    expect((await deliver(sync, signPayload(big, { secret: h.secret }))).status).toBe(413);
    const nul = marked();
    nul.data.first_name = "Quillonmarker\u0000";
    const withNul = signPayload(nul, { secret: h.secret });
    await accept(sync, withNul);
    await h.until(withNul.svixId, (r) => r.status !== "pending" && r.status !== "processing");
    // An event type the kit does not know.
    const unknown = signPayload({ ...marked(), type: "user.markerized" }, { secret: h.secret });
    expect((await deliver(sync, unknown)).status).toBe(200);
    await sync.queue.drain();

    // Something was logged (the failures, the refusals), and none of it is payload text.
    expect(entries.filter((e) => e.level === "error").length).toBeGreaterThanOrEqual(3);
    const logged = JSON.stringify(entries);
    for (const marker of MARKERS) expect(logged).not.toContain(marker);
    expect(logged).not.toContain(h.secret);
    expect(logged).toContain(recovering.svixId);
  });
});
