import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../src/cli/run.js";
import { instancesCheck } from "../src/doctor/instances.js";
import type { ClerkSync } from "../src/index.js";
import { fixture, signPayload } from "../src/testing/index.js";
import { deliver, effectHandlers, type Harness, openHarness } from "./support/harness.js";
import { makeSync, post } from "./support/sync.js";

const USER = "user_2ReplayInstance000000000000";

describe.each(inject("providers"))("forced replay and the instance guard on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;

  beforeAll(async () => {
    h = await openHarness(provider, "replay");
    // The kit's sync, then the app's hooks (one TestEffect row per applied user event).
    sync = makeSync(h, { hooks: effectHandlers(h.failures) });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await h.db.reset();
  });

  const created = (firstName: string, updatedAt: number) =>
    fixture("user.created", {
      data: { id: USER, first_name: firstName, updated_at: updatedAt },
      timestamp: updatedAt,
    });
  const userRow = () => h.prisma.clerkUser.findUniqueOrThrow({ where: { id: USER } });

  /** A done user.created, whose synced row was then lost (or hand-edited) in the database. */
  async function doneThenLost(): Promise<string> {
    const id = await post(h, sync, created("Ada", 1_700_000_000_000));
    await sync.queue.drain();
    expect(await h.effects(USER)).toBe(1);
    await h.prisma.clerkUser.delete({ where: { id: USER } });
    return id;
  }

  it("a redelivery of a done delivery changes nothing, and replay without force is refused", async () => {
    const event = created("Ada", 1_700_000_000_000);
    const delivery = signPayload(event, { secret: h.secret });
    await deliver(sync, delivery);
    await sync.queue.drain();
    await h.prisma.clerkUser.update({ where: { id: USER }, data: { firstName: "Edited" } });
    // Clerk Dashboard and CLI replays resend the same svix-id: answered as a duplicate.
    const again = await deliver(sync, delivery);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await sync.queue.drain();
    expect((await userRow()).firstName).toBe("Edited");
    expect(await h.effects(USER)).toBe(1);
    await expect(sync.replay(delivery.svixId)).rejects.toMatchObject({
      code: "EVENT_NOT_REPLAYABLE",
      suggestion: expect.stringMatching(/--force/),
    });
  });

  it("--force without hooks re-runs the kit's sync only, through the version guard", async () => {
    const id = await doneThenLost();
    const reopened = await sync.replay(id, { force: true });
    expect(reopened).toMatchObject({ status: "pending", attempts: 0, replayHooks: false });
    await sync.queue.drain();
    expect(await h.row(id)).toMatchObject({ status: "done", attempts: 1, replayHooks: null });
    expect((await userRow()).firstName).toBe("Ada");
    // The app's hook did not run a second time.
    expect(await h.effects(USER)).toBe(1);

    // A newer version from a later event stays: the replay goes through the version guard.
    await post(h, sync, {
      ...fixture("user.updated", {
        data: { id: USER, first_name: "Newer", updated_at: 1_700_000_100_000 },
      }),
    });
    await sync.queue.drain();
    await sync.replay(id, { force: true });
    await sync.queue.drain();
    expect(await h.row(id)).toMatchObject({ status: "done" });
    expect((await userRow()).firstName).toBe("Newer");
  });

  it("--force with hooks runs the app's hooks again as well", async () => {
    const id = await doneThenLost();
    const reopened = await sync.replay(id, { force: true, hooks: true });
    expect(reopened).toMatchObject({ status: "pending", replayHooks: true });
    await sync.queue.drain();
    expect(await h.row(id)).toMatchObject({ status: "done", replayHooks: null });
    expect((await userRow()).firstName).toBe("Ada");
    expect(await h.effects(USER)).toBe(2);
  });

  it("refuses a sync-only replay where only hooks handle the type", async () => {
    const hooksOnly = h.make();
    const id = await post(h, hooksOnly, created("Ada", 1_700_000_000_000));
    await hooksOnly.queue.drain();
    await expect(hooksOnly.replay(id, { force: true })).rejects.toMatchObject({
      code: "EVENT_NOT_REPLAYABLE",
      message: expect.stringMatching(/without hooks would run nothing/),
    });
    expect(await h.row(id)).toMatchObject({ status: "done" });
  });

  it("records the envelope's instance_id, and refuses a delivery from another instance with INSTANCE_MISMATCH", async () => {
    const guarded = makeSync(h, { instanceId: "ins_2Production00000000000000" });
    const ours = fixture("user.created", {
      data: { id: USER },
      instance_id: "ins_2Production00000000000000",
    });
    const id = await post(h, guarded, ours);
    await guarded.queue.drain();
    expect(await h.row(id)).toMatchObject({
      status: "done",
      instanceId: "ins_2Production00000000000000",
    });

    const theirs = fixture("user.updated", {
      data: { id: USER, first_name: "FromDevelopment", updated_at: Date.now() + 60_000 },
      instance_id: "ins_2Development0000000000000",
    });
    const delivery = signPayload(theirs, { secret: h.secret });
    const response = await deliver(guarded, delivery);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: "INSTANCE_MISMATCH", message: expect.stringContaining("ins_2Development") },
    });
    await guarded.queue.drain();
    expect(await h.prisma.clerkWebhookEvent.count()).toBe(1);
    expect((await userRow()).firstName).not.toBe("FromDevelopment");

    // Without an expected instance, both are recorded, and doctor reports the mix.
    expect(await instancesCheck(h.prisma, undefined)).toMatchObject({ status: "ok" });
    expect((await deliver(sync, delivery)).status).toBe(200);
    await sync.queue.drain();
    const mixed = await instancesCheck(h.prisma, undefined);
    expect(mixed).toMatchObject({ id: "instances", status: "fail" });
    expect(mixed.detail).toMatch(/2 Clerk instance\(s\)/);
    expect(mixed.detail).toMatch(/ins_2Production\w* \(1\)/);
    expect(mixed.detail).toMatch(/ins_2Development\w* \(1\)/);
  });

  it("reads the expected instance from CLERK_INSTANCE_ID, and lets an envelope without instance_id through", async () => {
    const previous = process.env.CLERK_INSTANCE_ID;
    process.env.CLERK_INSTANCE_ID = "ins_2Production00000000000000";
    try {
      const other = signPayload(
        fixture("user.created", { data: { id: USER }, instance_id: "ins_2Other00000000000000000" }),
        { secret: h.secret },
      );
      expect((await deliver(sync, other)).status).toBe(409);
      const { instance_id: _none, ...anonymous } = fixture("user.created", { data: { id: USER } });
      const id = await post(h, sync, anonymous);
      await sync.queue.drain();
      expect(await h.row(id)).toMatchObject({ status: "done", instanceId: null });
      expect(await instancesCheck(h.prisma, "ins_2Production00000000000000")).toMatchObject({
        status: "skip",
      });
    } finally {
      if (previous === undefined) delete process.env.CLERK_INSTANCE_ID;
      else process.env.CLERK_INSTANCE_ID = previous;
    }
  });

  it.runIf(provider === "sqlite")("clerk-sync replay refuses --hooks without --force", async () => {
    const err: string[] = [];
    const code = await runCli(["replay", "msg_x", "--hooks"], {
      out: () => {},
      err: (line) => err.push(line),
      env: {},
      cwd: process.cwd(),
      onStop: () => () => {},
    });
    expect(code).toBe(2);
    expect(err.join("\n")).toMatch(/--hooks applies to a forced replay only/);
  });
});
