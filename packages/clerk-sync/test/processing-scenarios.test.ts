import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { ClerkSync } from "../src/index.js";
import { syncHandlers } from "../src/prisma/index.js";
import { type ScenarioDelivery, scenario, signPayload } from "../src/testing/index.js";
import { accept, eventually, type Harness, openHarness } from "./support/harness.js";

describe.each(inject("providers"))("scenarios through the kit's sync on %s", (provider) => {
  let h: Harness;
  let sync: ClerkSync;

  beforeAll(async () => {
    h = await openHarness(provider, "scenarios");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.db.reset();
    sync = h.make({ handlers: syncHandlers(["user", "organization", "organizationMembership"]) });
  });

  /** Post each delivery, one after the other, as Svix would; wait until all are applied. */
  async function send(deliveries: ScenarioDelivery[]) {
    const answers: boolean[] = [];
    for (const { svixId, payload } of deliveries) {
      const { duplicate } = await accept(sync, signPayload(payload, { secret: h.secret, svixId }));
      answers.push(duplicate);
    }
    await eventually(
      () => h.prisma.clerkWebhookEvent.count({ where: { status: { not: "done" } } }),
      (n) => n === 0,
      { message: "every delivery to be done" },
    );
    return answers;
  }

  const state = async () => ({
    users: await h.prisma.clerkUser.findMany({ orderBy: { id: "asc" } }),
    organizations: await h.prisma.clerkOrganization.findMany({ orderBy: { id: "asc" } }),
    memberships: await h.prisma.clerkOrganizationMembership.findMany({ orderBy: { id: "asc" } }),
  });

  it("signup-joins-org ends with the user, the organization (1 member) and an admin membership", async () => {
    await send(scenario("signup-joins-org").deliveries);
    const { users, organizations, memberships } = await state();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ firstName: "Ada", lastName: "Lovelace", deletedAt: null });
    expect(users[0]?.lastSignInAt).not.toBeNull();
    expect(organizations).toHaveLength(1);
    expect(organizations[0]).toMatchObject({ name: "Analytical Engines", membersCount: 1 });
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatchObject({
      role: "org:admin",
      userId: users[0]?.id,
      organizationId: organizations[0]?.id,
    });
  });

  it("duplicate-burst is recorded and applied once", async () => {
    const answers = await send(scenario("duplicate-burst").deliveries);
    expect(answers.filter((duplicate) => !duplicate)).toHaveLength(1);
    expect(await h.ledgerCount()).toBe(1);
    expect((await state()).users).toHaveLength(1);
  });

  it("out-of-order-storm ends in the same state as its history sent in order", async () => {
    const options = { seed: 2026, now: Date.now() };
    await send(scenario("out-of-order-storm", { ...options, inOrder: true }).deliveries);
    const inOrder = await state();
    await h.db.reset();
    await send(scenario("out-of-order-storm", options).deliveries);
    expect(await state()).toEqual(inOrder);

    const byName = new Map(inOrder.users.map((u) => [u.lastName, u]));
    expect(byName.get("Lovelace")).toMatchObject({ firstName: "Augusta Ada", deletedAt: null });
    expect(byName.get("Hopper")).toMatchObject({ firstName: "Grace Brewster", deletedAt: null });
    expect(byName.get("Turing")?.deletedAt).not.toBeNull();
    expect(inOrder.organizations[0]).toMatchObject({ name: "Difference Engines Ltd" });
    const live = inOrder.memberships.filter((m) => m.deletedAt === null);
    expect(live).toEqual([
      expect.objectContaining({ role: "org:admin", userId: byName.get("Hopper")?.id }),
    ]);
  });
});
